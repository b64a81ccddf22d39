/** How the client commands name a failed request: the URL and a reason a person can act on. */

interface CauseLike {
  code?: string;
  message?: string;
  errors?: CauseLike[];
}

/** `fetch failed` says nothing; its cause (undici) carries ECONNREFUSED, ENOTFOUND, a TLS problem... */
export function networkReason(err: unknown): string {
  const e = err as Error & { cause?: CauseLike };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'no answer in time';
  const cause = e.cause;
  return cause?.code ?? cause?.errors?.find((c) => c.code)?.code ?? cause?.message ?? e.message;
}

export function cannotReach(url: string, err: unknown): string {
  return `cannot reach ${url} (${networkReason(err)})`;
}

/** "401: Invalid API key..." from a problem+json answer, or the status line when the body is not one. */
export async function answerText(res: Response): Promise<string> {
  const body = (await res.json().catch(() => ({}))) as { detail?: string; title?: string };
  return `${res.status}: ${body.detail ?? body.title ?? res.statusText}`;
}

/** Seconds or an HTTP date (RFC 9110 §10.2.3), in ms; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** "1 log", "3 logs". */
export function logs(n: number): string {
  return `${n} log${n === 1 ? '' : 's'}`;
}
