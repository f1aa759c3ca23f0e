// Canonical HCL layout, as `terraform fmt` produces it, for machines without terraform.
//
// A port of the whitespace rules of hclwrite (github.com/hashicorp/hcl/v2/hclwrite/format.go), which is what
// `terraform fmt` runs: indentation by bracket nesting (2 spaces a level), spacing between tokens, and vertical
// alignment of `=` (and of trailing comments) over consecutive single-line attribute lines. On top of it, the one
// rewrite `terraform fmt` makes that is not whitespace: an interpolation-only string ("${x}") becomes the bare
// expression. Heredocs and /* */ comments are not supported (this repository uses neither); they are reported
// rather than guessed at.
//
// formatHcl(text) returns { formatted, problems }, problems being [{ line, message }] with 1-based line numbers.

const TWO_CHAR = new Map([
  ['==', 'EqualOp'], ['!=', 'NotEqual'], ['<=', 'LessThanEq'], ['>=', 'GreaterThanEq'], ['&&', 'And'], ['||', 'Or'],
  ['=>', 'FatArrow'], ['::', 'DoubleColon'],
]);
const ONE_CHAR = new Map([
  ['{', 'OBrace'], ['}', 'CBrace'], ['[', 'OBrack'], [']', 'CBrack'], ['(', 'OParen'], [')', 'CParen'],
  [',', 'Comma'], ['.', 'Dot'], [':', 'Colon'], ['?', 'Question'], ['=', 'Equal'], ['<', 'LessThan'],
  ['>', 'GreaterThan'], ['!', 'Bang'], ['+', 'Plus'], ['-', 'Minus'], ['*', 'Star'], ['/', 'Slash'], ['%', 'Percent'],
]);

export class HclFormatError extends Error {
  constructor(line, message) {
    super(`line ${line}: ${message}`);
    this.line = line;
    this.detail = message;
  }
}

// Tokens: { type, text, line }. Newlines are tokens; a line comment includes (and ends) its line. An
// interpolation that spans lines is an error unless multilineInterpolations is set (for reading expressions, not
// for formatting them).
export function tokenize(src, { multilineInterpolations = false } = {}) {
  const tokens = [];
  let i = 0;
  let line = 1;
  const push = (type, text) => tokens.push({ type, text, line });

  // Scans tokens until the end of input, or (inTemplate) until the `}` that closes the current interpolation.
  function scan(inTemplate) {
    let depth = 0;
    while (i < src.length) {
      const c = src[i];
      if (c === ' ' || c === '\t') { i++; continue; }
      if (c === '\r') throw new HclFormatError(line, 'carriage return: use LF line endings');
      if (c === '\n') {
        if (inTemplate && !multilineInterpolations) throw new HclFormatError(line, 'an interpolation spans lines (not supported by this checker)');
        push('Newline', '\n'); i++; line++; continue;
      }
      if (c === '#' || (c === '/' && src[i + 1] === '/')) {
        const end = src.indexOf('\n', i);
        const text = end === -1 ? src.slice(i) : src.slice(i, end + 1);
        push('Comment', text);
        i += text.length;
        if (text.endsWith('\n')) line++;
        continue;
      }
      if (c === '/' && src[i + 1] === '*') throw new HclFormatError(line, '/* */ comment (not supported by this checker; use #)');
      if (c === '<' && src[i + 1] === '<') throw new HclFormatError(line, 'heredoc (not supported by this checker; use jsonencode() or a quoted string)');
      if (c === '"') { scanString(); continue; }
      if (/[A-Za-z_]/.test(c)) {
        const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i));
        push('Ident', m[0]); i += m[0].length; continue;
      }
      if (/[0-9]/.test(c)) {
        const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i));
        push('Number', m[0]); i += m[0].length; continue;
      }
      if (src.startsWith('...', i)) { push('Ellipsis', '...'); i += 3; continue; }
      const two = src.slice(i, i + 2);
      if (TWO_CHAR.has(two)) { push(TWO_CHAR.get(two), two); i += 2; continue; }
      if (ONE_CHAR.has(c)) {
        if (c === '{') depth++;
        if (c === '}') {
          if (inTemplate && depth === 0) { push('TemplateSeqEnd', '}'); i++; return; }
          depth--;
        }
        push(ONE_CHAR.get(c), c); i++; continue;
      }
      throw new HclFormatError(line, `unexpected character ${JSON.stringify(c)}`);
    }
    if (inTemplate) throw new HclFormatError(line, 'unterminated interpolation');
  }

  function scanString() {
    push('OQuote', '"');
    i++;
    let lit = '';
    const flush = () => { if (lit) { push('QuotedLit', lit); lit = ''; } };
    for (;;) {
      const c = src[i];
      if (c === undefined || c === '\n') throw new HclFormatError(line, 'unterminated string');
      if (c === '\\') { lit += src.slice(i, i + 2); i += 2; continue; }
      if ((c === '$' || c === '%') && src[i + 1] === c && src[i + 2] === '{') { lit += src.slice(i, i + 3); i += 3; continue; }
      if ((c === '$' || c === '%') && src[i + 1] === '{') {
        flush();
        push(c === '$' ? 'TemplateInterp' : 'TemplateControl', `${c}{`);
        i += 2;
        if (src[i] === '~') throw new HclFormatError(line, 'template strip marker (not supported by this checker)');
        scan(true);
        continue;
      }
      if (c === '"') { flush(); push('CQuote', '"'); i++; return; }
      lit += c;
      i++;
    }
  }

  scan(false);
  return tokens;
}

