import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a migration can run while the previous release still serves: in a rolling update the
 * first new pod migrates (under the advisory lock) while old pods keep reading and writing. So a
 * migration may only expand: add tables, nullable or defaulted columns, indexes built
 * CONCURRENTLY, constraints added NOT VALID. Removing or renaming what the old release uses, and
 * statements that hold a table's lock for a scan or a rewrite, wait for a later "contract"
 * release or a maintenance window, which a migration then declares (`MaintenanceWindow`).
 */
export interface OnlineSafetyProblem {
  statement: string;
  rule: string;
}

/** A migration that knowingly needs the old release stopped (or the table's lock held) says why. */
export interface MaintenanceWindow {
  maintenanceWindow: string;
}

interface Rule {
  rule: string;
  /** The table the statement locks or changes, when it matches. */
  match(sql: string): string | null;
}

/** A quoted or bare identifier: captured for the statement's table, `ANY_NAME` for the others. */
const NAME = '"?([A-Za-z0-9_]+)"?';
const ANY_NAME = '"?[A-Za-z0-9_]+"?';
const tableOf = (pattern: RegExp) => (sql: string) => pattern.exec(sql)?.[1] ?? null;
/** A statement that also matches `unless` is the safe form of the rule's operation. */
const unlessAlso = (pattern: RegExp, unless: RegExp) => (sql: string) => (unless.test(sql) ? null : (pattern.exec(sql)?.[1] ?? null));

/** Each rule applies to tables that existed before the migration: a table it creates itself is no one's yet. */
const RULES: Rule[] = [
  { rule: 'drops a table the previous release still uses', match: tableOf(new RegExp(`^DROP TABLE (?:IF EXISTS )?${NAME}`, 'i')) },
  { rule: 'drops a column the previous release still reads', match: tableOf(new RegExp(`^ALTER TABLE ${NAME} .*\\bDROP COLUMN\\b`, 'i')) },
  { rule: 'renames what the previous release still uses', match: tableOf(new RegExp(`^ALTER TABLE ${NAME} .*\\bRENAME\\b`, 'i')) },
  { rule: 'changes a column type (rewrites the table under an exclusive lock)', match: tableOf(new RegExp(`^ALTER TABLE ${NAME} .*\\bALTER COLUMN ${ANY_NAME} (?:SET DATA )?TYPE\\b`, 'i')) },
  { rule: 'sets NOT NULL on an existing column (scans the table under an exclusive lock)', match: tableOf(new RegExp(`^ALTER TABLE ${NAME} .*\\bALTER COLUMN ${ANY_NAME} SET NOT NULL\\b`, 'i')) },
  {
    rule: 'adds a NOT NULL column without a default (the previous release inserts rows without it)',
    match: unlessAlso(new RegExp(`^ALTER TABLE ${NAME} .*\\bADD (?:COLUMN )?(?:IF NOT EXISTS )?${ANY_NAME} [^,]*\\bNOT NULL\\b`, 'i'), /\bDEFAULT\b/i),
  },
  {
    rule: 'adds a column with a volatile default (rewrites the table under an exclusive lock)',
    match: tableOf(new RegExp(`^ALTER TABLE ${NAME} .*\\bADD (?:COLUMN )?.*\\bDEFAULT (?:gen_random_uuid|uuid_generate_v\\d|random|clock_timestamp)\\(`, 'i')),
  },
  { rule: 'builds an index without CONCURRENTLY (blocks writes to the table while it builds)', match: unlessAlso(new RegExp(`^CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?(?:${ANY_NAME} )?ON ${NAME}`, 'i'), /\bCONCURRENTLY\b/i) },
  {
    rule: 'adds a checked constraint without NOT VALID (validates every row under the lock)',
    match: unlessAlso(new RegExp(`^ALTER TABLE ${NAME} .*\\bADD CONSTRAINT ${ANY_NAME} (?:FOREIGN KEY|CHECK)\\b`, 'i'), /\bNOT VALID\b/i),
  },
  { rule: 'adds a unique or primary key constraint (builds its index under the lock; build it CONCURRENTLY and attach it USING INDEX)', match: unlessAlso(new RegExp(`^ALTER TABLE ${NAME} .*\\bADD CONSTRAINT ${ANY_NAME} (?:UNIQUE|PRIMARY KEY)\\b`, 'i'), /\bUSING INDEX\b/i) },
];

const CREATED_TABLE = new RegExp(`^CREATE TABLE (?:IF NOT EXISTS )?${NAME}`, 'i');

/**
 * The statements `up` sends, without a database: each migration here only calls `query`, and one
 * that reads first gets no rows (the plain, unpartitioned layout: createMessagesIndexOnline).
 */
export async function statementsOf(migration: MigrationInterface): Promise<string[]> {
  const statements: string[] = [];
  const recorder = {
    query: async (sql: string) => {
      statements.push(...splitStatements(sql));
      return [];
    },
  };
  await migration.up(recorder as unknown as QueryRunner);
  return statements;
}

/** One query string may hold several statements; `;` inside quotes or a $$ body does not end one. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const two = sql.slice(i, i + 2);
    if (quote === '$$' ? two === '$$' : quote === null && two === '$$') {
      quote = quote ? null : '$$';
      current += two;
      i++;
      continue;
    }
    const c = sql[i];
    if (quote !== '$$' && (c === "'" || c === '"')) quote = quote === c ? null : (quote ?? c);
    if (c === ';' && quote === null) {
      statements.push(current);
      current = '';
    } else current += c;
  }
  statements.push(current);
  return statements.map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/**
 * The statements of one migration that are not safe beside the previous release, given the tables
 * that existed before it (`existing`, which it extends with the tables it creates).
 */
export function onlineSafetyProblems(statements: readonly string[], existing: Set<string>): OnlineSafetyProblem[] {
  const createdHere = new Set<string>();
  const problems: OnlineSafetyProblem[] = [];
  for (const statement of statements) {
    const created = CREATED_TABLE.exec(statement)?.[1];
    if (created) createdHere.add(created);
    for (const { rule, match } of RULES) {
      const table = match(statement);
      if (table && existing.has(table) && !createdHere.has(table)) problems.push({ statement, rule });
    }
  }
  for (const table of createdHere) existing.add(table);
  return problems;
}
