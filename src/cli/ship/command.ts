/** `devsmith ship`: runs the file agent until SIGTERM/SIGINT, then flushes, checkpoints and exits 0. */
import type { CliValues } from '../options.js';
import { ShipAgent } from './agent.js';
import { agentConfig } from './config.js';

type Env = Record<string, string | undefined>;

export async function shipCommand(env: Env, values: CliValues): Promise<number> {
  const config = agentConfig(env, values);
  const agent = new ShipAgent(config);
  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`devsmith ship: ${signal}: sending what was read, then stopping\n`);
    agent.stop();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const globs = config.sources.flatMap((s) => s.paths).join(', ');
  process.stderr.write(`devsmith ship: shipping ${globs} to ${config.target.url} (checkpoints in ${config.stateDir})\n`);
  await agent.run();
  process.off('SIGTERM', stop);
  process.off('SIGINT', stop);
  const replayed = agent.replayed ? ` (${agent.replayed} more were already stored: re-sent after a restart, not duplicated)` : '';
  process.stderr.write(`devsmith ship: ${agent.sent} logs sent${replayed}\n`);
  return agent.fatalReason ? 1 : 0;
}
