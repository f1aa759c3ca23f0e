// Where the Terraform lives, and which files are HCL.
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TERRAFORM_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../terraform');

const HCL = /\.(tf|tfvars|tftest\.hcl|hcl|hcl\.example)$/;

export const isHcl = (name) => HCL.test(name);

// Every HCL file under dir (recursively), and every file whose name matches also, skipping .terraform working
// directories. Sorted, absolute paths.
export function hclFiles(dir, also = /$^/) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.terraform') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...hclFiles(path, also));
    else if (HCL.test(entry.name) || also.test(entry.name)) found.push(path);
  }
  return found.sort();
}
