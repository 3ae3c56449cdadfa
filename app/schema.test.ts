// Every module's typed tables (the Kysely interfaces in booking/, analytics/, telephony/ and
// admin-api/ `schema.ts`) against the database the one migrator builds: each declared table and
// column exists, with the same nullability and a compatible type, and every table the migrations
// make is declared. A migration that drifts from the types (or types that drift from it) fail here.
// The interfaces are read with the TypeScript compiler itself, so they stay plain Kysely types.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ts from 'typescript';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { MIGRATION_TABLE } from './migrate.js';

/** Each module's schema file and the interface listing its tables. */
const SCHEMAS = [
  { file: '../booking/schema.ts', root: 'BookingDatabase' },
  { file: '../analytics/schema.ts', root: 'AnalyticsTables' },
  { file: '../telephony/schema.ts', root: 'TelephonyTables' },
  { file: '../admin-api/schema.ts', root: 'AdminTables' },
];

type Kind = 'string' | 'number' | 'boolean' | 'Date' | 'array' | 'object' | 'unknown';
interface DeclaredColumn { kinds: Set<Kind>; nullable: boolean }

/** What a selected value of each PostgreSQL type is, as pg returns it here (booking/db.ts reads
 *  `date` as 'YYYY-MM-DD'; int8 and numeric come back as strings). */
const READS_AS: Record<string, Kind[]> = {
  text: ['string'], 'character varying': ['string'], character: ['string'], uuid: ['string'], inet: ['string'],
  date: ['string'], 'time without time zone': ['string'], bigint: ['string'], numeric: ['string'],
  integer: ['number'], smallint: ['number'], real: ['number'], 'double precision': ['number'],
  boolean: ['boolean'],
  'timestamp with time zone': ['Date'], 'timestamp without time zone': ['Date'],
  jsonb: ['array', 'object', 'string', 'number', 'boolean', 'unknown'], json: ['array', 'object', 'string', 'number', 'boolean', 'unknown'],
  ARRAY: ['array'],
};

function declaredTables(): Map<string, Map<string, DeclaredColumn>> {
  const files = SCHEMAS.map((s) => fileURLToPath(new URL(s.file, import.meta.url)));
  const program = ts.createProgram(files, {
    strict: true, noEmit: true, skipLibCheck: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const checker = program.getTypeChecker();
  const kindOf = (t: ts.Type): Kind => {
    if (t.flags & (ts.TypeFlags.StringLike)) return 'string';
    if (t.flags & ts.TypeFlags.NumberLike) return 'number';
    if (t.flags & ts.TypeFlags.BooleanLike) return 'boolean';
    if (t.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return 'unknown';
    if (checker.isArrayType(t)) return 'array';
    if (t.getSymbol()?.getName() === 'Date') return 'Date';
    return 'object';
  };
  const tables = new Map<string, Map<string, DeclaredColumn>>();
  SCHEMAS.forEach((s, i) => {
    const source = program.getSourceFile(files[i])!;
    const root = source.statements.find((n): n is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(n) && n.name.text === s.root);
    if (!root) throw new Error(`${s.file}: no interface ${s.root}`);
    for (const table of checker.getTypeAtLocation(root).getProperties()) {
      const columns = new Map<string, DeclaredColumn>();
      for (const col of checker.getTypeOfSymbolAtLocation(table, root).getProperties()) {
        // ColumnType<Select, Insert, Update> (and Generated<T>), alone or in a union with null:
        // what a select returns, as Kysely's SelectType reads it.
        const flatten = (t: ts.Type): ts.Type[] => (t.isUnion() ? t.types : [t]).flatMap((p) => {
          const select = p.getProperty('__select__');
          return select ? flatten(checker.getTypeOfSymbolAtLocation(select, root)) : [p];
        });
        const parts = flatten(checker.getTypeOfSymbolAtLocation(col, root));
        const kinds = new Set<Kind>();
        let nullable = false;
        for (const p of parts) {
          if (p.flags & ts.TypeFlags.Null) nullable = true;
          else if (!(p.flags & ts.TypeFlags.Undefined)) kinds.add(kindOf(p));
        }
        columns.set(col.getName(), { kinds, nullable });
      }
      tables.set(table.getName(), columns);
    }
  });
  return tables;
}

let declaredOnce: Map<string, Map<string, DeclaredColumn>> | undefined;

/** Every difference between the declared tables and the database's. */
async function schemaProblems(db: FreshDatabase['db']): Promise<string[]> {
  const declared = (declaredOnce ??= declaredTables());
  const { rows } = await sql<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO'; data_type: string }>`
    select c.table_name, c.column_name, c.is_nullable, c.data_type
    from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.table_name <> ${MIGRATION_TABLE}
    order by c.table_name, c.ordinal_position`.execute(db);
  const actual = new Map<string, Map<string, { nullable: boolean; type: string }>>();
  for (const r of rows) {
    if (!actual.has(r.table_name)) actual.set(r.table_name, new Map());
    actual.get(r.table_name)!.set(r.column_name, { nullable: r.is_nullable === 'YES', type: r.data_type });
  }
  const problems: string[] = [];
  for (const t of actual.keys()) if (!declared.has(t)) problems.push(`table ${t}: made by a migration, declared in no schema.ts`);
  for (const [t, cols] of declared) {
    const got = actual.get(t);
    if (!got) { problems.push(`table ${t}: declared, not in the database`); continue; }
    for (const c of got.keys()) if (!cols.has(c)) problems.push(`${t}.${c}: in the database, not declared`);
    for (const [c, d] of cols) {
      const a = got.get(c);
      if (!a) { problems.push(`${t}.${c}: declared, not in the database`); continue; }
      if (a.nullable !== d.nullable) problems.push(`${t}.${c}: ${a.nullable ? 'nullable' : 'not null'} in the database, ${d.nullable ? 'nullable' : 'not null'} in the type`);
      const reads = READS_AS[a.type];
      if (!reads) problems.push(`${t}.${c}: database type ${a.type} has no known TypeScript reading (add it to READS_AS)`);
      else for (const k of d.kinds) if (!reads.includes(k)) problems.push(`${t}.${c}: ${a.type} reads as ${reads.join('/')}, the type says ${k}`);
    }
  }
  return problems;
}

let db: FreshDatabase;
beforeAll(async () => { db = await freshDatabase({ seed: false }); });
afterAll(async () => { await db?.drop(); });

describe('typed tables against the migrated database', () => {
  it('match every table and column: names, nullability and types', async () => {
    expect(declaredOnce ??= declaredTables()).toSatisfy((d: Map<string, unknown>) => d.has('bookings') && d.has('analytics_calls') && d.has('telephony_outbox') && d.has('admin_accounts'));
    expect(await schemaProblems(db.db)).toEqual([]);
  });

  it('report a drift: a column, a nullability, a type and a table the types do not know', async () => {
    await sql`alter table telephony_outbox add column drifted text`.execute(db.db);
    await sql`alter table admin_faq alter column updated_by set not null`.execute(db.db);
    await sql`alter table analytics_node_day alter column attempts type bigint`.execute(db.db);
    await sql`create table stray (x int)`.execute(db.db);
    expect(await schemaProblems(db.db)).toEqual(expect.arrayContaining([
      'telephony_outbox.drifted: in the database, not declared',
      'admin_faq.updated_by: not null in the database, nullable in the type',
      'analytics_node_day.attempts: bigint reads as string, the type says number',
      'table stray: made by a migration, declared in no schema.ts',
    ]));
  });
});
