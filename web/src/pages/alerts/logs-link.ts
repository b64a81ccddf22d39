/**
 * An event's logs_url is absolute (DEVSMITH_PUBLIC_URL, so it also works from a Slack message or an email). In the
 * dashboard it opens in place when it points at an explorer path (the public URL may name a proxy of this same
 * server); any other http(s) link stays a plain link, and anything else (javascript:, data:) is not a link at all.
 */
export function dashboardPath(logsUrl: string, origin: string): string | null {
  const url = parse(logsUrl, origin);
  if (!url || !/^https?:$/.test(url.protocol) || !url.pathname.startsWith('/explore')) return null;
  return url.pathname + url.search;
}

/** The link itself when it is http(s), else null. */
export function safeHref(logsUrl: string, origin: string): string | null {
  const url = parse(logsUrl, origin);
  return url && /^https?:$/.test(url.protocol) ? url.href : null;
}

function parse(text: string, origin: string): URL | null {
  try {
    return new URL(text, origin);
  } catch {
    return null;
  }
}
