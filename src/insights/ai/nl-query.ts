/**
 * A question in plain language turned into a search-language query (docs/search.md). The model sees a summary
 * of the grammar and a few examples; its output is cut to the query and parsed with src/search. The server
 * never runs it: the user sees it, edits it and runs it in the explorer.
 */
import { parseQuery, QueryError } from '../../search/index.js';
import type { AiPrompt } from './provider.js';

const GRAMMAR = [
  'Query language for logs:',
  '- word: the word is in the message; "a phrase": the words in a row; time*: a word starting with time',
  '- a b (both), a OR b, -a (not), ( ) to group',
  '- level:error, level:>=warn (trace debug info warn error fatal)',
  '- service:api, env:production, host:web-1, version:1.2.0',
  '- ctx.http.status:500, ctx.http.status:[500 TO 599], ctx.duration_ms:>1000, has:ctx.user_id',
].join('\n');

const EXAMPLES: Array<[string, string]> = [
  ['errors from the api service', 'service:api level:>=error'],
  ['slow requests over 2 seconds', 'ctx.duration_ms:>2000'],
  ['timeouts in checkout or payment', 'timeout* (checkout OR payment)'],
  ['server errors in production', 'env:production ctx.http.status:[500 TO 599]'],
];

export function nlQueryPrompt(question: string): AiPrompt {
  const shots = EXAMPLES.map(([q, a]) => `Question: ${q}\nQuery: ${a}`).join('\n\n');
  return {
    system: `You translate questions about logs into one query. ${GRAMMAR}\nAnswer with one line: Query: <query>`,
    user: `${shots}\n\nQuestion: ${question.replace(/\s+/g, ' ').trim()}\nQuery:`,
  };
}

export interface NlQuery {
  query: string | null;
  valid: boolean;
  error: string | null;
}

/** The query in a model's answer: after "Query:", else the first non-empty line; code fences and quotes removed. */
export function extractQuery(answer: string): string | null {
  const text = answer.replace(/```[a-z]*\n?/gi, '').trim();
  const tagged = /Query:\s*(.+)/i.exec(text);
  let line = (tagged ? tagged[1]! : text.split('\n').find((l) => l.trim()) ?? '').trim();
  if (/^`.*`$/.test(line)) line = line.slice(1, -1).trim();
  return line ? line.slice(0, 2048) : null;
}

/** Extracts and parse-checks; an invalid query comes back with the parser's message and is never run. */
export function checkQuery(answer: string): NlQuery {
  const query = extractQuery(answer);
  if (query === null) return { query: null, valid: false, error: 'The model gave no query.' };
  try {
    parseQuery(query);
    return { query, valid: true, error: null };
  } catch (err) {
    if (err instanceof QueryError) return { query, valid: false, error: err.message };
    throw err;
  }
}
