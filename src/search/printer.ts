/**
 * AST → canonical query string. Parsing the printed string yields a query with the same meaning, and
 * printing that again gives the same string (the property test relies on it).
 */
import { LEVEL_NAMES, fieldName, type QueryNode } from './ast.js';

/** Backslash-escapes what would otherwise end a word, start a field or act as a wildcard. */
function escapeWord(s: string): string {
  return s.replace(/[\s()"\\*:[\]{}<>]/gu, (c) => `\\${c}`);
}

function value(parts: string[]): string {
  if (parts.length === 1) {
    const v = parts[0]!;
    // A quoted phrase keeps keywords, a leading '-' and empty values literal.
    return v === '' || /^(AND|OR|NOT|TO)$/.test(v) || v.startsWith('-') ? `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"` : escapeWord(v);
  }
  return parts.map(escapeWord).join('*');
}

export function printQuery(node: QueryNode): string {
  switch (node.type) {
    case 'all':
      return '';
    case 'text':
      if (node.prefix) return `${node.tokens.join('.')}*`;
      return node.tokens.length === 1 && !/^(AND|OR|NOT)$/.test(node.tokens[0]!) ? node.tokens[0]! : `"${node.tokens.join(' ')}"`;
    case 'match': {
      const f = fieldName(node.field);
      if (node.field.kind === 'builtin' && node.field.name === 'level') return `level:${LEVEL_NAMES[Number(node.parts[0])]!.toLowerCase()}`;
      return `${f}:${value(node.parts)}`;
    }
    case 'compare': {
      const v = node.field.kind === 'builtin' ? LEVEL_NAMES[node.value]!.toLowerCase() : String(node.value);
      return `${fieldName(node.field)}:${node.op}${v}`;
    }
    case 'has':
      return `has:${fieldName(node.field)}`;
    case 'not': {
      const inner = printQuery(node.child);
      return node.child.type === 'and' || node.child.type === 'or' ? `-(${inner})` : `-${inner}`;
    }
    case 'and':
      return node.children.map((c) => (c.type === 'or' ? `(${printQuery(c)})` : printQuery(c))).join(' ');
    case 'or':
      return node.children.map((c) => (c.type === 'and' ? `(${printQuery(c)})` : printQuery(c))).join(' OR ');
  }
}
