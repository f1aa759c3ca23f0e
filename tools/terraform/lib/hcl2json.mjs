// HashiCorp's HCL parser compiled to WebAssembly (@cdktf/hcl2json, installed in tools/node_modules from the lockfile).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const hcl2json = require('@cdktf/hcl2json');

// Memoized: the tests parse many near-identical copies of the tree (one per mutation).
const parsed = new Map();
const references = new Map();

export function parse(file, text) {
  const key = `${file}\0${text}`;
  if (!parsed.has(key)) parsed.set(key, hcl2json.parse(file, text));
  return parsed.get(key).then((json) => structuredClone(json));
}

export function getReferencesInExpression(file, expression) {
  if (!references.has(expression)) references.set(expression, hcl2json.getReferencesInExpression(file, expression));
  return references.get(expression);
}
