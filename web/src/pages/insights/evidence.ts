/** Pure helpers for AI answers: citations like [E1] turned into links to the evidence they name. */
import type { Evidence } from '../../api/insights';

export type AnswerPart = { kind: 'text'; text: string } | { kind: 'cite'; text: string; evidence: Evidence | null };

/** `[E1]`, `[E12]`, and the grouped forms models write: `[E1, E2]`, `[E1][E2]`. */
const CITATION = /\[(E\d{1,3}(?:\s*,\s*E\d{1,3})*)\]/g;

/**
 * Splits an answer into text and citations. A citation of a ref the evidence list lacks stays a citation with
 * `evidence: null` (shown, not linked): a model may invent refs, and the reader should see that it did.
 */
export function linkEvidence(text: string, evidence: Evidence[]): AnswerPart[] {
  const byRef = new Map(evidence.map((e) => [e.ref.toUpperCase(), e]));
  const parts: AnswerPart[] = [];
  let last = 0;
  for (const match of text.matchAll(CITATION)) {
    const at = match.index ?? 0;
    if (at > last) parts.push({ kind: 'text', text: text.slice(last, at) });
    for (const ref of match[1].split(',').map((r) => r.trim().toUpperCase())) {
      parts.push({ kind: 'cite', text: ref, evidence: byRef.get(ref) ?? null });
    }
    last = at + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/**
 * The href of an evidence link, only when it stays inside the dashboard (a path starting with one "/"): the URL
 * comes from the server, but a model's text reaches the evidence label, and a link must never become
 * `javascript:` or leave the site.
 */
export function safeEvidenceHref(url: string | null | undefined): string | null {
  if (!url || !url.startsWith('/') || url.startsWith('//') || url.includes('\\')) return null;
  return url;
}

/** The refs an answer cites, in order of first use; the page lists the uncited evidence after them. */
export function citedRefs(text: string): string[] {
  const seen: string[] = [];
  for (const part of linkEvidence(text, [])) if (part.kind === 'cite' && !seen.includes(part.text)) seen.push(part.text);
  return seen;
}
