import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { networkReason, retryAfterMs } from './http.js';

test('Retry-After in seconds or as an HTTP date', () => {
  assert.equal(retryAfterMs('7'), 7000);
  assert.equal(retryAfterMs(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1)), 30_000);
  assert.equal(retryAfterMs(null), null);
  assert.equal(retryAfterMs('soon'), null);
});

test('a failed fetch is named by its cause, not "fetch failed"', async () => {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve)); // nothing listens there now
  const err = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
  assert.equal(networkReason(err), 'ECONNREFUSED');
});
