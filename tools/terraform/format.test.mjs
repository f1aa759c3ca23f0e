// terraform fmt's layout is kept: 2-space indentation by nesting, no tabs, no trailing whitespace, aligned "=" in
// runs of single-line attributes, canonical spacing, no interpolation-only strings, a final newline.
// `node tools/terraform/fmt.mjs --write` fixes what this reports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHcl } from './lib/hclfmt.mjs';
import { assertClean, realTree } from './lib/testing.mjs';

test('every HCL file under terraform/ is in canonical format', async () => {
  const tree = await realTree();
  const problems = [];
  for (const [file, text] of tree.files) {
    if (file.endsWith('.md')) continue;
    for (const p of formatHcl(text).problems) problems.push(`${file}:${p.line}: ${p.message}`);
  }
  assertClean(problems);
});

const messages = (text) => formatHcl(text).problems.map((p) => `line ${p.line}: ${p.message}`);

const caught = (text, pattern) => {
  const found = messages(text);
  assert.ok(found.some((m) => pattern.test(m)), `expected ${pattern} for ${JSON.stringify(text)}, got ${JSON.stringify(found)}`);
};

test('the format check accepts canonical HCL of the kinds used here', () => {
  const canonical = [
    'resource "aws_sqs_queue" "this" {',
    '  name                      = var.name',
    '  receive_wait_time_seconds = 20',
    '',
    '  redrive_policy = jsonencode({',
    '    deadLetterTargetArn = aws_sqs_queue.dlq.arn',
    '    maxReceiveCount     = var.max_receive_count',
    '  })',
    '',
    '  tags = { Name = "x-${var.name}" }',
    '}',
    '',
    'locals {',
    '  ids   = [for subnet in aws_subnet.private : subnet.id if subnet != null]',
    '  count = var.single ? 1 : -1 + length(local.azs) * 2',
    '  first = aws_subnet.private[*].id',
    '  list = [',
    '    { name = "A", value = tostring(var.port) },',
    '  ]',
    '  # a comment',
    '  not = !var.enabled',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(messages(canonical), []);
});

test('the format check reports misaligned "="', () => {
  caught('a {\n  name = 1\n  longer_name = 2\n}\n', /line 2: "=" at column 8, expected column 15/);
});

test('the format check reports wrong indentation', () => {
  caught('a {\n   name = 1\n}\n', /line 2: indented 3 spaces, expected 2/);
  caught('a {\n  b {\n  c = 1\n  }\n}\n', /line 3: indented 2 spaces, expected 4/);
});

test('the format check reports tabs and trailing whitespace', () => {
  caught('a {\n\tname = 1\n}\n', /line 2: tab character/);
  caught('a {\n  name = 1  \n}\n', /line 2: trailing whitespace/);
});

test('the format check reports non-canonical spacing', () => {
  caught('a {\n  list = [ 1,2 ]\n}\n', /line 2: spacing differs/);
  caught('a {\n  call = length (var.x)\n}\n', /line 2: spacing differs/);
});

test('the format check reports interpolation-only strings', () => {
  caught('a {\n  name = "${var.name}"\n}\n', /line 2: interpolation-only string/);
});

test('the format check reports a missing final newline and trailing blank lines', () => {
  caught('a {\n  name = 1\n}', /no newline at the end of the file/);
  caught('a {\n  name = 1\n}\n\n', /blank line\(s\) at the end of the file/);
});

test('the format check refuses what it cannot format rather than guessing', () => {
  caught('a {\n  b = <<EOT\nx\nEOT\n}\n', /heredoc/);
  caught('/* block */\n', /\/\* \*\/ comment/);
  caught('a {\r\n}\r\n', /carriage return/);
});
