/**
 * Every error the API can answer with, by stable code. Domain code throws `AppError`s; the error
 * handler turns them into RFC 9457 problem+json. Codes never change once shipped: clients match on them.
 */
export const ERRORS = {
  BAD_REQUEST: { status: 400, title: 'Bad request' },
  VALIDATION_FAILED: { status: 400, title: 'Validation failed' },
  INVALID_JSON: { status: 400, title: 'Malformed JSON' },
  INVALID_ENCODING: { status: 400, title: 'Invalid content encoding' },
  INVALID_PROTOBUF: { status: 400, title: 'Malformed protobuf' },
  NO_VALID_ENTRIES: { status: 400, title: 'No valid log entry' },
  INVALID_CURSOR: { status: 400, title: 'Invalid cursor' },
  INVALID_QUERY: { status: 400, title: 'Invalid query' },
  INVALID_ALERT_RULE: { status: 400, title: 'Invalid alert rule' },
  UNKNOWN_ALERT_CHANNEL: { status: 400, title: 'Alert channel is not one of the project' },
  UNKNOWN_ASSIGNEE: { status: 400, title: 'Assignee is not a user' },
  MERGE_ACROSS_PROJECTS: { status: 400, title: 'Groups of different projects cannot be merged' },
  MISSING_API_KEY: { status: 401, title: 'Missing API key' },
  INVALID_API_KEY: { status: 401, title: 'Invalid API key' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  INVALID_CREDENTIALS: { status: 401, title: 'Invalid email or password' },
  PROJECT_INACTIVE: { status: 403, title: 'Project deactivated' },
  PROJECT_MISMATCH: { status: 403, title: 'Key does not belong to this project' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  CONFLICT: { status: 409, title: 'Conflict' },
  ARCHIVE_NOT_CONFIGURED: { status: 409, title: 'Archive storage not configured' },
  ARCHIVE_BUSY: { status: 409, title: 'Archive or restore in progress' },
  SETUP_COMPLETE: { status: 409, title: 'Setup already done' },
  AI_EXTERNAL_NOT_ALLOWED: { status: 409, title: "This project's logs may not go to an external AI provider" },
  ALERT_TARGET_FORBIDDEN: { status: 422, title: 'Alert target not allowed' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  TOO_MANY_ENTRIES: { status: 413, title: 'Too many entries in one batch' },
  TOO_MANY_VALUES: { status: 413, title: 'Too many JSON objects and arrays in one batch' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  CLIENT_CLOSED: { status: 499, title: 'Client closed the request' },
  RATE_LIMITED: { status: 429, title: 'Rate limit exceeded' },
  TOO_MANY_LOGIN_ATTEMPTS: { status: 429, title: 'Too many login attempts' },
  QUOTA_EXCEEDED: { status: 429, title: 'Daily log quota exceeded' },
  INTERNAL: { status: 500, title: 'Internal server error' },
  STORE_UNAVAILABLE: { status: 503, title: 'Store unavailable' },
  ARCHIVE_STORAGE_FAILED: { status: 502, title: 'Archive storage failed' },
  AI_PROVIDER_FAILED: { status: 502, title: 'The AI provider failed' },
  AI_UNAVAILABLE: { status: 503, title: 'No AI provider available' },
  AI_TIMEOUT: { status: 504, title: 'The AI provider timed out' },
  OVERLOADED: { status: 503, title: 'Server overloaded' },
  SHUTTING_DOWN: { status: 503, title: 'Server shutting down' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly status: number;
  readonly title: string;
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    /** Extra response headers (Retry-After, WWW-Authenticate, RateLimit...). */
    readonly headers: Record<string, string> = {},
    /** Extra problem+json members (INVALID_QUERY's `position` and `length`). */
    readonly extra: Record<string, string | number> = {},
  ) {
    super(detail);
    this.name = 'AppError';
    this.status = ERRORS[code].status;
    this.title = ERRORS[code].title;
  }
}

export function problemType(code: string): string {
  return `https://devsmith.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}
