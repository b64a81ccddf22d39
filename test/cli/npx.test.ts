/**
 * The documented way to run the CLI is `npx devsmith-logs <command>`: the package's bin must carry that name,
 * and no doc may say `npx devsmith` (that name is not ours on the registry: npx would run a stranger's code).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, tempDir } from '../helpers/server.js';

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : markdownFiles(p);
    return e.name.endsWith('.md') ? [p] : [];
  });
}

test('package.json names the bin devsmith-logs (the package name) and devsmith', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string> };
  assert.equal(pkg.name, 'devsmith-logs');
  assert.equal(pkg.bin['devsmith-logs'], 'dist/cli/main.js');
  assert.equal(pkg.bin.devsmith, 'dist/cli/main.js');
  assert.match(fs.readFileSync(path.join(ROOT, 'src/cli/main.ts'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
});

test('no doc or help text tells people to run "npx devsmith"', () => {
  const files = [path.join(ROOT, 'README.md'), ...markdownFiles(path.join(ROOT, 'docs')), path.join(ROOT, 'src/cli/options.ts')];
  const offenders = files.filter((f) => /npx\s+(--?\S+\s+)*devsmith(?![-\w])/.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
});

const built = fs.existsSync(path.join(ROOT, 'dist/cli/main.js'));
test('npx devsmith-logs runs the built CLI from the checkout, without downloading anything', { skip: built ? false : 'dist/cli/main.js is missing: run "npm run build:server" first (npm run test:all does)' }, () => {
  const dataDir = tempDir('devsmith-npx-');
  try {
    const help = spawnSync('npx', ['--no', 'devsmith-logs', 'help'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /npx devsmith-logs <command>/);
    const migrate = spawnSync('npx', ['--no', 'devsmith-logs', 'migrate', '--data-dir', dataDir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(migrate.status, 0, migrate.stderr);
    assert.match(migrate.stderr, /using SQLite database/);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
