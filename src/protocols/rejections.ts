/**
 * Every refused entry of a batch in which none is valid. The ingest pipeline answers such a batch with one
 * error naming the first refusal; a protocol that answers per entry (Loki's text, Elasticsearch's items) reads
 * all of them here, from the same validation, without storing anything.
 */
import type { Limits, Rejection } from '../ingest/normalize.js';
import { normalizeEntries, parseEnvelope } from '../ingest/normalize.js';
import type { Project } from '../store/types.js';

export function everyRejection(envelope: { service_name: string; logs: unknown[] }, project: Project, limits: Limits): Rejection[] {
  return normalizeEntries(parseEnvelope(envelope, project, limits, false), project, limits, Date.now(), false).rejected;
}
