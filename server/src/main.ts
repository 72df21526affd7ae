import fs from 'node:fs';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { type Config, ConfigError, loadConfig, VERSION } from './config.ts';
import { DataDirBusyError } from './db/embedded.ts';
import { GridIndex } from './modules/areas/areas.index.ts';
import { hasData, loadDemo, type Scale, writeDemoFiles } from './modules/demo/demo.service.ts';
import { loadPii } from './platform/pii.ts';
import { openDatabase, startServer } from './runtime.ts';

/** A failure explained to the user in one line, without a stack. */
class CommandError extends Error {}

const say = (message: string) => process.stderr.write(`${message}\n`);

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
  };
  bar.start(1, 0, { step: labels.generate });
  const result = await loadDemo(database.db, new GridIndex(database.db), loadPii(config), {
    seed,
    scale,
    password: config.demoPassword,
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
  say(
    `Loaded the demo ${scale}: ${result.areas} areas, ${result.people} residents, ${result.accounts.length} accounts (${files.accountsFile}).`,
  );
  if (result.passwordGenerated) {
    say(`Demo password (shown once; also in ${files.credentialsFile}): ${result.password}`);
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
    say(
      `CivicGrid 网格通 ${VERSION} is running at ${server.url}  (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    say(`  API docs: ${server.url}/api/docs`);
    if (fs.existsSync(credentials) && !config.databaseUrl) {
      say(`  Log in as "admin"; the demo password and other accounts are in ${credentials}`);
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
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  } catch (error) {
    await database.close();
    throw error;
  }
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
  .addHelpText(
    'after',
    '\nEnvironment: DATA_DIR (default ./data), DATABASE_URL (use this PostgreSQL instead of the embedded one),\n' +
      'PORT (3000), HOST (127.0.0.1), NODE_ENV, DEMO_PASSWORD.\n',
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
      say('The database schema is up to date.');
    }),
  );

program
  .command('seed')
  .description('Load the deterministic demo district (or city) into an empty database')
  .addOption(scaleOption())
  .addOption(seedOption())
  .action((options: { scale: Scale; seed: number }) =>
    withDatabase(async (database, config) => {
      if (await hasData(database.db)) {
        throw new CommandError(
          'The database already has data; seed loads only into an empty one (use another DATA_DIR).',
        );
      }
      await seedDemo(database, config, options.scale, options.seed);
    }),
  );

program.parseAsync().catch((error: unknown) => {
  if (error instanceof DataDirBusyError || error instanceof ConfigError || error instanceof CommandError) {
    say(`civicgrid: ${error.message}`);
  } else {
    say(`civicgrid: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  process.exit(1);
});
