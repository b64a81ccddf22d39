// The "What happens when" table of docs/integrations/README.md, read so that each language's test checks what
// the guide promises against what its sample really does: every `devsmith: ...` line a cell quotes must show
// up on the sample's stderr in that situation.
import { readFileSync } from 'node:fs';
import { integrationsDir } from './support.ts';

export const SITUATIONS = ['server down', 'wrong key', 'rate limited', 'crash', 'exit'] as const;
export type Situation = (typeof SITUATIONS)[number];

/** The cells of one language's row, by situation. Throws if the table or the row is missing. */
export function whatHappens(language: string): Record<Situation, string> {
  const readme = readFileSync(`${integrationsDir}/README.md`, 'utf8');
  const section = readme.split(/^## What happens when\b.*$/m)[1];
  if (!section) throw new Error('docs/integrations/README.md has no "## What happens when" section');
  const rows = section.split('\n').filter((line) => line.startsWith('|')).map(cellsOf);
  const header = rows[0]?.map((cell) => cell.toLowerCase()) ?? [];
  const row = rows.find((cells) => cells[0]?.toLowerCase() === language.toLowerCase());
  if (!row) throw new Error(`the "What happens when" table has no row for ${language}`);
  const out = {} as Record<Situation, string>;
  for (const situation of SITUATIONS) {
    const column = header.findIndex((cell) => cell.startsWith(situation));
    if (column < 1) throw new Error(`the "What happens when" table has no column "${situation}"`);
    out[situation] = row[column] ?? '';
  }
  return out;
}

/** The stderr lines a cell quotes (`devsmith: ...`), as patterns: `<url>` stands for the URL, `N` for a number. */
export function quotedStderr(cell: string, url: string): RegExp[] {
  return [...cell.matchAll(/`(devsmith: [^`]+)`/g)].map(([, quote]) => {
    const parts = quote!.split(/(<url>|\bN\b)/).map((part) => (part === '<url>' ? escape(url) : part === 'N' ? '\\d+' : escape(part)));
    return new RegExp(parts.join(''));
  });
}

function cellsOf(line: string): string[] {
  return line.replace(/^\|/, '').replace(/\|\s*$/, '').split(/(?<!\\)\|/).map((cell) => cell.trim());
}

function escape(text: string): string { return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }
