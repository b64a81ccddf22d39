// The Java samples (docs/integrations/java) compiled with javac and run by java against a real server: the plain
// API, the java.util.logging Handler and the Logback appender (logback-classic from Maven Central, fetched by
// `mvn -f test/integrations/java/pom.xml dependency:go-offline` in scripts/test-all.sh).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkExampleApp } from './example-app.ts';
import { failureSuite } from './failure-suite.ts';
import { sampleSuite } from './sample-suite.ts';
import { integrationsDir, runProgram, waitForLogs, type ProgramResult } from './support.ts';

const testDir = new URL('./java/', import.meta.url).pathname;
const classes = mkdtempSync(join(tmpdir(), 'devsmith-java-'));
let built: Promise<string> | undefined;

/** Resolves the Logback jars (offline: test-all.sh fetched them) and compiles samples and driver once. */
function classpath(): Promise<string> {
  built ??= (async () => {
    const cpFile = join(classes, 'logback.classpath');
    const mvn = await runProgram('mvn', ['-o', '-q', '-B', '-f', join(testDir, 'pom.xml'), 'dependency:build-classpath', `-Dmdep.outputFile=${cpFile}`], { timeoutMs: 120_000 })
      .catch((err: Error) => ({ code: -1, stdout: '', stderr: String(err) }) as ProgramResult);
    assert.equal(mvn.code, 0, `Maven could not resolve logback-classic offline: run \`mvn -f test/integrations/java/pom.xml dependency:go-offline\` (scripts/test-all.sh does), and install a JDK and maven (apt-get install default-jdk-headless maven):\n${mvn.stdout}${mvn.stderr}`);
    const cp = `${classes}:${readFileSync(cpFile, 'utf8').trim()}`;
    const sources = [
      ...readdirSync(`${integrationsDir}/java`).filter((f) => f.endsWith('.java')).map((f) => `${integrationsDir}/java/${f}`),
      ...readdirSync(testDir).filter((f) => f.endsWith('.java')).map((f) => join(testDir, f)),
    ];
    const javac = await runProgram('javac', ['-Xlint:all', '-Werror', '-d', classes, '-cp', cp, ...sources], { timeoutMs: 120_000 })
      .catch((err: Error) => ({ code: -1, stdout: '', stderr: String(err) }) as ProgramResult);
    assert.equal(javac.code, 0, `javac failed (is a JDK 11+ installed? apt-get install default-jdk-headless):\n${javac.stderr}`);
    return cp;
  })();
  return built;
}

async function run(scenario: string, env: Record<string, string>): Promise<ProgramResult> {
  return runProgram('java', ['-cp', await classpath(), 'Driver', scenario], { env });
}

sampleSuite({
  language: 'java',
  run,
  expectDelivered(logs) {
    const by = (message: string) => logs.find((l) => l.message === message);
    const julWarn = by('jul warn formatted');
    assert.equal(julWarn?.level, 'WARN', 'JUL WARNING arrived with its {0} parameter applied');
    assert.equal(julWarn?.context?.order_id, 7, 'a Map parameter becomes context');
    assert.equal(julWarn?.context?.logger, 'driver.jul');
    const julError = by('jul error');
    assert.equal(julError?.level, 'ERROR');
    assert.equal(julError?.context?.error?.type, 'java.lang.IllegalStateException');
    assert.equal(julError?.context?.error?.message, 'card declined');
    assert.match(julError?.context?.error?.stack ?? '', /IllegalStateException: card declined\n\s+at Driver\.main/);
    assert.equal(julError?.context?.error?.cause?.type, 'java.io.IOException');
    assert.equal(by('jul fine')?.level, 'DEBUG');
    const lbWarn = by('logback warn formatted');
    assert.equal(lbWarn?.level, 'WARN');
    assert.equal(lbWarn?.context?.order_id, 8, 'SLF4J key-value pairs become context');
    assert.equal(lbWarn?.context?.request_id, 'req-7', 'MDC becomes context');
    const lbError = by('logback error');
    assert.equal(lbError?.level, 'ERROR');
    assert.equal(lbError?.context?.error?.type, 'java.lang.IllegalArgumentException');
    assert.match(lbError?.context?.error?.stack ?? '', /IllegalArgumentException: bad card/);
    assert.equal(lbError?.context?.error?.cause?.message, 'root cause');
    assert.equal(by('logback debug')?.level, 'DEBUG');
  },
  extra(ctx) {
    test('the JDK HTTP server example logs requests (context.http, route templates) through DevSmithHttpFilter', async () => {
      const { server, boot, env } = ctx();
      const logs = await checkExampleApp({
        command: 'java', args: ['-cp', await classpath(), 'HttpServerExample'], env: env('java-httpserver'),
        server, cookie: boot.cookie, project: boot.project.slug,
        stackOf: (log) => log.context?.error?.stack, httpContext: { orderRoute: '/orders/{id}' },
      });
      assert.equal(logs.find((l) => l.message.startsWith('Unhandled error'))?.context?.error?.type, 'java.lang.IllegalStateException');
    });

    test('timed() logs context.operation and context.duration_ms, returns the result and rethrows', async () => {
      const { server, boot, env } = ctx();
      const result = await run('timed', env('java-timed'));
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /rows 3\nrethrown NumberFormatException/);
      const logs = await waitForLogs(server.url, boot.cookie, boot.project.slug, 'java-timed', 2);
      const done = logs.find((l) => l.message === 'nightly-report done');
      assert.equal(done?.level, 'INFO');
      assert.deepEqual([done?.context?.operation, done?.context?.day], ['nightly-report', '2026-12-01']);
      assert.ok(typeof done?.context?.duration_ms === 'number' && done.context.duration_ms >= 4, `timed: ${done?.context?.duration_ms}`);
      const failed = logs.find((l) => l.message === 'parse failed');
      assert.equal(failed?.level, 'ERROR');
      assert.equal(failed?.context?.operation, 'parse');
      assert.equal(failed?.context?.error?.type, 'java.lang.NumberFormatException');
      assert.ok(typeof failed?.context?.duration_ms === 'number' && failed.context.duration_ms > 0);
    });
  },
});

failureSuite({
  language: 'Java',
  run,
  crash: { exitCode: 1, stderr: /Exception in thread "main" java\.lang\.IllegalStateException: driver crashed/, stack: /at Failures\.run\(Failures\.java:\d+\)/ },
  expectErrorShape(error) {
    assert.equal(error.type, 'java.lang.IllegalStateException', 'the class as the JVM names it');
    assert.equal(error.cause.type, 'java.net.SocketException');
    assert.match(error.stack, /IllegalStateException: charge failed\n\s+at Failures\.run/, "the JVM's own trace text");
  },
});
