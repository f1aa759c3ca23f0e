// Every HCL file under terraform/ parses with HashiCorp's parser (hcl2json, the one terraform uses).
import { test } from 'node:test';
import { treeFromSources } from './lib/config.mjs';
import { assertCaught, assertClean, realTree } from './lib/testing.mjs';

test('every .tf, .tftest.hcl and .hcl file under terraform/ parses', async () => {
  const tree = await realTree();
  assertClean(tree.parseErrors.map((e) => `${e.file}: ${e.message}`));
  const counts = { tf: 0, tftest: 0 };
  for (const file of tree.parsed.keys()) {
    if (file.endsWith('.tftest.hcl')) counts.tftest++;
    else if (file.endsWith('.tf')) counts.tf++;
  }
  if (counts.tf < 40 || counts.tftest < 10) throw new Error(`found only ${counts.tf} .tf and ${counts.tftest} .tftest.hcl files: is terraform/ where the tests look (${[...tree.configs.keys()].join(', ')})?`);
});

test('the parse check reports a file that does not parse', async () => {
  const tree = await treeFromSources({ 'modules/broken/main.tf': 'resource "aws_sqs_queue" "q" {\n  name = \n}\n' });
  assertCaught(tree.parseErrors.map((e) => `${e.file}: ${e.message}`), /^modules\/broken\/main\.tf: .*(Missing expression|Invalid expression)/);
});
