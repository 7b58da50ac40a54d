/**
 * Writes a projection's next migration from its entities, with TypeORM's own schema diff:
 *   npm run migration:generate -- <source> <Name> [--from-empty]
 * <source>: a read model's name (chronology, team-teach …), `alerts` (the inbox's own tables) or
 * `alerts.<family>` (a feature's alert rules); run without arguments to list them. <Name>: PascalCase,
 * what the migration does (`ChronologyDslEntries`). The source's committed migrations are applied to a
 * scratch schema of DATABASE_URL's database (dropped afterwards), and the queries that bring it to what
 * the entities describe become `<timestamp>-<name>.ts` in the `migrations/` folder beside the entities,
 * formatted with prettier. `--from-empty` diffs against an empty schema instead: the whole schema in
 * one migration, to replace the source's migrations. Then add the class to the source's `migrations`.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import type { Query } from 'typeorm/driver/Query.js';
import { MIGRATION_SOURCES } from '#lib/platform';
import { pendingSchemaChanges } from '#lib/read-models';

function fail(message: string): never {
  process.stderr.write(`migration:generate: ${message}\n`);
  process.exit(2);
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'from-empty': { type: 'boolean', default: false } } });
const [sourceName, name] = positionals;
const names = MIGRATION_SOURCES.map((s) => s.name).join(', ');
if (!sourceName || !name) fail(`usage: npm run migration:generate -- <source> <Name> [--from-empty]\nsources: ${names}`);
if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) fail(`the name is a PascalCase class name, not ${name}`);
const source = MIGRATION_SOURCES.find((s) => s.name === sourceName) ?? fail(`no source ${sourceName}; sources: ${names}`);
const databaseUrl = process.env.DATABASE_URL ?? fail('set DATABASE_URL (a scratch schema is made there and dropped)');

const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
// Beside the file that declares the source's first entity.
const entity = source.entities[0]!.name;
const grep = (): string => {
  try {
    return execFileSync('git', ['grep', '-l', '-E', `^export class ${entity}\\b`, '--', 'libs/*.ts'], { cwd: root, encoding: 'utf8' });
  } catch {
    return '';
  }
};
const declaring = grep().split('\n').filter(Boolean);
if (declaring.length !== 1) fail(`found ${declaring.length} files declaring ${entity}: ${declaring.join(', ')}`);

const sql = await pendingSchemaChanges(databaseUrl, source, { fromEmpty: values['from-empty'] });
if (sql.upQueries.length === 0) fail(`the entities of ${source.name} match its migrations: nothing to generate`);

const timestamp = Date.now();
const className = `${name}${timestamp}`;
const file = join(root, dirname(declaring[0]!), 'migrations', `${timestamp}-${name.replace(/(?<!^)([A-Z])/g, '-$1').toLowerCase()}.ts`);
const call = (query: Query) =>
  `await q.query(\`${query.query.replace(/[\\`]|\$\{/g, (c) => `\\${c}`)}\`${query.parameters?.length ? `, ${JSON.stringify(query.parameters)}` : ''});`;
const text = `import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities of ${source.name} by \`npm run migration:generate\`: change the entities, then generate the next one. */
export class ${className} implements MigrationInterface {
  name = '${className}';
  async up(q: QueryRunner): Promise<void> {
    ${sql.upQueries.map(call).join('\n')}
  }
  async down(q: QueryRunner): Promise<void> {
    ${[...sql.downQueries].reverse().map(call).join('\n')}
  }
}
`;
await mkdir(dirname(file), { recursive: true });
await writeFile(file, await prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file }));
process.stdout.write(`${relative(root, file)}: ${className}. Add it to the migrations of ${source.name}.\n`);
