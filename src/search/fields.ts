/** Resolves field names and values: which fields exist, level names, numbers. */
import { parseLevel } from '../ingest/levels.js';
import { BUILTIN_FIELDS, LEVEL_NAMES, type BuiltinField, type Field } from './ast.js';
import { QueryError } from './errors.js';
import { FIELD_NAME } from './lexer.js';

const FIELD_LIST = `${BUILTIN_FIELDS.join(', ')}, or ctx.<path> for a context field`;

/** `level` → builtin, `ctx.http.status` → context path; anything else is refused. Names are case-insensitive, paths are not. */
export function resolveField(name: string, at: number): Field {
  const lower = name.toLowerCase();
  if ((BUILTIN_FIELDS as readonly string[]).includes(lower)) return { kind: 'builtin', name: lower as BuiltinField };
  if (lower.startsWith('ctx.') && FIELD_NAME.test(name.slice(4))) return { kind: 'ctx', path: name.slice(4).split('.') };
  if (lower === 'ctx') throw new QueryError(`'ctx' needs a path, like ctx.user_id, at ${at}`, at, name.length);
  const hint = lower === 'has' ? '' : ` (a context field is written ctx.${name})`;
  throw new QueryError(`unknown field '${name}' at ${at}: use ${FIELD_LIST}${hint}`, at, name.length);
}

/** A level name or alias (`warn`, `warning`) → its rank (0 = TRACE). */
export function levelRank(value: string, at: number): number {
  const level = parseLevel(value);
  if (!level) {
    throw new QueryError(`unknown level '${value}' at ${at}: use trace, debug, info, warn, error or fatal`, at, Math.max(value.length, 1));
  }
  return LEVEL_NAMES.indexOf(level);
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A finite decimal number, or null. */
export function toNumber(s: string): number | null {
  if (!NUMBER.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}
