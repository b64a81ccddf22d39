/** Starts the server: listen, and shut down gracefully on SIGTERM/SIGINT (commit what was acknowledged). */
import { buildApp } from './app.js';
import type { Config } from '../config.js';
import { startupLine } from './startup-line.js';
import { holdDataDir } from '../ops/data-dir-lock.js';

/** Referenced for the process's lifetime: a collected connection would drop the lock. */
let dataDirHold: { release(): void } | null = null;

export async function startServer(config: Config): Promise<void> {
  // `devsmith restore` refuses while this is held; released by the kernel however the process ends.
  if (!config.databaseUrl) dataDirHold = holdDataDir(config.dataDir);
  const { app, shutdown, syslog } = await buildApp(config);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: no new connections, committing in-flight batches');
    const force = setTimeout(() => {
      app.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    try {
      await shutdown();
      dataDirHold?.release();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  // Syslog binds first: a server that cannot take the syslog it was configured for stops before it answers
  // anything, saying why.
  let bound;
  try {
    bound = await syslog?.listen();
  } catch (err) {
    await shutdown();
    const hint = (err as NodeJS.ErrnoException).code === 'EACCES' ? ' (ports below 1024 need root or CAP_NET_BIND_SERVICE)' : '';
    throw new Error(`syslog receiver cannot listen: ${(err as Error).message}${hint}`);
  }
  await app.listen({ host: config.host, port: config.port });
  app.log.info(startupLine(config, app.server.address()));
  if (bound) {
    app.log.info({ syslog: bound.map((b) => `${b.config.transport}://${b.address}:${b.port}`) }, 'syslog receiver listening');
  }
}
