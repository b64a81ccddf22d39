/**
 * Autocomplete for the query bar: what is being typed at the caret (a field name or a field's value),
 * the suggestions for it, and the text after one is picked. Pure, so it is tested without a browser.
 */
import { tokenize, type Token } from '../search-tokens';
import { quoteValue } from './clauses';

export interface CompletionContext {
  kind: 'field' | 'value';
  /** The field whose value is typed (`level`, `ctx.http.route`, `has`), for `value`. */
  field?: string;
  prefix: string;
  /** The span of text a picked suggestion replaces. */
  start: number;
  end: number;
}

export interface Suggestion {
  kind: 'field' | 'value' | 'recent';
  label: string;
  insert: string;
  detail?: string;
}

export interface CompletionSources {
  /** Context paths without the `ctx.` prefix, with their type when known. */
  contextFields: Array<{ path: string; type?: string }>;
  services: string[];
  projects: string[];
  recent: string[];
}

export const BUILTIN_FIELDS = ['level', 'service', 'project', 'env', 'host', 'version', 'trace_id', 'span_id', 'message', 'error', 'fingerprint'];
const LEVEL_VALUES = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

export function completionAt(text: string, caret: number): CompletionContext | null {
  const tokens = tokenize(text);
  const index = tokens.findIndex((t) => t.start < caret && caret <= t.end);
  const token: Token | undefined = tokens[index];
  if (!token || token.kind === 'space' || token.kind === 'paren') return { kind: 'field', prefix: '', start: caret, end: caret };
  const fieldBefore = (i: number) => {
    const previous = tokens[i - 1];
    if (previous?.kind === 'comparison') return tokens[i - 2]?.kind === 'field' ? tokens[i - 2] : undefined;
    return previous?.kind === 'field' ? previous : undefined;
  };
  if (token.kind === 'field' || token.kind === 'comparison') {
    if (caret !== token.end) return null;
    const field = token.kind === 'field' ? token : fieldBefore(index + 1);
    const next = tokens[index + 1];
    const end = next && next.kind !== 'space' && next.kind !== 'paren' ? next.end : caret;
    return field ? { kind: 'value', field: text.slice(field.start, field.end - 1), prefix: '', start: caret, end } : null;
  }
  if (token.kind === 'word' || token.kind === 'phrase' || token.kind === 'error') {
    const prefix = text.slice(token.start, caret).replace(/^"/, '');
    const field = fieldBefore(index);
    if (field) return { kind: 'value', field: text.slice(field.start, field.end - 1), prefix, start: token.start, end: token.end };
    if (token.kind === 'word') return { kind: 'field', prefix, start: token.start, end: token.end };
  }
  return null;
}

const matches = (candidate: string, prefix: string) => candidate.toLowerCase().startsWith(prefix.toLowerCase());

/** Values are inserted bare when they are plain words, quoted otherwise. */
function valueText(value: string): string {
  return /^[\w.@/-]+$/.test(value) ? value : quoteValue(value);
}

function fieldNames(sources: CompletionSources): Array<{ name: string; detail: string }> {
  return [
    ...BUILTIN_FIELDS.map((name) => ({ name, detail: 'field' })),
    ...sources.contextFields.map((f) => ({ name: `ctx.${f.path}`, detail: f.type ?? 'context' })),
  ];
}

export function suggest(text: string, context: CompletionContext, sources: CompletionSources, limit = 10): Suggestion[] {
  if (context.kind === 'field') {
    const recent = sources.recent
      .filter((q) => q !== text && (text.trim() === '' || q.toLowerCase().startsWith(text.toLowerCase())))
      .slice(0, text.trim() === '' ? limit : 3)
      .map((q): Suggestion => ({ kind: 'recent', label: q, insert: q, detail: 'recent' }));
    if (context.prefix === '' && text.trim() === '') return recent;
    const fields = [...fieldNames(sources), { name: 'has', detail: 'exists' }]
      .filter((f) => context.prefix !== '' && matches(f.name, context.prefix) && f.name !== context.prefix)
      .map((f): Suggestion => ({ kind: 'field', label: `${f.name}:`, insert: `${f.name}:`, detail: f.detail }));
    return [...fields, ...recent].slice(0, limit);
  }
  const values = valuesFor(context.field ?? '', sources);
  return values
    .filter((v) => matches(v.value, context.prefix))
    .slice(0, limit)
    .map((v) => ({ kind: 'value', label: v.value, insert: `${v.raw ? v.value : valueText(v.value)} `, detail: v.detail }));
}

function valuesFor(field: string, sources: CompletionSources): Array<{ value: string; detail?: string; raw?: boolean }> {
  switch (field) {
    case 'level':
      return LEVEL_VALUES.map((value) => ({ value }));
    case 'service':
      return sources.services.map((value) => ({ value }));
    case 'project':
      return sources.projects.map((value) => ({ value }));
    case 'has':
      return fieldNames(sources).map((f) => ({ value: f.name, detail: f.detail, raw: true }));
    default:
      return [];
  }
}

/** The text and caret after picking `suggestion`; a recent query replaces the whole text. */
export function applySuggestion(text: string, context: CompletionContext, suggestion: Suggestion): { text: string; caret: number } {
  if (suggestion.kind === 'recent') return { text: suggestion.insert, caret: suggestion.insert.length };
  const after = text.slice(context.end);
  const insert = after.startsWith(' ') && suggestion.insert.endsWith(' ') ? suggestion.insert.trimEnd() : suggestion.insert;
  const next = text.slice(0, context.start) + insert + after;
  return { text: next, caret: context.start + insert.length + (insert === suggestion.insert ? 0 : 1) };
}