function bracketChange(t) {
  switch (t.type) {
    case 'OBrace': case 'OBrack': case 'OParen': case 'TemplateControl': case 'TemplateInterp': return 1;
    case 'CBrace': case 'CBrack': case 'CParen': case 'TemplateSeqEnd': return -1;
    default: return 0;
  }
}

const NEGATION_BEFORE = new Set([
  'Nil', 'OParen', 'OBrace', 'OBrack', 'Equal', 'Colon', 'Comma', 'Question', 'Plus', 'Star', 'Slash', 'Percent',
  'Minus', 'EqualOp', 'NotEqual', 'GreaterThan', 'GreaterThanEq', 'LessThan', 'LessThanEq', 'And', 'Or', 'Bang',
]);

// hclwrite's spaceAfterToken.
function spaceAfter(subject, before, after) {
  const s = subject.type;
  const a = after.type;
  if (a === 'Newline' || a === 'Nil') return false;
  if (s === 'Ident' && a === 'OParen') return false;
  if ((s === 'Ident' && a === 'DoubleColon') || (s === 'DoubleColon' && a === 'Ident')) return false;
  if (s === 'Dot' || a === 'Dot') return false;
  if (a === 'Comma' || a === 'Ellipsis') return false;
  if (s === 'Comma') return true;
  if (s === 'QuotedLit' || s === 'OQuote' || a === 'QuotedLit' || a === 'CQuote') return false;
  if (s === 'Ident' && subject.text === 'in' && before.type === 'Ident') return true;
  if (a === 'OBrack' && (s === 'Ident' || s === 'Number' || bracketChange(subject) < 0)) return false;
  if (s === 'Bang') return false;
  if (s === 'Minus') return !NEGATION_BEFORE.has(before.type);
  if (s === 'OBrace' || a === 'CBrace') return !(s === 'OBrace' && a === 'CBrace');
  if ((s === 'TemplateInterp' || s === 'TemplateControl') && a === 'OBrace') return true;
  if (s === 'CBrace' && a === 'TemplateSeqEnd') return true;
  if (s === 'TemplateSeqEnd' && (a === 'TemplateInterp' || a === 'TemplateControl')) return false;
  if (bracketChange(subject) > 0) return false;
  if (bracketChange(after) < 0) return false;
  return true;
}

const NIL = { type: 'Nil', text: '' };

function renderCell(cell) {
  let out = '';
  for (let k = 0; k < cell.length; k++) {
    if (k > 0) out += spaceAfter(cell[k - 1], k > 1 ? cell[k - 2] : NIL, cell[k]) ? ' ' : '';
    out += cell[k].type === 'Comment' ? cell[k].text.replace(/\n$/, '') : cell[k].text;
  }
  return out;
}

// Splits tokens into lines of { lead, assign, comment } cells, as hclwrite's linesForFormat does.
function formatLines(tokens) {
  const lines = [];
  let current = [];
  for (const t of tokens) {
    if (t.type === 'Newline') { lines.push(current); current = []; continue; }
    current.push(t);
    if (t.type === 'Comment' && t.text.endsWith('\n')) { lines.push(current); current = []; }
  }
  lines.push(current);
  return lines.map((lead) => {
    const line = { lead, assign: null, comment: null };
    if (lead.length > 1 && lead[lead.length - 1].type === 'Comment') {
      line.comment = lead.slice(-1);
      line.lead = lead.slice(0, -1);
    }
    for (let k = 1; k < line.lead.length; k++) {
      if (line.lead[k].type === 'Equal') {
        const net = line.lead.slice(k).reduce((n, t) => n + bracketChange(t), 0);
        if (net === 0) {
          line.assign = line.lead.slice(k);
          line.lead = line.lead.slice(0, k);
        }
        break;
      }
    }
    return line;
  });
}

