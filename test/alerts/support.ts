/** A realistic alert message for channel tests, with hostile log text in the sample. */
import type { AlertMessage, SenderOptions } from '../../src/alerts/channels/index.js';

export const HOSTILE = '<script>alert(1)</script> & <!channel> <https://evil.example|click> ```';

export function message(over: Partial<AlertMessage> = {}): AlertMessage {
  return {
    version: 1,
    eventId: '42',
    kind: 'firing',
    rule: { id: '7', name: 'API errors > 100 in 5 m', severity: 'critical' },
    project: { id: 3, slug: 'shop', name: 'Shop' },
    group: 'api',
    at: Date.parse('2026-12-02T10:00:00Z'),
    value: 143,
    threshold: 100,
    summary: '143 logs matched `level:error service:api` in 5 m (threshold > 100)',
    logsUrl: 'http://localhost:3000/explore?project=shop&q=level%3Aerror&from=2026-12-02T09%3A55%3A00Z&to=2026-12-02T10%3A00%3A00Z',
    sample: [
      { timestamp: '2026-12-02T09:59:58.000Z', level: 'error', service: 'api', message: 'Database error ECONNREFUSED' },
      { timestamp: '2026-12-02T09:59:59.000Z', level: 'error', service: 'api', message: HOSTILE },
    ],
    ...over,
  };
}

export const ALLOW: SenderOptions = { allowPrivateTargets: true, smtp: null, timeoutMs: 3000 };
export const DENY: SenderOptions = { allowPrivateTargets: false, smtp: null, timeoutMs: 3000 };
