/**
 * The image itself: size, non-root user, labels, healthcheck; cold start to ready; healthy; a backup inside
 * the container; a clean SIGTERM stop. Figures are printed (benchmarks are not timed tests); the issue's
 * targets (< 250 MB, < 2 s) are checked on the size, and reported for the start (it depends on the machine).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { freePort } from '../helpers/server.js';
import { docker, inspect, required, waitFor, waitReady } from './support.js';

const image = required('DEVSMITH_DEPLOY_IMAGE');
const containers: string[] = [];
after(async () => {
  for (const id of containers) await docker('rm', '-f', '-v', id).catch(() => {});
});

test('the image: under 250 MB, non-root, OCI labels, healthcheck on /readyz, SIGTERM', async () => {
  const size = await inspect<number>(image, '.Size');
  const config = await inspect<{ User: string; Labels: Record<string, string>; Healthcheck: { Test: string[] }; StopSignal: string; Volumes: Record<string, unknown>; ExposedPorts: Record<string, unknown> }>(image, '.Config');
  console.log(`image ${image}: ${(size / 1e6).toFixed(1)} MB`);
  assert.ok(size < 250e6, `image is ${(size / 1e6).toFixed(1)} MB`);
  assert.equal(config.User, 'devsmith');
  assert.equal(config.StopSignal, 'SIGTERM');
  assert.ok('/data' in config.Volumes);
  assert.ok('3000/tcp' in config.ExposedPorts);
  assert.match(config.Healthcheck.Test.join(' '), /\/readyz/);
  assert.equal(config.Labels['org.opencontainers.image.title'], 'DevSmith Logs');
  assert.match(config.Labels['org.opencontainers.image.revision'] ?? '', /^[0-9a-f]{40}$|^unknown$/);
});

test('cold start to ready, healthy, backup inside the container, clean stop', async () => {
  const port = await freePort();
  const started = Date.now();
  const id = (await docker('run', '-d', '-p', `127.0.0.1:${port}:3000`, image)).trim();
  containers.push(id);
  const readyMs = await waitReady(`http://127.0.0.1:${port}/readyz`, started);
  const startedAt = Date.parse(await inspect<string>(id, '.State.StartedAt'));
  // CPU time to ready does not depend on how busy the machine is: utime + stime of PID 1, in clock ticks (1/100 s).
  const stat = (await docker('exec', id, 'cat', '/proc/1/stat')).split(') ')[1]!.split(' ');
  const cpuMs = (Number(stat[11]) + Number(stat[12])) * 10;
  console.log(`cold start: ready ${readyMs} ms after "docker run" (${Date.now() - startedAt} ms after the process started, at most), ${cpuMs} ms of CPU; target < 2000 ms on a quiet machine`);
  assert.equal((await docker('exec', id, 'id', '-u')).trim(), '10001', 'runs as the devsmith user');
  await waitFor(async () => (await inspect<string>(id, '.State.Health.Status')) === 'healthy', 60_000, 'the healthcheck');

  const backup = await docker('exec', id, 'node', '/app/dist/cli/main.js', 'backup', '--out', '/data/backup.db');
  assert.match(backup, /Backup written to \/data\/backup\.db: .*integrity ok/);

  await assert.rejects(docker('exec', id, 'node', '/app/dist/cli/main.js', 'restore', '--from', '/data/backup.db'), /a devsmith server is using \/data: stop it first/);

  const stopStart = Date.now();
  await docker('stop', '-t', '15', id);
  const stopMs = Date.now() - stopStart;
  console.log(`docker stop: ${stopMs} ms`);
  assert.equal(await inspect<number>(id, '.State.ExitCode'), 0, 'SIGTERM drains and exits 0');
  assert.ok(stopMs < 15_000, 'stopped before docker had to SIGKILL');

  // The documented restore: a one-off container on the stopped one's volume.
  const restored = await docker('run', '--rm', '--volumes-from', id, image, 'restore', '--from', '/data/backup.db');
  assert.match(restored, /Restored \/data\/backup\.db into \/data\/devsmith\.db: .*integrity ok/);
});
