// Loads the Terraform under terraform/ (or an in-memory set of files, for the tests that prove the checks can
// fail) with HashiCorp's HCL parser (@cdktf/hcl2json), and indexes it by configuration directory.
//
// A "tree" is { files, parsed, parseErrors, configs, tests }:
//   files        Map<relative path, text>           HCL files and READMEs
//   parsed       Map<relative path, JSON form of the HCL>
//   parseErrors  [{ file, message }]
//   configs      Map<relative directory, Config>   every directory holding .tf files
//   tests        Map<relative path, JSON>          *.tftest.hcl files
// A Config is { dir, kind: 'module' | 'root', fileNames, variable, output, locals, resource, data, ephemeral,
// module, terraform, provider }, each block map keyed by name (resources and data sources by "type.name") with
// { name, body, file }.
import { readFileSync } from 'node:fs';
import { posix, relative, sep } from 'node:path';
import { hclFiles, isHcl, TERRAFORM_DIR } from './files.mjs';
import { getReferencesInExpression, parse } from './hcl2json.mjs';
import { tokenReferences } from './references.mjs';

// Every HCL file and README.md under root, as { relative path: text }.
export function readSources(root = TERRAFORM_DIR) {
  const sources = {};
  for (const file of hclFiles(root, /(^|\/)README\.md$/)) sources[relative(root, file).split(sep).join('/')] = readFileSync(file, 'utf8');
  return sources;
}

export async function loadTree(root = TERRAFORM_DIR) {
  return treeFromSources(readSources(root));
}

export async function treeFromSources(sources) {
  const tree = { files: new Map(), parsed: new Map(), parseErrors: [], configs: new Map(), tests: new Map() };
  for (const [file, text] of Object.entries(sources)) {
    tree.files.set(file, text);
    if (!isHcl(file)) continue;
    try {
      tree.parsed.set(file, await parse(file, text));
    } catch (error) {
      tree.parseErrors.push({ file, message: String(error.message ?? error).trim() });
    }
  }
  for (const [file, json] of tree.parsed) {
    if (file.endsWith('.tftest.hcl')) { tree.tests.set(file, json); continue; }
    if (!file.endsWith('.tf')) continue;
    const dir = posix.dirname(file);
    if (!tree.configs.has(dir)) tree.configs.set(dir, emptyConfig(dir));
    addFile(tree.configs.get(dir), posix.basename(file), json);
  }
  return tree;
}

function emptyConfig(dir) {
  return {
    dir,
    kind: dir.startsWith('modules/') ? 'module' : 'root',
    fileNames: [],
    variable: {}, output: {}, locals: {}, resource: {}, data: {}, ephemeral: {}, module: {}, terraform: [], provider: {},
  };
}

function addFile(config, file, json) {
  config.fileNames.push(file);
  for (const kind of ['variable', 'output', 'module']) {
    for (const [name, bodies] of Object.entries(json[kind] ?? {})) config[kind][name] = { name, body: bodies[0], file };
  }
  for (const kind of ['resource', 'data', 'ephemeral']) {
    for (const [type, byName] of Object.entries(json[kind] ?? {})) {
      for (const [name, bodies] of Object.entries(byName)) config[kind][`${type}.${name}`] = { type, name, body: bodies[0], file };
    }
  }
  for (const block of json.locals ?? []) {
    for (const [name, value] of Object.entries(block)) config.locals[name] = { name, body: value, file };
  }
  for (const body of json.terraform ?? []) config.terraform.push({ body, file });
  for (const [name, bodies] of Object.entries(json.provider ?? {})) config.provider[name] = { name, body: bodies[0], file };
}

// The configuration a local module source points at, or undefined.
export function resolveSource(tree, config, source) {
  if (typeof source !== 'string' || !/^\.\.?\//.test(source)) return undefined;
  return tree.configs.get(posix.normalize(posix.join(config.dir, source)));
}

// Every block of a config as [{ kind, key, block }] (locals included), in a stable order.
export function blocksOf(config) {
  const out = [];
  for (const kind of ['variable', 'output', 'locals', 'resource', 'data', 'ephemeral', 'module', 'provider']) {
    for (const [key, block] of Object.entries(config[kind])) out.push({ kind, key, block });
  }
  config.terraform.forEach((block, index) => out.push({ kind: 'terraform', key: String(index), block }));
  return out;
}

export function describe(kind, key) {
  switch (kind) {
    case 'resource': return `resource ${key}`;
    case 'data': return `data.${key}`;
    case 'ephemeral': return `ephemeral.${key}`;
    case 'locals': return `local.${key}`;
    case 'variable': return `var.${key}`;
    default: return `${kind} "${key}"`;
  }
}

// Attributes whose strings are not expressions to resolve: lifecycle.ignore_changes names attributes, a
// variable's type is a type, a module's source and providers are not references.
const SKIP = { variable: new Set(['type']), module: new Set(['source', 'version', 'providers']) };

// All references made by a config: [{ ref, root, kind, key, file, iterators }]. ref is the traversal as
// hcl2json renders it ("var.x", "module.a.b", "aws_x.y.id", ...), plus those inside for-expression bodies, which
// hcl2json skips (references.mjs); iterators are the dynamic-block iterator names in scope where it appears.
export async function referencesOf(config) {
  const found = [];
  for (const { kind, key, block } of blocksOf(config)) {
    const strings = [];
    collectStrings(block.body, SKIP[kind] ?? new Set(), [], strings);
    for (const { value, iterators } of strings) {
      const refs = new Set((await getReferencesInExpression(block.file, value)).map((r) => r.value));
      for (const ref of tokenReferences(value)) if (![...refs].some((r) => r === ref || r.startsWith(`${ref}.`))) refs.add(ref);
      for (const ref of refs) found.push({ ref, root: ref.split('.')[0], kind, key, file: `${config.dir}/${block.file}`, iterators });
    }
  }
  return found;
}

function collectStrings(value, skip, iterators, out) {
  if (typeof value === 'string') {
    if (value.includes('${')) out.push({ value, iterators });
  } else if (Array.isArray(value)) {
    for (const item of value) collectStrings(item, new Set(), iterators, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (skip.has(k) || k === 'lifecycle') continue;
      if (k === 'dynamic') {
        for (const [label, bodies] of Object.entries(v)) {
          for (const body of bodies) {
            const iterator = typeof body.iterator === 'string' ? body.iterator : label;
            collectStrings(body, new Set(['iterator']), [...iterators, iterator], out);
          }
        }
        continue;
      }
      collectStrings(v, new Set(), iterators, out);
    }
  }
}

// The expression inside "${...}" when a value is exactly one interpolation, else undefined.
export function soleExpression(value) {
  if (typeof value !== 'string' || !value.startsWith('${') || !value.endsWith('}')) return undefined;
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '$' && value[i + 1] === '{') { depth++; i++; continue; }
    if (value[i] === '{') depth++;
    if (value[i] === '}') { depth--; if (depth === 0 && i !== value.length - 1) return undefined; }
  }
  return value.slice(2, -1);
}

// Blocks nested in a body (hcl2json renders blocks as arrays of objects), including those generated by a
// dynamic block of that name (their content).
export function nestedBlocks(body, name) {
  const direct = Array.isArray(body?.[name]) ? body[name] : [];
  const dynamic = (body?.dynamic?.[name] ?? []).flatMap((d) => d.content ?? []);
  return [...direct.map((b) => ({ body: b, dynamic: false })), ...dynamic.map((b) => ({ body: b, dynamic: true }))];
}
