/** The query split for highlighting: tokens, cut where the parse error's range begins and ends. */
import { tokenize, type TokenKind } from '../search-tokens';

export interface QueryProblem {
  message: string;
  position?: number;
  length?: number;
}

export interface Segment {
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

