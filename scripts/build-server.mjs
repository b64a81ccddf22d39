#!/usr/bin/env node
// The built server is one ESM bundle made by esbuild (issue 18: importing ~700 separate modules took 0.7 s of a
// 1.3 s cold start; the bundle loads in a fraction of that). Entries keep their place under dist/ (dist/cli/main.js
// is the CLI and `npm start`, dist/store/sqlite/writer-worker.js the SQLite writer thread); code shared by both and
// every module loaded on first use (`import()`) becomes a chunk of its own, so lazy stays lazy. TypeScript is only
// the type check here (`npm run typecheck`): esbuild strips the types.
// External: native addons, and large packages read on first use only (they stay in node_modules).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const EXTERNAL = [
  'better-sqlite3',
  '@node-rs/argon2',
  'pg-native',
  'node-llama-cpp',
  'protobufjs',
  'nodemailer',
  '@aws-sdk/*',
];

/** The options of the server bundle; bench/cold-start.ts bundles its phase probe with the same ones. */
export const BUNDLE_OPTIONS = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  chunkNames: 'chunks/[name]-[hash]',
  // Bundled CommonJS packages call require() for Node's built-ins; an ES module has none of its own.
  banner: { js: "import { createRequire as __devsmithRequire } from 'node:module'; const require = __devsmithRequire(import.meta.url);" },
  logLevel: 'warning',
};

// Run as a script it builds; imported, it only lends its options.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Everything but the dashboard (built by `npm run build:web` into dist/web) is replaced.
  fs.mkdirSync('dist', { recursive: true });
  for (const entry of fs.readdirSync('dist')) if (entry !== 'web') fs.rmSync(path.join('dist', entry), { recursive: true, force: true });
  await build({ ...BUNDLE_OPTIONS, entryPoints: ['src/cli/main.ts', 'src/store/sqlite/writer-worker.ts'], outbase: 'src', outdir: 'dist' });
  copyAssets('src');
  fs.chmodSync('dist/cli/main.js', 0o755);
}

// The .proto message definitions the protocol decoders read at run time, at the same place as under src/.
function copyAssets(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const from = path.join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(from);
    else if (entry.name.endsWith('.proto')) {
      const to = path.join('dist', path.relative('src', from));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
    }
  }
}
