/** The flags every `devsmith` sub-command understands, and the parsed values type they share. */
import type { parseArgs } from 'node:util';

export const options = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  'redis-url': { type: 'string' },
  config: { type: 'string' },
  out: { type: 'string' },
  email: { type: 'string' },
  name: { type: 'string' },
  password: { type: 'string' },
  admin: { type: 'boolean' },
  owner: { type: 'string' },
  slug: { type: 'string' },
  description: { type: 'string' },
  url: { type: 'string' },
  token: { type: 'string' },
  key: { type: 'string' },
  project: { type: 'string', multiple: true },
  service: { type: 'string', multiple: true },
  level: { type: 'string', multiple: true },
  'stderr-level': { type: 'string' },
  'retry-for': { type: 'string' },
  q: { type: 'string' },
  format: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  limit: { type: 'string' },
  columns: { type: 'string' },
  ctx: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
  path: { type: 'string', multiple: true },
  'state-dir': { type: 'string' },
  multiline: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CliValues = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

export const HELP = `devsmith — self-hosted log platform (run it as "npx devsmith-logs <command>")

Usage:
  devsmith [start] [--config FILE] [--port N] [--host H] [--data-dir DIR] [--database-url URL] [--redis-url URL]
  devsmith migrate
  devsmith backup --out FILE                        (SQLite: online, consistent while the server ingests)
  devsmith restore --from FILE                      (SQLite: with the server stopped; keeps the replaced file)
  devsmith user create --email E --name N --password P [--admin]
  devsmith project create --name N --owner EMAIL [--slug S] [--description D]
  devsmith token create --email E [--name N]        (prints a dsu_ user token once)
  devsmith alerts list [--url URL] [--token dsu_...] [--project P] [--format json]  (rules with their state)
  devsmith login [--url URL] [--email E]            (asks for the password; stores a token)
  devsmith logout                                   (revokes the stored token and deletes it)
  devsmith tail [--url URL] [--token dsu_...] [--project P] [--service S] [--level L] [--q QUERY]
  devsmith export [--format ndjson|csv] [--project P] [--service S] [--level L] [--from T] [--to T] [--q QUERY]
                  [--ctx PATH=VALUE] [--limit N] [--columns timestamp,level,message,ctx.http.status] [-o FILE]
                                                    (streams to stdout, or to FILE; progress on a terminal)
  devsmith send --service S [--url URL] [--key dsk_...] [--level INFO] [--retry-for SECONDS]
                                                    (reads lines from stdin)
  devsmith run [--service S] [--url URL] [--key dsk_...] [--level INFO] [--stderr-level WARN]
               [--retry-for SECONDS] -- COMMAND [ARGS...]
  devsmith ship [--url URL] [--key dsk_...] --path 'GLOB' [--path ...] [--service S] [--state-dir DIR]
                [--format auto|json|logfmt|nginx|apache|plain|docker] [--multiline auto|python|java|node|go|ruby|none]
                [--config FILE]                     (file agent: tails files, survives restarts and rotation)

migrate, user/project/token create open the store directly (DEVSMITH_DATA_DIR or DATABASE_URL, as the
server does) and print which one on stderr. Configuration comes from the environment (PORT, HOST,
DEVSMITH_DATA_DIR, DATABASE_URL, REDIS_URL, ...), over a file of NAME=value lines given by --config or
DEVSMITH_CONFIG_FILE; flags override both. tail/export/send/run/ship read DEVSMITH_URL,
DEVSMITH_TOKEN, DEVSMITH_API_KEY and DEVSMITH_SERVICE, then the URL and token "devsmith login" stored.`;
