/**
 * The one fetch wrapper the dashboard uses. Errors come back as `ApiError` carrying the stable
 * problem+json `code`; a 401 UNAUTHENTICATED also notifies the app so it can send the user to login.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra problem+json members, e.g. `position` and `length` of an INVALID_QUERY. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

/** Subscribes to "the session has expired"; returns the unsubscribe function. */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export type Query = Record<string, string | number | string[] | undefined | null>;

/** Builds `?a=1&b=2`, repeating array values and leaving out empty ones. */
export function toQueryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const init: RequestInit = {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    signal: options.signal,
  };
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    init.headers = { ...init.headers, 'content-type': 'application/json' };
  }
  const response = await fetch(path + toQueryString(options.query ?? {}), init);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) throw toApiError(response.status, body);
  return body as T;
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text };
  }
}

export function toApiError(status: number, body: unknown): ApiError {
  const problem = (body !== null && typeof body === 'object' ? body : {}) as { code?: string; detail?: string; title?: string };
  const code = problem.code ?? `HTTP_${status}`;
  const error = new ApiError(status, code, problem.detail ?? problem.title ?? `Request failed (${status})`, problem);
  if (status === 401 && code === 'UNAUTHENTICATED') {
    for (const listener of unauthenticatedListeners) listener();
  }
  return error;
}
