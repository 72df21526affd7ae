import fs from 'node:fs';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { type Config, ConfigError, loadConfig, VERSION } from './config.ts';
import { createDb, type Db } from './db/database.ts';
import { DataDirBusyError, openEmbeddedDatabase, takeOverSignals } from './db/embedded.ts';
import { GridIndex } from './modules/areas/index.ts';
import { simulateCameras } from './modules/cameras/index.ts';
import { filesDir } from './modules/cases/index.ts';
import {
  hasData,
  loadDemo,
  type Scale,
  writeDemoFiles,
  writeSampleAbnormalList,
  writeSampleLedgers,
} from './modules/demo/index.ts';
import {
  exportCommand,
  type ImportOptions,
  importCommand,
  LedgerCommandError,
} from './modules/ledgers/index.ts';
import {
  createAuditorCommand,
  type InitOptions,
  initCommand,
  issueSetupToken,
  needsSetup,
  SetupCommandError,
  TOKEN_HOURS,
} from './modules/setup/index.ts';
import { UsersCommandError, usersImportCommand } from './modules/users/index.ts';
import { audit, SYSTEM_ACTOR, sealAll, verifyAudit } from './platform/audit.ts';
import { API_KEY_SCOPES, type ApiKeyScope } from './platform/auth/apikeys.schemas.ts';
import {
  allKeys,
  areaExists,
  createApiKey,
  defaultKeyArea,
  expiryOf,
  revokeKeyAsSystem,
} from './platform/auth/apikeys.ts';
import { ArchiveError } from './platform/backup.archive.ts';
import { backup, RestoreRefusedError, restore } from './platform/backup.ts';
import { AppError } from './platform/errors.ts';
import {
  assertOpens,
  type RotationStep,
  rotateEnvKey,
  rotateFileKey,
  WrongKeyError,
} from './platform/key-rotation.ts';
import { currentKeys, formatDataKey, loadPii, Pii } from './platform/pii.ts';
import { openDatabase, startServer } from './runtime.ts';

/** A failure explained to the user in one line, without a stack. */
class CommandError extends Error {}

// A command's result goes to standard output, so that it can be piped or kept; progress, notes
// and warnings go to standard error, and a script reading the result does not see them.
const say = (message: string) => process.stderr.write(`${message}\n`);
const tell = (message: string) => process.stdout.write(`${message}\n`);

/** Exit codes, the same for every command (and listed in `--help`). */
const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return n;
}

const scaleOption = () =>
  new Option('--scale <scale>', 'district: ~300 grids; city: ~30,000 grids (benchmarks)')
    .choices(['district', 'city'])
    .default('district');
const seedOption = () =>
  new Option('--seed <n>', 'random seed: the same seed gives the same district')
    .argParser(integer)
    .default(1);

async function seedDemo(
  database: Awaited<ReturnType<typeof openDatabase>>,
  config: Config,
  scale: Scale,
  seed: number,
) {
  const bar = new SingleBar({
    format: '  {step} [{bar}] {percentage}% | {value}/{total}',
    hideCursor: true,
    clearOnComplete: false,
  });
  let current = '';
  const labels: Record<string, string> = {
    generate: 'Generating the map',
    areas: 'Loading areas   ',
    accounts: 'Creating accounts',
    people: 'Loading residents',
    cases: 'Loading cases    ',
    teams: 'Loading teams    ',
    enforcement: 'Loading enforcement',
    residents: "Loading residents' channel",
  };
  bar.start(1, 0, { step: labels.generate });
  const result = await loadDemo(database.db, new GridIndex(database.db), loadPii(config), {
    seed,
    scale,
    password: config.demoPassword,
    mustChangePassword: config.nodeEnv === 'production',
    dataDir: config.dataDir,
    onProgress: (done, total, step) => {
      if (step !== current) {
        current = step;
        bar.setTotal(total);
      }
      bar.update(done, { step: labels[step] });
    },
  });
  bar.stop();
  const files = writeDemoFiles(config.dataDir, result);
  tell(
    `Loaded the demo ${scale}: ${result.areas} areas, ${result.people} residents, ${result.cases} cases, ${result.accounts.length} accounts (${files.accountsFile}).`,
  );
  if (result.passwordGenerated) {
    tell(`Demo password (shown once; also in ${files.credentialsFile}): ${result.password}`);
  }
  return result;
}

