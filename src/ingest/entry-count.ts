/**
 * Counts a JSON batch's entries before it is parsed. Parsing is where a batch's memory and time go, and the
 * cheapest JSON costs the most to parse: `[{},{},...]` is 3.5 million objects in 10 MiB, ~2 s of JSON.parse
 * that holds every other request (issue 9's flood), only for the batch to be refused for its entry count.
 * One pass over the text, no allocation: the elements of the root array (a bare array of entries) or of the
 * root object's `"logs"` array (our envelope), strings and escapes skipped.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError } from '../errors.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const LOGS_KEY = '"logs"';

/**
 * Whether the batch in `text` holds more than `max` entries. Text that is not JSON answers false (JSON.parse
 * then reports it), except a batch cut short after more than `max` entries begun. Stops at the first entry past `max`.
 */
export function hasMoreEntriesThan(text: string, max: number): boolean {
  return scanEntries(text, max, null) === TOO_MANY;
}

/**
 * Where the entries of a batch are in its text: the entries' array from `open` (its `[`) to `close` (its `]`),
 * and the offset of each comma between two entries, so that runs of whole entries can be parsed apart.
 */
export interface EntryCuts {
  open: number;
  close: number;
  commas: number[];
  /** How many "logs" keys the root object has: past one, JSON.parse keeps the last, whatever its value. */
  logsKeys: number;
}

/**
 * The entries' array of a batch and the commas between its entries, in one pass; 'too-many' past `max` entries
 * (as hasMoreEntriesThan); null when the text is no batch it can cut (not JSON, cut short, no entries array, a
 * second "logs" key), which the caller leaves to JSON.parse whole.
 */
export function entryCuts(text: string, max: number): EntryCuts | 'too-many' | null {
  const cuts: EntryCuts = { open: -1, close: -1, commas: [], logsKeys: 0 };
  const found = scanEntries(text, max, cuts);
  if (found === TOO_MANY) return 'too-many';
  return found === COMPLETE && cuts.close > cuts.open && cuts.open >= 0 && cuts.logsKeys <= 1 ? cuts : null;
}

const TOO_MANY = 1;
const COMPLETE = 2;
const UNFINISHED = 3;

/** The one pass behind hasMoreEntriesThan and entryCuts; records into `cuts` when given one. */
function scanEntries(text: string, max: number, cuts: EntryCuts | null): typeof TOO_MANY | typeof COMPLETE | typeof UNFINISHED {
  let depth = 0;
  /** Depth of the array whose elements are entries; -1 (no depth) before it opens and after it closes. */
  let entriesDepth = -1;
  let rootIsObject = false;
  let count = 0;
  let sawElement = false;
  /** Start of the last string at depth 1 of the root object, to know the key the next value belongs to. */
  let keyStart = -1;
  let keyEnd = -1;
  let afterColonKey = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      i = closingQuote(text, i);
      if (i < 0) break; // cut short inside a string
      if (depth === 1 && rootIsObject) (keyStart = start), (keyEnd = i + 1);
      if (depth === entriesDepth) sawElement = true;
      continue;
    }
    if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (depth === entriesDepth) sawElement = true;
      depth++;
      if (depth === 1) {
        rootIsObject = c === OPEN_OBJECT;
        if (!rootIsObject) entriesDepth = 1;
        if (!rootIsObject && cuts) cuts.open = i;
      } else if (depth === 2 && rootIsObject && c === OPEN_ARRAY && afterColonKey === LOGS_KEY) {
        entriesDepth = 2;
        count = 0;
        sawElement = false;
        if (cuts) cuts.open = i;
      }
      continue;
    }
    if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      if (depth === entriesDepth) {
        if (sawElement) count++;
        if (count > max) return TOO_MANY;
        entriesDepth = -1;
        if (cuts) cuts.close = i;
      }
      depth--;
      if (depth <= 0) return COMPLETE;
      continue;
    }
    if (c === COLON && depth === 1 && rootIsObject) {
      afterColonKey = keyStart >= 0 ? text.slice(keyStart, keyEnd) : '';
      if (cuts && afterColonKey === LOGS_KEY) cuts.logsKeys++;
      continue;
    }
    if (c === COMMA && depth === entriesDepth) {
      if (++count > max) return TOO_MANY;
      sawElement = false;
      cuts?.commas.push(i);
      continue;
    }
    if (depth === entriesDepth && c > 0x20) sawElement = true; // a number, true, false, null
  }
  // Cut short with the entries' array still open: the entries begun count (JSON.parse would refuse it anyway).
  return entriesDepth > 0 && depth >= entriesDepth && count + (sawElement ? 1 : 0) > max ? TOO_MANY : UNFINISHED;
}

/** Index of the quote that closes the string opened at `open` (indexOf, not a loop per character); -1 if none. */
function closingQuote(text: string, open: number): number {
  for (let q = text.indexOf('"', open + 1); q >= 0; q = text.indexOf('"', q + 1)) {
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q;
  }
  return -1;
}

