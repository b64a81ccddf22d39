/**
 * The Store contract: the same cases run against every backend. SQLite always runs; PostgreSQL runs when
 * TEST_DATABASE_URL points at a server where we may create a database (it is dropped afterwards):
 *   TEST_DATABASE_URL=postgres://devsmith:devsmith@127.0.0.1:5432/postgres node --import tsx --test src/store/contract.test.ts
 */
import fs from 'node:fs';
import { after, describe, test } from 'node:test';
import { accountCases } from './contract/accounts.js';
import { alertCases } from './contract/alerts.js';
import { errorGroupCases } from './contract/errors.js';
import { errorStateCases } from './contract/error-states.js';
import { archiveCases } from './contract/archives.js';
import { facetCases } from './contract/facets.js';
import { insightPatternCases } from './contract/insight-patterns.js';
import { type Backend, postgresBackend, sqliteBackend } from './contract/harness.js';
import { logQueryCases } from './contract/log-queries.js';
import { logScanCases } from './contract/log-scan.js';
import { logReadCases } from './contract/log-reads.js';
import { perfCases } from './contract/perf.js';
import { insightAnswerCases } from './contract/insight-answers.js';
import { projectCases } from './contract/projects.js';
import { retentionCases } from './contract/retention.js';
import { quotaCases } from './contract/quotas.js';
import { savedViewCases } from './contract/saved-views.js';
import { storageCases } from './contract/storage.js';
import { serviceHistogramCases } from './contract/service-histograms.js';
import { queryPropertyCases } from './contract/query-property.js';
import { textPropertyCases } from './contract/text-property.js';
import { writeCases } from './contract/writes.js';

function defineSuite(backend: Backend): void {
  describe(`Store contract: ${backend.label ?? backend.name}`, () => {
    after(() => backend.cleanup());
    accountCases(backend);
    projectCases(backend);
    writeCases(backend);
    // Early in the run: the 16-connection case needs free PostgreSQL connections, and every store the suite
    // opened keeps its idle ones until the end.
    errorStateCases(backend);
    errorGroupCases(backend);
    logQueryCases(backend);
    logReadCases(backend);
    serviceHistogramCases(backend);
    logScanCases(backend);
    textPropertyCases(backend);
    facetCases(backend);
    savedViewCases(backend);
    queryPropertyCases(backend);
    retentionCases(backend);
    quotaCases(backend);
    storageCases(backend);
    archiveCases(backend);
    perfCases(backend);
    insightPatternCases(backend);
    alertCases(backend);
    insightAnswerCases(backend);
  });
}

if (fs.existsSync(new URL('./sqlite/index.ts', import.meta.url))) {
  defineSuite(sqliteBackend());
  defineSuite(sqliteBackend(true));
}
else test('SQLite contract tests', (t) => t.skip('SQLite contract tests NOT RUN: src/store/sqlite/index.ts is missing'));

const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) {
  defineSuite(postgresBackend(pgUrl));
  defineSuite(postgresBackend(pgUrl, true));
}
else test('PostgreSQL contract tests', (t) => t.skip('PostgreSQL contract tests NOT RUN: set TEST_DATABASE_URL'));
