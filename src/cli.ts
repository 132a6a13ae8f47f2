#!/usr/bin/env node
/**
 * rapport start | migrate | seed | user create | token create | search rebuild | export | import | privacy retention |
 * config
 */
import { createReadStream } from 'node:fs';
import { copyFile, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { progressBar } from './progress-bar.ts';
import { InvalidConfigError, loadConfig, settingsMarkdown } from './server/config.ts';
import { analyze, openDatabase } from './server/db/database.ts';
import { migrateToLatest } from './server/db/migrate.ts';
import { start } from './server/main.ts';
import { recordKinds } from './server/modules/kinds.ts';
import { RETENTION_CTX } from './server/modules/privacy/index.ts';
import { systemCtx } from './server/platform/access/policy.ts';
import { AppError } from './server/platform/errors.ts';
import { metricsMarkdown } from './server/platform/metrics/index.ts';
import { kernelsOf } from './server/platform/records/kernel.ts';
import { rebuildSearchDocuments } from './server/platform/search/rebuild.ts';
import { isEmpty, seedWorkspace } from './server/seed/seed.ts';
import { createServices } from './server/services.ts';

function config(dbOverride?: string) {
  const c = loadConfig(process.env);
  return dbOverride ? { ...c, databaseUrl: dbOverride } : c;
}

async function withServices<T>(
  dbUrl: string | undefined,
  fn: (s: ReturnType<typeof createServices>) => Promise<T>,
): Promise<T> {
  const c = config(dbUrl);
  const database = await openDatabase(c.databaseUrl);
  try {
    const s = createServices(database, c);
    await s.identity.ensureBuiltinRoles();
    await s.workspace.ensure();
    return await fn(s);
  } finally {
    await database.close();
  }
}

const program = new Command('rapport').description('Rapport CRM').showHelpAfterError();

program
  .command('start')
  .description('Run the server (migrates the database first)')
  .option('--demo', 'seed the demo workspace when the database is empty')
  .action(async (opts: { demo?: boolean }) => {
    await start(opts.demo ? { demo: true } : {});
  });

program
  .command('migrate')
  .description('Apply pending database migrations')
  .option('--db <url>', 'database URL (default: DATABASE_URL)')
  .action(async (opts: { db?: string }) => {
    const c = config(opts.db);
    const database = await openDatabase(c.databaseUrl, { migrate: false });
    const applied = await migrateToLatest(database.db);
    await database.close();
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
  });

const scaleArg = (v: string) => {
  if (['demo', 'small', 'medium', 'large'].includes(v)) return v as 'demo' | 'small' | 'medium' | 'large';
  const n = Number(v);
  if (Number.isInteger(n) && n > 0) return n;
  throw new InvalidArgumentError('use demo, small, medium, large or a number of people');
};

program
  .command('seed')
  .description('Generate a deterministic dataset (demo, small, medium, large or N people) into an empty database')
  .option('--scale <scale>', 'demo | small | medium | large | <people>', scaleArg, 'demo')
  .option('--seed <n>', 'random seed (the demo workspace uses 1)', (v) => Number.parseInt(v, 10), 1)
  .option('--db <url>', 'database URL (default: DATABASE_URL)')
  .action(async (opts: { scale: 'demo' | 'small' | 'medium' | 'large' | number; seed: number; db?: string }) => {
    const c = config(opts.db);
    const database = await openDatabase(c.databaseUrl);
    try {
      if (!(await isEmpty(database))) {
        console.error(
          'The database already has users; seed into an empty database (e.g. --db sqlite:./data/large.db).',
        );
        process.exitCode = 1;
        return;
      }
      const bar = progressBar('seed');
      const r = await seedWorkspace(database, {
        scale: opts.scale,
        seed: opts.seed,
        onProgress: (done, total, phase) => bar.update(done, total, phase),
      });
      bar.stop();
      // the seed writes the search documents and builds the search index itself
      const analyzed = performance.now();
      await analyze(database);
      console.log(
        `Seeded ${r.people} people, ${r.companies} companies, ${r.users.length} users in ${(r.ms / 1000).toFixed(1)} s ` +
          `(planner statistics ${((performance.now() - analyzed) / 1000).toFixed(1)} s).`,
      );
    } finally {
      await database.close();
    }
  });

const user = program.command('user').description('Manage users');
user
  .command('create')
  .description('Create a user')
  .requiredOption('--email <email>')
  .requiredOption('--password <password>')
  .option('--name <name>', 'display name')
  .option(
    '--role <role>',
    'admin | manager | sales | marketing | service | accounts | read-only | a custom role key',
    'admin',
  )
  .option('--team <team...>', 'team names (created when missing)')
  .option('--db <url>')
  .action(
    async (opts: { email: string; password: string; name?: string; role: string; team?: string[]; db?: string }) => {
      await withServices(opts.db, async (s) => {
        const u = await s.identity.createUserAsSystem({
          email: opts.email,
          name: opts.name ?? opts.email.split('@')[0]!,
          password: opts.password,
          roleKey: opts.role,
          teamNames: opts.team,
        });
        console.log(`Created ${u.email} (${u.role.name}) id ${u.id}`);
      });
    },
  );

const token = program.command('token').description('Manage API tokens');
token
  .command('create')
  .description('Create an API token acting as a user; prints the secret once')
  .requiredOption('--email <email>', 'the user the token acts as')
  .option('--name <name>', 'what the token is for', 'integration')
  .option('--scope <object=read|write...>', 'e.g. people=write companies=read', ['people=read', 'companies=read'])
  .option('--days <n>', 'expires after n days', (v) => Number.parseInt(v, 10), 90)
  .option('--db <url>')
  .action(async (opts: { email: string; name: string; scope: string[]; days: number; db?: string }) => {
    await withServices(opts.db, async (s) => {
      const scopes = Object.fromEntries(opts.scope.map((x) => x.split('=') as [string, 'read' | 'write']));
      const actor = await s.identity.actorForEmail(opts.email);
      const t = await s.identity.createToken(systemCtx(actor), { name: opts.name, scopes, expiresInDays: opts.days });
      console.log(t.token);
      console.error(`Token ${t.prefix}… for ${opts.email}, expires ${t.expiresAt}. It is shown only this once.`);
    });
  });

const search = program.command('search').description('Maintain the search index');
search
  .command('rebuild')
  .description(
    'Rewrite the search document of every record of every searchable kind (e.g. after a bulk seed or a restore)',
  )
  .option('--db <url>', 'database URL (default: DATABASE_URL)')
  .action(async (opts: { db?: string }) => {
    await withServices(opts.db, async (s) => {
      const bar = progressBar('search');
      // People and companies in bulk (set-based, a million rows in minutes); every other kind through its kernel.
      const r = await rebuildSearchDocuments(s.database, (done, total, kind) => bar.update(done, total, kind));
      const others: string[] = [];
      for (const kernel of kernelsOf(Object.values(s), recordKinds.names())) {
        if (!kernel.kind.searchable || kernel.kind.name in r) continue;
        const n = await kernel.reindexAll(500, (done) => bar.update(done, done, kernel.kind.name));
        others.push(`${n} ${kernel.kind.name}`);
      }
      bar.stop();
      console.log(
        `Indexed ${[`${r.companies} companies`, `${r.people} people`, ...others].join(', ')} in ${(r.ms / 1000).toFixed(1)} s.`,
      );
    });
  });

const metrics = program.command('metrics').description('Maintain the metric rollups');
metrics
  .command('rebuild')
  .description('Recompute every metric rollup from the event log (after a metric is added or its definition changes)')
  .option('--db <url>', 'database URL (default: DATABASE_URL)')
  .action(async (opts: { db?: string }) => {
    const r = await withServices(opts.db, (s) => s.metricRollups.rebuild());
    console.log(`Counted ${r.events} events into ${r.rows} rollups in ${(r.ms / 1000).toFixed(1)} s.`);
  });
metrics
  .command('docs')
  .description('Print docs/metrics.md: every registered metric with its definition')
  .action(async () => {
    const database = await openDatabase('sqlite::memory:');
    try {
      process.stdout.write(metricsMarkdown(createServices(database, config()).metrics.registry));
    } finally {
      await database.close();
    }
  });

program
  .command('export')
  .description('Export a list to a file as a user would (their field rules and visibility), through the export job')
  .argument('<kind>', 'people | companies')
  .requiredOption('--as <email>', 'the user the export runs as')
  .requiredOption('--out <file>', 'where to write the file')
  .option('--format <format>', 'csv | xlsx', 'csv')
  .option('--filter <filter...>', 'list filters as on the API, e.g. city:eq:Leeds')
  .option('--columns <key...>', 'column keys (default: every column the user may read)')
  .option('--db <url>')
  .action(
    async (
      kind: string,
      opts: { as: string; out: string; format: string; filter?: string[]; columns?: string[]; db?: string },
    ) => {
      if (kind !== 'people' && kind !== 'companies') throw new InvalidArgumentError('kind is people or companies');
      if (opts.format !== 'csv' && opts.format !== 'xlsx') throw new InvalidArgumentError('format is csv or xlsx');
      await withServices(opts.db, async (s) => {
        const actor = await s.identity.actorForEmail(opts.as);
        const job = await s.exports.start(systemCtx(actor), {
          kind,
          format: opts.format as 'csv' | 'xlsx',
          filter: opts.filter,
          columns: opts.columns,
        });
        const bar = progressBar('export');
        const watch = setInterval(async () => {
          const row = await s.jobRunner.find(job.id);
          if (row?.progress_total) bar.update(row.progress_done, row.progress_total, kind);
        }, 250);
        try {
          await s.jobRunner.runOnce('work', job.id);
        } finally {
          clearInterval(watch);
          bar.stop();
        }
        const row = (await s.jobRunner.find(job.id))!;
        const path = s.jobRunner.resultPath(row);
        if (row.status !== 'succeeded' || !path) {
          console.error(`Export ${row.status}: ${row.error ?? row.message ?? ''}`);
          process.exitCode = 1;
          return;
        }
        await copyFile(path, opts.out);
        console.log(`Exported ${row.progress_done} ${kind} to ${opts.out} (job ${row.id}).`);
      });
    },
  );

const privacy = program.command('privacy').description('Privacy requests and the retention rule');
privacy
  .command('retention')
  .description(
    'Apply the retention rule now (inactive people flagged or anonymised), or with --dry-run list who it matches',
  )
  .option('--dry-run', 'list the people the rule matches, change nothing')
  .option('--as <email>', 'the user it runs as (default: the retention rule itself, as the daily job)')
  .option('--db <url>', 'database URL (default: DATABASE_URL)')
  .action(async (opts: { dryRun?: boolean; as?: string; db?: string }) => {
    await withServices(opts.db, async (s) => {
      const ctx = opts.as ? systemCtx(await s.identity.actorForEmail(opts.as)) : RETENTION_CTX;
      const r = await s.privacy.runRetention(ctx, { dryRun: opts.dryRun === true });
      const verb = r.action === 'flag' ? 'flag' : 'anonymise';
      console.log(
        `Retention rule: no activity for ${r.months} months (before ${r.cutoff.slice(0, 10)}), action ${r.action}.`,
      );
      for (const p of r.data)
        console.log(`  ${p.id}  ${p.lastActivityAt.slice(0, 10)}  ${p.name}${p.flagged ? '  (flagged)' : ''}`);
      if (r.matched > r.data.length) console.log(`  … and ${r.matched - r.data.length} more`);
      console.log(
        r.dryRun
          ? `Dry run: ${r.matched} people match and would be ${verb === 'flag' ? 'flagged' : 'anonymised'}; nothing changed.`
          : `${r.applied} of ${r.matched} people ${verb === 'flag' ? 'flagged' : 'anonymised'}.`,
      );
    });
  });

program
  .command('import')
  .description(
    'Import people or companies from a CSV, XLSX or vCard file, or an ERP export of orders, invoices or payments, as a user would (their permissions and field rules; ERP rows through the ERP sync)',
  )
  .argument('<kind>', 'people | companies | orders | invoices | payments')
  .argument('<file>', 'the CSV, XLSX or vCard file (format, encoding and delimiter are detected)')
  .option('--as <email>', 'the user the import runs as (default: RAPPORT_ADMIN_EMAIL)')
  .option('--dry-run', 'say what each row would do, write nothing')
  .option(
    '--mapping <name>',
    'a saved mapping by name, or a JSON file mapping headers to fields (default: the suggested mapping)',
  )
  .option('--save-mapping <name>', 'save the mapping used under this name, to reuse with --mapping')
  .option('--sheet <name>', 'XLSX: the sheet to read (default: the first)')
  .option(
    '--match <how>',
    'none | email | phone | domain | externalId | erpId (companies: their ERP id) (orders, invoices, payments: always their ERP id)',
    'none',
  )
  .option(
    '--update <how>',
    'fill-empty | overwrite | skip (orders, invoices, payments: the ERP’s values win)',
    'fill-empty',
  )
  .option('--mode <mode>', 'valid-rows | all-or-nothing', 'valid-rows')
  .option('--db <url>')
  .action(
    async (
      kind: string,
      file: string,
      opts: {
        as?: string;
        dryRun?: boolean;
        mapping?: string;
        saveMapping?: string;
        sheet?: string;
        match: string;
        update: string;
        mode: string;
        db?: string;
      },
    ) => {
      const kinds = ['people', 'companies', 'orders', 'invoices', 'payments'] as const;
      if (!(kinds as readonly string[]).includes(kind)) {
        throw new InvalidArgumentError(`kind is one of ${kinds.join(', ')}`);
      }
      const importKind = kind as (typeof kinds)[number];
      const email = opts.as ?? config(opts.db).adminEmail;
      if (!email) throw new InvalidArgumentError('name the user the import runs as with --as <email>');
      await withServices(opts.db, async (s) => {
        const ctx = systemCtx(await s.identity.actorForEmail(email));
        // A saved mapping by name, else a JSON file; checked before the upload so a typo leaves nothing behind.
        const saved = opts.mapping ? await s.imports.mappingNamed(ctx, importKind, opts.mapping) : undefined;
        if (opts.mapping && !saved && !(await stat(opts.mapping).catch(() => undefined))) {
          const names = (await s.imports.mappings(ctx, importKind)).map((m) => `"${m.name}"`);
          throw new InvalidArgumentError(
            `no saved ${kind} mapping and no file named "${opts.mapping}"${names.length ? ` (saved: ${names.join(', ')})` : ''}`,
          );
        }
        const imp = await s.imports.upload(ctx, {
          contentType: 'text/csv',
          body: createReadStream(file),
          kind,
          fileName: basename(file),
          ...(opts.sheet ? { sheet: opts.sheet } : {}),
        });
        const detected =
          imp.format === 'csv'
            ? `CSV, ${imp.encoding}, delimiter ${JSON.stringify(imp.delimiter)}`
            : imp.format === 'xlsx'
              ? `XLSX, sheet "${imp.sheet}" of ${imp.sheets!.map((n) => `"${n}"`).join(', ')}`
              : `vCard, ${imp.encoding}`;
        console.log(`${imp.fileName}: ${detected}, ${imp.headers.length} columns`);
        let mapping = imp.mapping;
        if (saved) {
          // The saved mapping's fields for the headers this file has.
          mapping = Object.fromEntries(imp.headers.map((h) => [h, saved.mapping[h] ?? null]));
          console.log(`Mapping: "${saved.name}" (saved)`);
        } else if (opts.mapping) {
          mapping = JSON.parse(await readFile(opts.mapping, 'utf8')) as Record<string, string | null>;
        } else if (imp.savedMapping) console.log(`Mapping: "${imp.savedMapping.name}" (saved, fits these headers)`);
        for (const [header, field] of Object.entries(mapping)) console.log(`  ${header} → ${field ?? '(left out)'}`);
        const options = {
          mapping,
          ...(opts.match === 'erpId'
            ? { match: 'externalId' as const, matchField: 'externalId' }
            : { match: opts.match as 'none' }),
          update: opts.update as 'fill-empty',
          mode: opts.mode as 'valid-rows',
        };
        if (opts.saveMapping) {
          const saved = await s.imports.saveMapping(ctx, { kind: importKind, name: opts.saveMapping, mapping });
          console.log(`Saved the mapping as "${saved.name}".`);
        }
        const bar = progressBar(opts.dryRun ? 'dry run' : 'import');
        let counts: { total: number; created: number; updated: number; skipped: number; rejected: number };
        let rejected: string;
        if (opts.dryRun) {
          try {
            const dry = await s.imports.dryRun(ctx, imp.id, options, (done, total) => bar.update(done, total));
            counts = dry.counts;
            rejected = dry.rejectedUrl;
            for (const r of dry.rejections.slice(0, 20))
              console.log(`  row ${r.row}, ${r.column ?? 'row'}: ${r.reason}`);
          } finally {
            bar.stop();
          }
        } else {
          const started = await s.imports.run(ctx, imp.id, options);
          const watch = setInterval(async () => {
            const row = await s.jobRunner.find(started.jobId!);
            if (row?.progress_total) bar.update(row.progress_done, row.progress_total);
          }, 250);
          try {
            await s.jobRunner.runOnce('work', started.jobId!);
          } finally {
            clearInterval(watch);
            bar.stop();
          }
          const done = await s.imports.get(ctx, imp.id);
          counts = done.counts;
          rejected = done.rejectedUrl;
          if (done.status !== 'succeeded') {
            // A failed attempt is retried by the server's job runner (`rapport start`), from its checkpoint.
            console.error(`Import ${done.status}: ${done.error ?? 'it will be resumed by the running server'}`);
            process.exitCode = 1;
          }
        }
        console.log(
          `${opts.dryRun ? 'Would import' : 'Imported'} ${counts.total} rows: ${counts.created} created, ${counts.updated} updated, ${counts.skipped} skipped, ${counts.rejected} rejected (import ${imp.id}).`,
        );
        if (counts.rejected > 0) console.log(`Rejected rows: GET ${rejected}`);
      });
    },
  );

program
  .command('config')
  .description('Print every configuration variable as a Markdown table')
  .action(() => {
    console.log(settingsMarkdown());
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof InvalidConfigError || err instanceof InvalidArgumentError) console.error(err.message);
  else if (err instanceof AppError)
    console.error(
      `${err.title}: ${err.detail ?? ''}${err.errors ? `\n${err.errors.map((e) => `  ${e.pointer}: ${e.detail}`).join('\n')}` : ''}`,
    );
  else console.error(err);
  process.exit(1);
});
