/**
 * An older build must not run on a schema a newer one migrated: it would write rows the newer code does not
 * expect and read tables whose meaning changed. Both stores check this before applying anything.
 */
export class SchemaTooNewError extends Error {
  constructor(readonly databaseVersion: number, readonly knownVersion: number, where: string) {
    super(
      `The ${where} schema is at version ${databaseVersion}, but this devsmith build only knows versions up to ${knownVersion}: ` +
        'the data was migrated by a newer release. Run that release (or newer), or restore a backup taken with this one ' +
        '(docs/deploy.md, "Upgrades").',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** Throws SchemaTooNewError when the database has a migration this build does not know. */
export function assertSchemaNotNewer(applied: Iterable<number>, known: readonly { version: number }[], where: string): void {
  const newest = Math.max(0, ...applied);
  const knownVersion = Math.max(0, ...known.map((m) => m.version));
  if (newest > knownVersion) throw new SchemaTooNewError(newest, knownVersion, where);
}