// Interpolation-only strings: OQuote TemplateInterp ... TemplateSeqEnd CQuote with nothing else in the string.
function interpolationOnlyStrings(tokens) {
  const found = [];
  for (let k = 0; k + 1 < tokens.length; k++) {
    if (tokens[k].type !== 'OQuote' || tokens[k + 1].type !== 'TemplateInterp') continue;
    let depth = 0;
    let j = k + 1;
    for (; j < tokens.length; j++) {
      depth += bracketChange(tokens[j]);
      if (depth === 0) break;
    }
    if (tokens[j]?.type === 'TemplateSeqEnd' && tokens[j + 1]?.type === 'CQuote') found.push(tokens[k].line);
  }
  return found;
}

export function formatHcl(text) {
  const problems = [];
  let tokens;
  try {
    tokens = tokenize(text);
  } catch (error) {
    if (error instanceof HclFormatError) return { formatted: null, problems: [{ line: error.line, message: error.detail }] };
    throw error;
  }
  const lines = formatLines(tokens);

  // Indentation (formatIndent).
  const indents = [];
  const indentOf = lines.map((line) => {
    if (line.lead.length === 0) return 0;
    const net = [...line.lead, ...(line.assign ?? [])].reduce((n, t) => n + bracketChange(t), 0);
    if (net > 0) {
      const spaces = 2 * indents.length;
      indents.push(net);
      return spaces;
    }
    let closed = -net;
    while (closed > 0 && indents.length > 0) {
      const top = indents[indents.length - 1];
      if (closed > top) { closed -= top; indents.pop(); } else if (closed < top) { indents[indents.length - 1] -= closed; closed = 0; } else { indents.pop(); closed = 0; }
    }
    return 2 * indents.length;
  });

  const lead = lines.map((line, k) => (line.lead.length ? ' '.repeat(indentOf[k]) + renderCell(line.lead) : ''));
  const assign = lines.map((line) => (line.assign ? renderCell(line.assign) : null));
  const comment = lines.map((line) => (line.comment ? renderCell(line.comment) : null));

  // Alignment of `=` over runs of consecutive assignment lines (formatCells), then of trailing comments.
  const assignPad = new Array(lines.length).fill(1);
  for (let k = 0; k < lines.length;) {
    if (!lines[k].assign) { k++; continue; }
    let end = k;
    while (end < lines.length && lines[end].assign) end++;
    const width = Math.max(...lead.slice(k, end).map((l) => l.length));
    for (let j = k; j < end; j++) assignPad[j] = width - lead[j].length + 1;
    k = end;
  }
  const body = lines.map((line, k) => lead[k] + (line.assign ? ' '.repeat(assignPad[k]) + assign[k] : ''));
  const commentPad = new Array(lines.length).fill(1);
  for (let k = 0; k < lines.length;) {
    if (!lines[k].comment) { k++; continue; }
    let end = k;
    while (end < lines.length && lines[end].comment) end++;
    const width = Math.max(...body.slice(k, end).map((l) => l.length));
    for (let j = k; j < end; j++) commentPad[j] = width - body[j].length + 1;
    k = end;
  }
  const formattedLines = lines.map((line, k) => body[k] + (line.comment ? ' '.repeat(commentPad[k]) + comment[k] : ''));
  const formatted = formattedLines.join('\n');

  // Report line by line, naming the kind of difference.
  const actualLines = text.split('\n');
  for (let k = 0; k < formattedLines.length; k++) {
    const actual = actualLines[k] ?? '';
    const expected = formattedLines[k];
    if (actual === expected) continue;
    let why;
    if (/\t/.test(actual)) why = 'tab character (indent with 2 spaces)';
    else if (/[ \t]+$/.test(actual)) why = 'trailing whitespace';
    else if (actual.trimStart() === expected.trimStart()) why = `indented ${actual.length - actual.trimStart().length} spaces, expected ${expected.length - expected.trimStart().length} (2 per nesting level)`;
    else if (lines[k].assign && actual.replace(/\s+=/, ' =') === expected.replace(/\s+=/, ' =')) why = `"=" at column ${actual.indexOf('=') + 1}, expected column ${expected.indexOf('=') + 1} (aligned with the neighbouring single-line attributes)`;
    else why = 'spacing differs';
    problems.push({ line: k + 1, message: `${why}\n      found:    ${JSON.stringify(actual)}\n      expected: ${JSON.stringify(expected)}` });
  }
  for (const line of interpolationOnlyStrings(tokens)) {
    problems.push({ line, message: 'interpolation-only string "${...}": terraform fmt rewrites it to the bare expression' });
  }
  if (!text.endsWith('\n')) problems.push({ line: actualLines.length, message: 'no newline at the end of the file' });
  else if (/\n\s*\n$/.test(text)) problems.push({ line: actualLines.length - 1, message: 'blank line(s) at the end of the file' });
  problems.sort((x, y) => x.line - y.line);
  return { formatted, problems };
}
