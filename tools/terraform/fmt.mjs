#!/usr/bin/env node
// `terraform fmt` for machines without terraform, for the HCL this repository uses (see lib/hclfmt.mjs):
//   node tools/terraform/fmt.mjs            list the files under terraform/ that are not canonically formatted
//   node tools/terraform/fmt.mjs --write    rewrite them
// Exits 1 when a file is not formatted (without --write) or cannot be formatted.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { formatHcl } from './lib/hclfmt.mjs';
import { hclFiles, TERRAFORM_DIR } from './lib/files.mjs';

const write = process.argv.includes('--write');
let failed = false;
for (const file of hclFiles(TERRAFORM_DIR)) {
  const text = readFileSync(file, 'utf8');
  const { formatted, problems } = formatHcl(text);
  if (problems.length === 0) continue;
  const name = relative(process.cwd(), file);
  if (write && formatted !== null) {
    const fixed = `${formatted.replace(/\n+$/, '')}\n`;
    writeFileSync(file, fixed);
    const left = formatHcl(fixed).problems;
    if (left.length === 0) { console.log(`formatted ${name}`); continue; }
    problems.splice(0, problems.length, ...left);
  }
  failed = true;
  for (const p of problems) console.log(`${name}:${p.line}: ${p.message}`);
}
process.exit(failed ? 1 : 0);
