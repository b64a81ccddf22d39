/**
 * The coloured copy of the query drawn under the (transparent-text) input: one span per token, split
 * where the parse error's range starts and ends so that range can be underlined. Text only, never HTML.
 */
import { tokenize, type TokenKind } from '../../search-tokens';

export interface QueryProblem {
  message: string;
  position?: number;
  length?: number;
}

interface Segment {
  start: number;
  end: number;
  kind: TokenKind;
  bad: boolean;
}

export function segments(text: string, problem: QueryProblem | null): Segment[] {
  const badStart = problem?.position ?? -1;
  const badEnd = badStart + Math.max(problem?.length ?? 1, 1);
  const out: Segment[] = [];
  for (const token of tokenize(text)) {
    const cuts = [token.start, token.end, badStart, badEnd].filter((c) => c >= token.start && c <= token.end);
    const points = [...new Set(cuts)].sort((a, b) => a - b);
    for (let i = 0; i < points.length - 1; i++) {
      const [start, end] = [points[i], points[i + 1]];
      out.push({ start, end, kind: token.kind, bad: badStart >= 0 && start >= badStart && end <= badEnd });
    }
  }
  return out;
}

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