async function serve(options: { demo?: boolean; seed: number }) {
  const config = loadConfig();
  const started = Date.now();
  const database = await openDatabase(config, 'server', say);
  try {
    const wantDemo = options.demo ?? config.nodeEnv !== 'production';
    if (wantDemo && !(await hasData(database.db))) {
      say('First start: loading the demo district…');
      await seedDemo(database, config, 'district', options.seed);
    }
    const server = await startServer(config, database);
    const credentials = path.join(config.dataDir, 'demo-credentials.txt');
    say('');
    tell(
      `CivicGrid 网格通 ${VERSION} is running at ${server.url}  (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    tell(`  API docs: ${server.url}/api/docs`);
    if (fs.existsSync(credentials) && !config.databaseUrl) {
      tell(`  Log in as "admin"; the demo password and other accounts are in ${credentials}`);
      tell(`  Residents ("resident", "r00001"…) log in to the resident app at ${server.url}/resident`);
    }
    if (config.nodeEnv === 'production' && (await needsSetup(database.db))) {
      await announceSetup(database.db, server.url);
    }
    say('  Press Ctrl-C to stop.');
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      say(`\n${signal}: stopping…`);
      await server.close();
      await database.close();
      process.exit(0);
    };
    takeOverSignals();
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * A production server without accounts does not pretend to be ready: it issues a new one-time
 * setup token (the one printed before, if unused, stops working) and says how to go on.
 */
async function announceSetup(db: Db, url: string) {
  const { token, expiresAt } = await issueSetupToken(db);
  const line = '='.repeat(78);
  say('');
  say(line);
  say('  This server has no accounts yet: nobody can log in. Set up the district, either');
  say(`  in a browser (works once, for ${TOKEN_HOURS} hours, until ${expiresAt.toISOString()}):`);
  say(`    ${url}/setup?token=${token}`);
  say('    (or the same path at the address people reach this server at)');
  say('  or on this machine, with the same DATA_DIR / DATABASE_URL:');
  say('    civicgrid init --district-code 110105 --district-name 朝阳区 --admin admin');
  say('  Restarting the server prints a new URL; the old one stops working.');
  say(line);
  say('');
}

async function withDatabase<T>(
  work: (database: Awaited<ReturnType<typeof openDatabase>>, config: Config) => Promise<T>,
) {
  const config = loadConfig();
  const database = await openDatabase(config, 'command', say);
  try {
    return await work(database, config);
  } finally {
    await database.close();
  }
}

const program = new Command('civicgrid')
  .description('CivicGrid 网格通: grid-based community governance')
  .version(VERSION)
  .showHelpAfterError()
  // Commander exits with 1 on a usage error, the same as a failure; scripts need to tell them apart.
  // Set before the commands are added: each takes it over from the program.
  .exitOverride((error) => {
    if (error.exitCode === 0) process.exit(EXIT.ok);
    process.exit(EXIT.usage);
  })
  .addHelpText(
    'after',
    '\nEnvironment: DATA_DIR (default ./data), DATABASE_URL (use this PostgreSQL instead of the embedded one),\n' +
      'PORT (3000), HOST (127.0.0.1), NODE_ENV, DEMO_PASSWORD.\n' +
      '\nOutput: results on standard output; progress, notes and warnings on standard error.\n' +
      `Exit codes: ${EXIT.ok} done; ${EXIT.failure} failed (an error, rows rejected, a broken audit chain); ` +
      `${EXIT.usage} bad usage (unknown command or option, missing or invalid argument).\n`,
  );

program
  .command('serve')
  .description('Start the server (API and web on one port); loads the demo district on first start')
  .option('--demo', 'load the demo district even in production mode')
  .option('--no-demo', 'never load the demo district')
  .addOption(seedOption())
  .action(serve);

program
  .command('migrate')
  .description('Bring the database schema to the latest version')
  .action(() =>
    withDatabase(async () => {
      tell('The database schema is up to date.');
    }),
  );

program
  .command('seed')
  .description('Load the deterministic demo district (or city) into an empty database')
  .addOption(scaleOption())
  .addOption(seedOption())
  .option(
    '--ledgers <dir>',
    'instead: write sample department ledgers of the demo district (same --seed) into DIR',
  )
  .action((options: { scale: Scale; seed: number; ledgers?: string }) =>
    options.ledgers
      ? seedLedgers(options.ledgers, options.seed)
      : withDatabase(async (database, config) => {
          if (await hasData(database.db)) {
            throw new CommandError(
              'The database already has data; seed loads only into an empty one (use another DATA_DIR).',
            );
          }
          await seedDemo(database, config, options.scale, options.seed);
        }),
  );

/** Regenerated from the seed like the demo itself, so no database is needed. */
async function seedLedgers(dir: string, seed: number) {
  const target = path.resolve(dir);
  const written = await writeSampleLedgers(target, { seed });
  tell(`Wrote sample ledgers of the demo district (seed ${seed}) to ${target}:`);
  for (const ledger of written) {
    const sheets =
      ledger.sheets.length > 1
        ? ` in sheets ${ledger.sheets.map((s) => `${s.name} (${s.rows})`).join(', ')}`
        : '';
    const defects = Object.entries(ledger.defects)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    tell(
      `  ${ledger.file}: ${ledger.rows} rows${sheets}${ledger.encoding ? `, ${ledger.encoding}` : ''}; planted: ${defects}`,
    );
  }
  const abnormal = writeSampleAbnormalList(target, { seed });
  tell(
    `  ${abnormal.file}: ${abnormal.rows} rows (credit records: POST /api/credit/abnormal-list); ${abnormal.listed} listings, ${abnormal.removed} lifted, ${abnormal.unknownCodes} unknown codes, ${abnormal.invalid} invalid`,
  );
}

program
  .command('import')
  .description('Import a department ledger (CSV or XLSX) into the registry: validate, report, then commit')
  .argument('<file>', 'the ledger file')
  .requiredOption('--ledger <type>', 'the ledger type, e.g. ps_registered_population')
  .option('--dry-run', 'validate and report only; import nothing')
  .option('--skip-invalid', 'import the valid rows even when some rows have problems')
  .option('--sheet <name>', 'only this sheet of an XLSX file')
  .option('--header-row <n>', 'the header row, when detection picks the wrong one', integer)
  .option('--as <username>', 'the account the import is made as (audit and history)', 'admin')
  .action((file: string, options: ImportOptions) =>
    withDatabase(async (database, config) => {
      const code = await importCommand(
        { db: database.db, pii: loadPii(config), dataDir: config.dataDir, say, tell },
        file,
        options,
      );
      process.exitCode = code;
    }),
  );

program
  .command('export')
  .description("Export the registry of an area in a ledger type's own columns (ID and phone numbers masked)")
  .requiredOption('--ledger <type>', 'the ledger type whose columns to use')
  .requiredOption('--out <file>', 'where to write the file')
  .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx']).default('xlsx'))
  .option('--area <code>', "an area within the account's (default: all of it)")
  .option('--as <username>', 'the account the export is made as (audit)', 'admin')
  .action((options: { ledger: string; out: string; format: 'csv' | 'xlsx'; area?: string; as: string }) =>
    withDatabase((database, config) =>
      exportCommand({ db: database.db, pii: loadPii(config), dataDir: config.dataDir, say, tell }, options),
    ),
  );

program
  .command('init')
  .description('Set up a new district on an empty database: its area and its first district administrator')
  .requiredOption('--district-code <code>', 'the 6-digit GB/T 2260 code of the district, e.g. 110105')
  .requiredOption('--district-name <name>', 'its name, e.g. 朝阳区')
  .requiredOption('--admin <username>', 'the username of the first district administrator')
  .option('--admin-name <name>', 'the administrator’s display name (default: "<district name>管理员")')
  .option(
    '--admin-password-file <file>',
    'read the password from the first line of FILE instead of asking twice at the terminal',
  )
  .action((options: InitOptions) =>
    withDatabase((database, config) =>
      initCommand(options, {
        db: database.db,
        pii: loadPii(config),
        say,
        out: (text) => process.stdout.write(text),
      }),
    ),
  );

const auditor = program
  .command('auditor')
  .description('The audit administrator, whom no console account may create or reset (separation of duties)');

auditor
  .command('create')
  .description('Create an audit administrator for the district; prints a temporary password once')
  .argument('<username>', 'the username, 3–40 of a–z, 0–9, _ . -')
  .option('--name <name>', 'display name (default: 审计管理员)')
  .action((username: string, options: { name?: string }) =>
    withDatabase((database) =>
      createAuditorCommand(
        { username, name: options.name },
        { db: database.db, say, out: (text) => process.stdout.write(text) },
      ),
    ),
  );

program
  .command('users')
  .description('Account administration')
  .command('import')
  .description('Create accounts from a CSV or XLSX file: all rows checked first, all or none created')
  .argument(
    '<file>',
    'columns: username, name, role, area code or path (街道/社区/网格), department, work phone',
  )
  .option('--dry-run', 'check and report only; create nothing')
  .option('--out <file>', 'where to write the temporary passwords (XLSX)')
  .option('--as <username>', 'the account the import is made as (ceiling and audit)', 'admin')
  .addOption(
    new Option('--lang <lang>', 'language of the report and the passwords file')
      .choices(['zh', 'en'])
      .default('zh'),
  )
  .action((file: string, options: { dryRun?: boolean; out?: string; as: string; lang: 'zh' | 'en' }) =>
    withDatabase(async (database, config) => {
      const print = (line: string) => process.stdout.write(`${line}\n`);
      process.exitCode = await usersImportCommand(
        { db: database.db, pii: loadPii(config), say, print },
        file,
        options,
      );
    }),
  );

const apikey = program
  .command('apikey')
  .description('Issue, list and revoke API keys for machines (Open311 clients, camera platforms)');

apikey
  .command('create')
  .description('Issue a key and print it once (only its hash is stored)')
  .requiredOption('--name <name>', 'who holds it, e.g. "12345 hotline app"')
  .addOption(
    new Option('--scope <scope...>', 'what it may do (repeatable)')
      .choices([...API_KEY_SCOPES])
      .makeOptionMandatory(),
  )
  .option('--area <code>', 'the area it may act in (default: the district)')
  .option('--expires-days <n>', 'days until it stops working (default: never)', integer)
  .action((options: { name: string; scope: ApiKeyScope[]; area?: string; expiresDays?: number }) =>
    withDatabase(async (database) => {
      const areaCode = options.area ?? (await defaultKeyArea(database.db));
      if (!areaCode)
        throw new CommandError('There is more than one district (or none): name one with --area.');
      if (!(await areaExists(database.db, areaCode))) throw new CommandError(`No active area ${areaCode}.`);
      if (options.expiresDays === 0) throw new CommandError('--expires-days must be at least 1.');
      const created = await createApiKey(database.db, {
        name: options.name,
        scopes: options.scope,
        areaCode,
        expiresAt: expiryOf(options.expiresDays),
        createdBy: null,
      });
      await audit(database.db, SYSTEM_ACTOR, {
        action: 'apikey.create',
        targetType: 'api_key',
        targetId: created.id,
        detail: { name: created.name, scopes: created.scopes, areaCode },
      });
      say(
        `Issued API key ${created.prefix} (${created.id}) "${created.name}" for ${created.scopes.join(', ')} in ${created.areaCode}${created.expiresAt ? `, expiring ${created.expiresAt}` : ''}.`,
      );
      say('The key is shown once; store it now:');
      tell(created.key);
    }),
  );

apikey
  .command('list')
  .description('List the keys (never the keys themselves)')
  .action(() =>
    withDatabase(async (database) => {
      const keys = await allKeys(database.db);
      // Standard output holds exactly the list, so that an empty one is empty.
      if (keys.length === 0) say('No API keys.');
      for (const k of keys) {
        const state = k.revokedAt ? 'revoked' : k.active ? 'active' : 'expired';
        tell(
          `${k.prefix}  ${k.id}  ${state.padEnd(7)}  ${k.scopes.join(',').padEnd(20)}  ${k.areaCode}  expires ${k.expiresAt ?? 'never'}  last used ${k.lastUsedAt ?? 'never'}  ${k.name}`,
        );
      }
    }),
  );

apikey
  .command('revoke')
  .description('Revoke a key at once')
  .argument('<id>', 'the key’s id or prefix, as `apikey list` shows them')
  .action((ref: string) =>
    withDatabase(async (database) => {
      try {
        const revoked = await revokeKeyAsSystem(database.db, ref);
        tell(`Revoked API key ${revoked.prefix} "${revoked.name}".`);
      } catch (error) {
        if (error instanceof AppError) throw new CommandError(error.message);
        throw error;
      }
    }),
  );

const simulate = program.command('simulate').description('Send realistic traffic to a running server');

simulate
  .command('cameras')
  .description(
    'Camera alarms through the real paths: HTTP (GB/T 28181-style and generic) and, with --mqtt, Frigate events over MQTT',
  )
  .option('--rate <n>', 'alarms per second', integer, 10)
  .option('--seconds <n>', 'for how long', integer, 10)
  .option('--url <url>', 'the server', 'http://127.0.0.1:3000')
  .option('--key <key>', 'an API key of scope cameras.alarm (default: $CIVICGRID_API_KEY)')
  .option('--mqtt <url>', 'the broker the server subscribes to (default: $MQTT_URL; none: HTTP only)')
  .option('--topic <topic>', 'the MQTT topic', 'frigate/events')
  .option('--camera <id...>', 'device IDs that alarm (default: the demo’s 30 intelligent cameras)')
  .action(
    async (options: {
      rate: number;
      seconds: number;
      url: string;
      key?: string;
      mqtt?: string;
      topic: string;
      camera?: string[];
    }) => {
      const key = options.key ?? process.env.CIVICGRID_API_KEY;
      if (!key)
        throw new CommandError(
          'Give an API key of scope cameras.alarm: --key or CIVICGRID_API_KEY (civicgrid apikey create).',
        );
      if (options.rate < 1 || options.seconds < 1)
        throw new CommandError('--rate and --seconds must be at least 1.');
      const started = Date.now();
      const result = await simulateCameras(
        {
          url: options.url.replace(/\/$/, ''),
          key,
          mqttUrl: options.mqtt ?? process.env.MQTT_URL,
          topic: options.topic,
          rate: options.rate,
          seconds: options.seconds,
          cameras: options.camera,
        },
        (done, total) => say(`sent ${done}/${total}`),
      );
      tell(JSON.stringify({ ...result, seconds: (Date.now() - started) / 1000 }, null, 2));
    },
  );

program
  .command('audit')
  .description('Check the audit log')
  .command('verify')
  .description('Walk the audit log’s hash chain; exits 1 naming the first entry that does not fit')
  .action(() =>
    withDatabase(async (database) => {
      // What was written since the last seal is chained first, so that it is checked too.
      await sealAll(database.db);
      const report = await verifyAudit(database.db);
      if (!report.ok)
        throw new CommandError(
          `Audit log broken at entry ${report.firstBroken!.id}: ${report.firstBroken!.reason} (${report.checked} entries before it are intact).`,
        );
      const waiting = report.unsealed > 0 ? ` ${report.unsealed} written meanwhile, not sealed yet.` : '';
      tell(`${report.checked} entries, chain intact.${waiting}`);
    }),
  );

/** The database as it is, not migrated: a backup must not change it, a restore migrates it itself. */
async function withUnmigratedDatabase<T>(work: (db: Db, config: Config) => Promise<T>) {
  const config = loadConfig();
  const embedded = config.databaseUrl ? null : await openEmbeddedDatabase(config.dataDir, 'command', say);
  const db = createDb(config.databaseUrl ?? embedded!.url, 2);
  try {
    return await work(db, config);
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}

function rowsBar() {
  return new SingleBar({
    format: '  {step} [{bar}] {percentage}% | {value}/{total} rows',
    hideCursor: true,
    clearOnComplete: false,
  });
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const KEY_NOT_IN_BACKUP =
  'The data key is not in the backup: keep DATA_DIR/data-key (or CIVICGRID_DATA_KEY) safe, apart from the backup. ' +
  'Without it the ID and phone numbers in the backup cannot be read.';

program
  .command('backup')
  .description(
    'Write every table, from one consistent moment, to a compressed file (the server may keep running)',
  )
  .requiredOption('--out <file>', 'the archive to write, e.g. civicgrid-2026-11-27.cgbackup.gz')
  .action(async (options: { out: string }) => {
    const config = loadConfig();
    if (!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'pg', 'PG_VERSION')))
      throw new CommandError(`There is no database in ${config.dataDir} to back up.`);
    return withUnmigratedDatabase(async (db) => {
      const file = path.resolve(options.out);
      if (fs.existsSync(file)) throw new CommandError(`${file} exists; choose another --out.`);
      const started = Date.now();
      const bar = rowsBar();
      bar.start(1, 0, { step: '' });
      const report = await backup(db, file, (done, total, table) => {
        bar.setTotal(Math.max(total, 1));
        bar.update(done, { step: table.padEnd(24).slice(0, 24) });
      });
      bar.stop();
      tell(
        `Backed up ${report.tables} tables, ${report.rows} rows to ${file} (${(report.bytes / 1e6).toFixed(1)} MB, ${seconds(started)}).`,
      );
      tell(`SHA-256 of the content: ${report.sha256}`);
      say(KEY_NOT_IN_BACKUP);
      if (fs.existsSync(filesDir(config.dataDir)))
        say(`Case attachments are files, not rows: copy ${filesDir(config.dataDir)} along with the backup.`);
    });
  });

program
  .command('restore')
  .description('Load a backup into an empty database (a new DATA_DIR, or an empty DATABASE_URL database)')
  .argument('<file>', 'an archive written by `civicgrid backup`')
  .option('--skip-key-check', 'restore even without the data key that opens the encrypted columns')
  .action(async (archive: string, options: { skipKeyCheck?: boolean }) => {
    const file = path.resolve(archive);
    if (!fs.existsSync(file)) throw new CommandError(`No file ${file}.`);
    const keys = currentKeys(loadConfig());
    if (!keys && !options.skipKeyCheck) {
      throw new CommandError(
        'No data key: the backup does not contain it. Put the data-key file you kept into DATA_DIR ' +
          '(or set CIVICGRID_DATA_KEY) first, or restore with --skip-key-check and lose the ID and phone numbers.',
      );
    }
    return withUnmigratedDatabase(async (db) => {
      const started = Date.now();
      say(`Checking ${file}…`);
      const bar = rowsBar();
      let loading = false;
      const report = await restore(db, file, {
        onProgress: (done, total) => {
          if (!loading) {
            loading = true;
            bar.start(Math.max(total, 1), 0, { step: 'Loading' });
          }
          bar.update(done);
        },
        checkKey: (samples) => {
          if (keys && !options.skipKeyCheck) assertOpens(new Pii(keys.current, keys.previous), samples);
        },
      });
      if (loading) bar.stop();
      tell(
        `Restored ${report.header.tables.length} tables, ${report.rows} rows from the backup of ${report.header.createdAt} (${seconds(started)}).`,
      );
      say('Start the server as usual; it brings the schema up to this version’s migrations.');
      if (!keys) say('Warning: restored without a data key: ID and phone numbers cannot be read.');
    });
  });

function reportRotation(step: RotationStep) {
  switch (step.kind) {
    case 'started':
      say(
        `New data key k${step.key.id} written to DATA_DIR/data-key; the old one waits in data-key.previous.`,
      );
      say('Running servers take the new key up within seconds. Re-encrypting…');
      break;
    case 'resumed':
      say(`Resuming the rotation to data key k${step.key.id}…`);
      break;
    case 'env-key-issued':
      say(`A new data key k${step.key.id} (search key unchanged). Deploy it on every server, then run`);
      say('`civicgrid rotate-key` again with both variables set to re-encrypt; afterwards remove');
      say('CIVICGRID_DATA_KEY_PREVIOUS and restart. Shown once; store it now:');
      tell(`CIVICGRID_DATA_KEY=${formatDataKey(step.key)}`);
      tell(`CIVICGRID_DATA_KEY_PREVIOUS=${formatDataKey(step.previous)}`);
      break;
    case 'done':
      tell(`Done: ${step.rows} rows re-encrypted; everything is under data key k${step.key.id}.`);
      say('Backups taken before now need the old key; take a new backup now.');
      if (process.env.CIVICGRID_DATA_KEY) say('Remove CIVICGRID_DATA_KEY_PREVIOUS and restart the servers.');
      break;
  }
}

program
  .command('rotate-key')
  .description('Re-encrypt every ID and phone number under a new data key, in batches, while the server runs')
  .action(() =>
    withDatabase(async (database, config) => {
      const keys = currentKeys(config);
      if (!keys) throw new CommandError('There is no data key yet, so nothing is encrypted.');
      const started = Date.now();
      const bar = rowsBar();
      let shown = false;
      const onProgress = (done: number, total: number) => {
        if (!shown) {
          shown = true;
          bar.start(Math.max(total, 1), 0, { step: 'Re-encrypting' });
        }
        bar.setTotal(Math.max(total, 1));
        bar.update(done);
      };
      const report = (step: RotationStep) => {
        if (shown && step.kind === 'done') bar.stop();
        reportRotation(step);
      };
      if (process.env.CIVICGRID_DATA_KEY) await rotateEnvKey(database.db, keys, report, { onProgress });
      else await rotateFileKey(database.db, config.dataDir, keys, report, { onProgress });
      say(`(${seconds(started)})`);
    }),
  );

program.parseAsync().catch((error: unknown) => {
  if (
    error instanceof DataDirBusyError ||
    error instanceof ConfigError ||
    error instanceof CommandError ||
    error instanceof LedgerCommandError ||
    error instanceof SetupCommandError ||
    error instanceof UsersCommandError ||
    error instanceof ArchiveError ||
    error instanceof RestoreRefusedError ||
    error instanceof WrongKeyError
  ) {
    say(`civicgrid: ${error.message}`);
  } else {
    say(`civicgrid: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  process.exit(EXIT.failure);
});
