import type { MigrationInterface } from 'typeorm';
import { MIGRATIONS } from './index';
import { onlineSafetyProblems, splitStatements, statementsOf, type MaintenanceWindow } from './online-safety';

const rulesBroken = (statements: string[], existing = ['users']) => onlineSafetyProblems(statements, new Set(existing)).map((p) => p.rule);

describe('online-safe migrations', () => {
  it('flags what breaks the previous release or holds a table lock for a scan or rewrite', () => {
    const unsafe = [
      'DROP TABLE "users"',
      'ALTER TABLE "users" DROP COLUMN "nickname"',
      'ALTER TABLE "users" RENAME COLUMN "nickname" TO "alias"',
      'ALTER TABLE "users" ALTER COLUMN "nickname" TYPE varchar(40)',
      'ALTER TABLE "users" ALTER COLUMN "nickname" SET NOT NULL',
      'ALTER TABLE "users" ADD "nickname" text NOT NULL',
      'ALTER TABLE "users" ADD COLUMN "token" uuid DEFAULT gen_random_uuid()',
      'CREATE INDEX "users_nickname" ON "users" ("nickname")',
      'CREATE UNIQUE INDEX "users_nickname" ON "users" ("nickname")',
      'ALTER TABLE "users" ADD CONSTRAINT "users_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id")',
      'ALTER TABLE "users" ADD CONSTRAINT "users_nickname_short" CHECK (length(nickname) < 40)',
      'ALTER TABLE "users" ADD CONSTRAINT "users_nickname_key" UNIQUE ("nickname")',
    ];
    for (const statement of unsafe) expect({ statement, problems: rulesBroken([statement]) }).toMatchObject({ problems: [expect.any(String)] });
  });

  it('lets expanding statements through, and anything on a table the migration creates itself', () => {
    expect(
      rulesBroken([
        'ALTER TABLE "users" ADD "nickname" text',
        'ALTER TABLE "users" ADD "muted" boolean NOT NULL DEFAULT false',
        'ALTER TABLE "users" ADD "seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()',
        'CREATE INDEX CONCURRENTLY "users_nickname" ON "users" ("nickname")',
        'ALTER TABLE "users" ADD CONSTRAINT "users_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") NOT VALID',
        'ALTER TABLE "users" VALIDATE CONSTRAINT "users_tenant"',
        'ALTER TABLE "users" ADD CONSTRAINT "users_nickname_key" UNIQUE USING INDEX "users_nickname"',
        'CREATE TABLE "badges" ("id" uuid NOT NULL, "name" text NOT NULL)',
        'CREATE INDEX "badges_name" ON "badges" ("name")',
        'ALTER TABLE "badges" ALTER COLUMN "name" SET NOT NULL',
      ]),
    ).toEqual([]);
  });

  it('counts a table as existing for the migrations after the one that created it', () => {
    const existing = new Set<string>();
    expect(onlineSafetyProblems(['CREATE TABLE "badges" ("id" uuid)', 'CREATE INDEX "badges_id" ON "badges" ("id")'], existing)).toEqual([]);
    expect(onlineSafetyProblems(['CREATE INDEX "badges_id" ON "badges" ("id")'], existing)).toHaveLength(1);
  });

  it('splits a query string into statements, keeping semicolons inside quotes and $$ bodies', () => {
    expect(splitStatements(`CREATE TABLE "a" ("x" text DEFAULT ';');\n  DO $$ BEGIN PERFORM 1; END $$;CREATE INDEX "a_x" ON "a" ("x")`)).toEqual([
      `CREATE TABLE "a" ("x" text DEFAULT ';')`,
      'DO $$ BEGIN PERFORM 1; END $$',
      'CREATE INDEX "a_x" ON "a" ("x")',
    ]);
  });

  // The rolling update's guarantee: the first new pod migrates while the old pods keep serving.
  it('keeps every migration safe beside the release before it, or has it say why it needs a maintenance window', async () => {
    const existing = new Set<string>();
    const verdicts: { migration: string; problems: string[]; maintenanceWindow: string | null }[] = [];
    for (const Migration of MIGRATIONS) {
      const migration: MigrationInterface & Partial<MaintenanceWindow> = new Migration();
      const problems = onlineSafetyProblems(await statementsOf(migration), existing).map((p) => `${p.rule}: ${p.statement.slice(0, 120)}`);
      verdicts.push({ migration: migration.name!, problems, maintenanceWindow: migration.maintenanceWindow ?? null });
    }
    expect(verdicts.filter((v) => v.problems.length > 0 && !v.maintenanceWindow)).toEqual([]);
    // A declaration with nothing left to excuse would hide the next unsafe statement added to it.
    expect(verdicts.filter((v) => v.problems.length === 0 && v.maintenanceWindow).map((v) => v.migration)).toEqual([]);
  });
});
