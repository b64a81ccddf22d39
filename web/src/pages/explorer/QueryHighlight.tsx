/**
 * The coloured copy of the query drawn under the (transparent-text) input: one span per token, split
 * where the parse error's range starts and ends so that range can be underlined. Text only, never HTML.
 */
import { segments, type QueryProblem } from '../../query/highlight';

export type { QueryProblem };

export function QueryHighlight({ text, problem }: { text: string; problem: QueryProblem | null }) {
  const pastEnd = problem?.position !== undefined && problem.position >= text.length;
  return (
    <>
      {segments(text, problem).map((s) => (
        <span key={s.start} className={`tok-${s.kind}${s.bad ? ' tok-bad' : ''}`}>
          {text.slice(s.start, s.end)}
        </span>
      ))}
      {/* An error at the very end (a missing closing quote or bracket) marks the spot after the text. */}
      {pastEnd ? <span className="tok-bad tok-bad-end"> </span> : ' '}
    </>
  );
}
