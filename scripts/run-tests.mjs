#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ (or the paths given) with Node's test runner through tsx.
// Node 20's runner has no glob support, so the files are listed here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['src', 'test'];
const files = [];
function walk(p) {
  const stat = fs.statSync(p);
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) if (name !== 'node_modules') walk(path.join(p, name));
  } else if (p.endsWith('.test.ts')) files.push(p);
}
roots.forEach(walk);
if (!files.length) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}
for (const name of ['TEST_DATABASE_URL', 'TEST_REDIS_URL']) {
  if (!process.env[name]) console.error(`\n*** ${name} is not set: the tests that need it will report themselves SKIPPED. Run "npm run test:all" to start the services. ***\n`);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
