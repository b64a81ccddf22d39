/**
 * The "no store" reference: a bare Fastify server that receives and JSON-parses ingest bodies exactly as the
 * real server's default parser does, counts the entries and answers, and stores nothing. Its rate is the
 * ceiling HTTP + parsing put on ingestion on this machine. Run as a child: `parse-only-server.ts <port>`.
 */
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 0);
const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });

app.post('/api/logs/batch', async (request, reply) => {
  const body = request.body as { logs?: unknown[] };
  const count = Array.isArray(body?.logs) ? body.logs.length : 0;
  reply.code(201);
  return { count, message: `Stored ${count} logs.` };
});
app.post('/api/logs', async (request, reply) => {
  reply.code(201);
  return { count: request.body ? 1 : 0, message: 'Stored 1 log.' };
});

await app.listen({ host: '127.0.0.1', port });
process.stdout.write('listening\n');
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
