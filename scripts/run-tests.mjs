#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ (or the paths given) with Node's test runner through tsx.
// Node 20's runner has no glob support, so the files are listed here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['src', 'test', 'web/src'];
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
// Spec output for people; a TAP copy to read the totals from for the closing line.
const tapFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'devsmith-tap-')), 'results.tap');
const result = spawnSync(
  process.execPath,
  [
    '--import', 'tsx', '--test', '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...files,
  ],
  { stdio: 'inherit' },
);
const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '';
const total = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
const skipped = total('skipped');
if (skipped) {
  console.log('\nSKIPPED tests (each says why):');
  for (const m of tap.matchAll(/^\s*ok \d+ - (.*) # SKIP ?(.*)$/gm)) console.log(`  - ${m[1]}: ${m[2]}`);
}
console.log(`\n${total('pass')} passed, ${total('fail') + total('cancelled')} failed, ${skipped} skipped`);
process.exit(result.status ?? 1);
