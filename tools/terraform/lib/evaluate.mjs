// A small evaluator for the values the contract checks need: what a module's variable, local or attribute is in
// a given environment. It follows var.* (the argument a root passes, or the default), local.*, configured
// arguments of the module's resources, literals, string templates, tostring(), format() with one argument, and
// arithmetic. Anything else (a resource attribute, a data
// source, a function it does not know) is UNKNOWN for numbers, and is left as "${...}" inside strings, so that
// "emailpipeline-${local.environment}-archive-${data.aws_caller_identity.current.account_id}" evaluates to
// "emailpipeline-dev-archive-${data.aws_caller_identity.current.account_id}".
import { resolveSource, soleExpression } from './config.mjs';

export const UNKNOWN = Symbol('unknown');

const META = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each']);

export class Scope {
  // inputs: the module block's body when the config is called as a module, null for a root.
  constructor(config, inputs = null, parent = null) {
    this.config = config;
    this.inputs = inputs;
    this.parent = parent;
  }

  // The scope of a root's module call, or undefined when the call or its source is missing.
  static ofModuleCall(tree, rootScope, callName) {
    const call = rootScope.config.module[callName];
    const target = call && resolveSource(tree, rootScope.config, call.body.source);
    return target && new Scope(target, call.body, rootScope);
  }

  variable(name) {
    if (this.inputs && Object.hasOwn(this.inputs, name) && !META.has(name)) return evaluate(this.inputs[name], this.parent);
    const declared = this.config.variable[name];
    if (!declared || !Object.hasOwn(declared.body, 'default')) return UNKNOWN;
    return evaluate(declared.body.default, this);
  }

  local(name) {
    const declared = this.config.locals[name];
    return declared ? evaluate(declared.body, this) : UNKNOWN;
  }
}

export function evaluate(value, scope) {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => evaluate(item, scope));
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, scope)]));
  const sole = soleExpression(value);
  if (sole !== undefined) return evaluateExpression(sole, scope);
  return interpolate(value, scope);
}

// Splits a template into literal text and ${...} expressions (nesting-aware).
export function templateParts(text) {
  const parts = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      let depth = 1;
      let j = i + 2;
      for (; j < text.length && depth > 0; j++) {
        if (text[j] === '{') depth++;
        if (text[j] === '}') depth--;
      }
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ expression: text.slice(i + 2, j - 1) });
      i = j - 1;
    } else {
      literal += text[i];
    }
  }
  if (literal) parts.push({ literal });
  return parts;
}

function interpolate(text, scope) {
  return templateParts(text).map((part) => {
    if (part.literal !== undefined) return part.literal;
    const value = evaluateExpression(part.expression, scope);
    return value === UNKNOWN || typeof value === 'object' ? `\${${part.expression}}` : String(value);
  }).join('');
}

const REFERENCE = /(var|local)\.([A-Za-z_][A-Za-z0-9_-]*)/g;

export function evaluateExpression(expression, scope) {
  const e = expression.trim();
  let m;
  if ((m = /^var\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(e))) return scope.variable(m[1]);
  if ((m = /^local\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(e))) return scope.local(m[1]);
  if (/^-?[0-9]+(\.[0-9]+)?$/.test(e)) return Number(e);
  if (e === 'true' || e === 'false') return e === 'true';
  if (e === 'null') return null;
  if ((m = /^"((?:[^"\\]|\\.)*)"$/.exec(e))) return interpolate(m[1], scope);
  // A configured argument of a resource of the same module (what a plan knows before apply).
  if ((m = /^([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)$/.exec(e))) {
    const resource = scope.config.resource[`${m[1]}.${m[2]}`];
    if (resource && !resource.body.count && !resource.body.for_each && Object.hasOwn(resource.body, m[3])) return evaluate(resource.body[m[3]], scope);
    return UNKNOWN;
  }
  if ((m = /^tostring\((.*)\)$/.exec(e))) {
    const inner = evaluateExpression(m[1], scope);
    return inner === UNKNOWN ? UNKNOWN : String(inner);
  }
  if ((m = /^format\("([^"]*)",\s*(.*)\)$/.exec(e))) {
    const argument = evaluateExpression(m[2], scope);
    if (argument === UNKNOWN) return UNKNOWN;
    return m[1].replace(/%(0?)(\d*)([ds])/, (_, zero, width, kind) => {
      const text = kind === 'd' ? String(Math.trunc(argument)) : String(argument);
      return width ? text.padStart(Number(width), zero ? '0' : ' ') : text;
    });
  }
  // Arithmetic over numbers and var./local. references.
  if (/^[0-9\s+\-*/().]*((var|local)\.[A-Za-z_][A-Za-z0-9_-]*[0-9\s+\-*/().]*)*$/.test(e)) {
    let failed = false;
    const numeric = e.replace(REFERENCE, (ref, kind, name) => {
      const value = kind === 'var' ? scope.variable(name) : scope.local(name);
      if (typeof value !== 'number') failed = true;
      return `(${value})`;
    });
    if (!failed && /^[0-9\s+\-*/().]+$/.test(numeric)) return Function(`"use strict"; return (${numeric});`)();
  }
  return UNKNOWN;
}
