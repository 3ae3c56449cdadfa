// A typed view of the one shared database handle (see tablesOf).
import { Kysely, type QueryExecutorProvider } from 'kysely';

/**
 * The same handle seen through another module's table interface. One PostgreSQL database holds
 * every module's tables (app/migrate.ts migrates them all; app/schema.test.ts checks each module's
 * interface against it), but a Kysely handle is typed by ONE table interface and is invariant in
 * it, so no typed handle is assignable to another. A module that builds queries views the shared
 * handle through its own tables here: the same object and pool, only the type changes. (The
 * parameter is any Kysely handle, whatever its tables; the check makes sure it is one.)
 */
export function tablesOf<T>(db: QueryExecutorProvider): Kysely<T> {
  if (!(db instanceof Kysely)) throw new TypeError('tablesOf: not a Kysely handle');
  return db as unknown as Kysely<T>;
}
