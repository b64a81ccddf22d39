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
  const { app, shutdown } = await buildApp(config);
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
  await app.listen({ host: config.host, port: config.port });
  app.log.info(startupLine(config, app.server.address()));
}
