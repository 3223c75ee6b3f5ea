// npm run db:migration:create writes the generated SQL into the service's migrations.ts as the
// next migration, in the style of the hand-written ones.
import fs from 'node:fs';
import path from 'node:path';
import { nextMigration, withMigration } from '../../tools/db/migration-source';

const notificationsSource = fs.readFileSync(
  path.join(__dirname, '../../services/notifications/src/db/migrations.ts'),
  'utf8',
);

describe('a generated migration', () => {
  it("takes the number after the service's last, whatever their order in the list", () => {
    const m = nextMigration(
      ['0001-create-notifications', '0003-customer-notifications', '0002-acked-notifications-retention-index'],
      'add-read-at',
      ['select 1'],
    );
    expect(m).toEqual({ name: '0004-add-read-at', className: 'AddReadAt', statements: ['select 1'] });
  });

  it('refuses a name that is not lower-case words joined by dashes', () => {
    expect(() => nextMigration([], 'Add read_at', [])).toThrow(/--name/);
  });

  it("is a class before the service's list and the list's last entry, its SQL kept literally", () => {
    const sql = "create index n_idx on notifications (acked_at) where event = 'a`b${c}'";
    const out = withMigration(
      notificationsSource,
      'notificationsMigrations',
      nextMigration(['0003-x'], 'read-at', [sql]),
    );
    expect(
      out.startsWith(notificationsSource.slice(0, notificationsSource.indexOf('export const notificationsMigrations'))),
    ).toBe(true);
    expect(out).toContain(
      "class ReadAt extends Migration {\n  async up(): Promise<void> {\n    this.addSql(`create index n_idx on notifications (acked_at) where event = 'a\\`b\\${c}'`);\n  }\n}\n\nexport const notificationsMigrations",
    );
    expect(
      out
        .trimEnd()
        .endsWith(
          "  { name: '0003-customer-notifications', class: CustomerNotifications },\n  { name: '0004-read-at', class: ReadAt },\n];",
        ),
    ).toBe(true);
    // The template literal gives back the statement exactly.
    const literal = /this\.addSql\((`(?:[^`\\]|\\.)*`)\)/.exec(out.slice(out.indexOf('class ReadAt')))?.[1] ?? '';
    expect(new Function(`return ${literal}`)()).toBe(sql);
  });

  it('says where the list is missing instead of writing elsewhere', () => {
    expect(() =>
      withMigration('export const other = [];\n', 'notificationsMigrations', nextMigration([], 'x', ['select 1'])),
    ).toThrow(/notificationsMigrations/);
  });
});
