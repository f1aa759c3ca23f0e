// References in an expression, found with the HCL tokenizer of hclfmt.mjs. hcl2json's getReferencesInExpression
// does not look inside the body of a for expression ([for x in var.l : local.y] yields only var.l), so the two
// are combined: this finds the traversals it skips.
import { tokenize } from './hclfmt.mjs';
import { templateParts } from './evaluate.mjs';

const KEYWORDS = new Set(['for', 'in', 'if', 'true', 'false', 'null']);

// value: a string as hcl2json renders it (a template, "${...}" for an expression). Returns traversals such as
// "var.x", "local.y", "aws_s3_bucket.this" (up to the first index; what is inside the index is found on its own),
// minus for-expression iterators.
export function tokenReferences(value) {
  const source = templateParts(value)
    .map((part) => (part.literal !== undefined ? part.literal.replace(/[\\"]/g, (c) => `\\${c}`) : `\${${part.expression}}`))
    .join('');
  let tokens;
  try {
    tokens = tokenize(`"${source}"`, { multilineInterpolations: true });
  } catch {
    return [];
  }
  const iterators = new Set();
  tokens.forEach((t, i) => {
    if (t.type !== 'Ident' || t.text !== 'for') return;
    for (let j = i + 1; j < tokens.length && !(tokens[j].type === 'Ident' && tokens[j].text === 'in'); j++) {
      if (tokens[j].type === 'Ident') iterators.add(tokens[j].text);
    }
  });
  const found = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== 'Ident' || KEYWORDS.has(t.text) || iterators.has(t.text)) continue;
    const previous = tokens[i - 1]?.type;
    const next = tokens[i + 1]?.type;
    if (previous === 'Dot' || previous === 'DoubleColon' || next === 'OParen' || next === 'Equal' || next === 'DoubleColon') continue;
    const parts = [t.text];
    let j = i + 1;
    for (;;) {
      if (tokens[j]?.type === 'Dot' && (tokens[j + 1]?.type === 'Ident' || tokens[j + 1]?.type === 'Number')) {
        parts.push(tokens[j + 1].text);
        j += 2;
      } else {
        break;
      }
    }
    found.push(parts.join('.'));
    i = j - 1;
  }
  return found;
}