/**
 * JSON objects and arrays a body may hold per entry of a full batch, on average. Containers are what parsing
 * costs: 10 MiB of `{}` is 3.5 million objects and ~1.1 s of JSON.parse, and they can hide inside one entry
 * (a context holding an array of them), where no entry count sees them. A log entry holds a few (its context
 * and what nests in it); an OTLP record 2 per attribute plus 3, so a full batch of records with 30 attributes
 * each still passes (a 413 makes shippers such as the OpenTelemetry Collector drop the batch). A full batch of
 * 10,000 entries may hold 640,000, ~0.2 s of parsing at worst instead of over a second.
 */
export const CONTAINERS_PER_ENTRY = 64;

/**
 * Whether `text` holds more than `max` JSON objects and arrays, strings skipped. One pass, no allocation; text
 * that is not JSON is counted all the same (the parse reports it). Bodies shorter than 2 × max cannot.
 */
export function hasMoreContainersThan(text: string, max: number): boolean {
  if (text.length <= 2 * max) return false; // each takes at least two characters
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i);
      if (i < 0) return false; // cut short inside a string: the parse refuses it
    } else if ((c === OPEN_OBJECT || c === OPEN_ARRAY) && ++count > max) return true;
  }
  return false;
}

/**
 * Refuses (413 TOO_MANY_VALUES) a JSON or NDJSON ingest body whose objects and arrays would cost more to parse
 * than a full batch of entries may, before it is parsed. Every ingest route that parses JSON calls it first.
 */
export function assertParseBounded(text: string, maxEntries: number): void {
  const max = maxEntries * CONTAINERS_PER_ENTRY;
  if (hasMoreContainersThan(text, max)) {
    throw new AppError('TOO_MANY_VALUES', `A batch holds at most ${max} JSON objects and arrays (${CONTAINERS_PER_ENTRY} per entry of a full batch of ${maxEntries}); this one has more. Split it, or flatten deeply nested contexts.`);
  }
}

/** `count`: how many entries the batch has, when it was counted to the end. */
export function tooManyEntries(max: number, count?: number): AppError {
  const has = count === undefined ? 'this one has more' : `this one has ${count}`;
  return new AppError('TOO_MANY_ENTRIES', `A batch holds at most ${max} entries; ${has}. Split it.`);
}

/** Batches up to this many characters are parsed in one go: a few milliseconds (NDJSON and bulk bodies too). */
export const SLICED_FROM = 1 << 20;
/** Larger ones in runs of whole entries of about this many characters, a turn of the event loop between two. */
export const RUN_CHARS = 256 << 10;

/**
 * Parses a JSON batch (our envelope or a bare array of entries) after the checks above, refusing it (413) for
 * its entries or its objects before it is parsed. A large batch is parsed in runs of entries with a turn of the
 * event loop between two: a 10 MiB batch is ~50 ms of JSON.parse (twice that on a loaded machine) that would
 * hold every other request, /healthz included, as one task. The value is the same as JSON.parse's; text that
 * is not a batch it can cut, or that a run fails to parse, is parsed whole, so errors are JSON.parse's own.
 */
export async function parseBatch(text: string, max: number): Promise<unknown> {
  if (text.length <= SLICED_FROM) {
    // More than `max` entries take at least 2 characters each ("{}" and a comma), so small bodies skip the count.
    if (text.length > 2 * max && hasMoreEntriesThan(text, max)) throw tooManyEntries(max);
    assertParseBounded(text, max);
    return JSON.parse(text);
  }
  const cuts = entryCuts(text, max);
  if (cuts === 'too-many') throw tooManyEntries(max);
  await nextTurn();
  assertParseBounded(text, max);
  if (!cuts) return JSON.parse(text);
  await nextTurn();
  let root: unknown;
  const entries: unknown[] = [];
  try {
    // All but the entries: the envelope's other fields (or `[]` for a bare array); trailing text fails here.
    root = JSON.parse(`${text.slice(0, cuts.open)}[]${text.slice(cuts.close + 1)}`);
    const ends = [...cuts.commas, cuts.close];
    for (let from = cuts.open + 1, k = 0; k < ends.length; ) {
      let j = k;
      while (j < ends.length - 1 && ends[j]! - from < RUN_CHARS) j++;
      const run = JSON.parse(`[${text.slice(from, ends[j])}]`) as unknown[];
      for (const entry of run) entries.push(entry);
      from = ends[j]! + 1;
      k = j + 1;
      if (k < ends.length) await nextTurn();
    }
  } catch {
    return JSON.parse(text); // throws its own error, with the position in the whole text
  }
  if (Array.isArray(root)) return entries;
  (root as { logs: unknown[] }).logs = entries;
  return root;
}
