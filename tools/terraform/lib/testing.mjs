// Helpers for the tests: the real tree, and mutated copies of it that prove each check can fail.
import assert from 'node:assert/strict';
import { loadTree, readSources, treeFromSources } from './config.mjs';

let real;
let sources;

export async function realTree() {
  real ??= await loadTree();
  return real;
}

// The real sources with each [file, from, to] replacement applied. `from` must occur exactly once in the file, so
// a mutation that no longer matches the code fails loudly instead of testing nothing.
export async function mutatedTree(...mutations) {
  sources ??= readSources();
  const copy = { ...sources };
  for (const [file, from, to] of mutations) {
    assert.ok(file in copy, `mutation: no file ${file}`);
    const count = copy[file].split(from).length - 1;
    assert.equal(count, 1, `mutation: ${JSON.stringify(from)} occurs ${count} times in ${file}, expected once`);
    copy[file] = copy[file].replace(from, to);
  }
  return treeFromSources(copy);
}

// A tree of the real sources plus (or minus, with null) some files.
export async function treeWithFiles(files) {
  sources ??= readSources();
  const copy = { ...sources };
  for (const [file, text] of Object.entries(files)) {
    if (text === null) delete copy[file];
    else copy[file] = text;
  }
  return treeFromSources(copy);
}

export function assertClean(problems) {
  if (problems.length > 0) assert.fail(`${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
}

// The check found a problem matching pattern (and the message shows what it found otherwise).
export function assertCaught(problems, pattern) {
  assert.ok(problems.some((p) => pattern.test(p)), `expected a problem matching ${pattern}, got:\n  ${problems.join('\n  ') || '(none)'}`);
}
