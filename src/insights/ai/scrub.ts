/**
 * Secrets are replaced before any text reaches a model (local or remote): keys, tokens, passwords, private
 * keys and, when asked, email addresses. Each rule replaces the secret with a marker naming what it was, so an
 * answer can still say "a bearer token was sent" without ever seeing it. The count goes into the stored answer.
 */
export interface ScrubResult {
  text: string;
  replaced: number;
}

export interface ScrubOptions {
  /** Replace email addresses too (DEVSMITH_AI_SCRUB_EMAILS). */
  emails?: boolean;
}

// Order matters: whole blocks (private keys) and structured tokens (JWT) before the generic key=value rule.
const RULES: Array<{ name: string; re: RegExp; keepGroup?: boolean }> = [
  { name: 'PRIVATE_KEY', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g },
  { name: 'JWT', re: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g },
  { name: 'BEARER_TOKEN', re: /\b(Bearer|Basic|ApiKey|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, keepGroup: true },
  // Our own ingest (dsk_) and user (dsu_) keys, OpenAI-style sk-, AWS access key ids, GitHub and Slack tokens.
  { name: 'API_KEY', re: /\b(?:dsk|dsu)_[A-Za-z0-9_-]{8,}/g },
  { name: 'API_KEY', re: /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}/g },
  { name: 'AWS_KEY', re: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  { name: 'GITHUB_TOKEN', re: /\b(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}/g },
  { name: 'SLACK_TOKEN', re: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
  // password=..., "api_key": "...", secret: ..., token=... (the name is kept, the value goes).
  {
    name: 'SECRET',
    re: /((?:"|')?\b[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth|credentials?)(?:"|')?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&}\]]+)/gi,
    keepGroup: true,
  },
  // user:password@host in URLs.
  { name: 'URL_PASSWORD', re: /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+(?=@)/gi, keepGroup: true },
];

const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;

/**
 * Replaces secrets in `text` with `[REDACTED_<KIND>]` markers.
 * @example scrubSecrets('login password=hunter2').text === 'login password=[REDACTED_SECRET]'
 */
export function scrubSecrets(text: string, opts: ScrubOptions = {}): ScrubResult {
  let replaced = 0;
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.re, (match: string, prefix?: string) => {
      if (match.includes('[REDACTED_')) return match;
      replaced++;
      const keep = rule.keepGroup && typeof prefix === 'string' ? (rule.name === 'BEARER_TOKEN' ? `${prefix} ` : prefix) : '';
      return `${keep}[REDACTED_${rule.name}]`;
    });
  }
  if (opts.emails) {
    out = out.replace(EMAIL, () => {
      replaced++;
      return '[REDACTED_EMAIL]';
    });
  }
  return { text: out, replaced };
}

/** Scrubs several texts, summing the replacements. */
export class Scrubber {
  replaced = 0;
  constructor(private readonly opts: ScrubOptions = {}) {}
  scrub(text: string): string {
    const r = scrubSecrets(text, this.opts);
    this.replaced += r.replaced;
    return r.text;
  }
}
