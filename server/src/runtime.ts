import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { createDb, type Db } from './db/database.ts';
import { type EmbeddedDatabase, type Holder, openEmbeddedDatabase } from './db/embedded.ts';
import { migrateToLatest } from './db/migrate.ts';
import { loadCaseCatalog, loadDefaultCalendar } from './modules/cases/index.ts';
import { loadLedgerTypes } from './modules/ledgers/index.ts';
import { loadPii } from './platform/pii.ts';

export interface Database {
  db: Db;
  url: string;
  embedded: EmbeddedDatabase | null;
  close(): Promise<void>;
}

/** The configured PostgreSQL (DATABASE_URL), or the embedded one under DATA_DIR, migrated to the latest schema. */
export async function openDatabase(
  config: Config,
  holder: Holder,
  log: (m: string) => void,
): Promise<Database> {
  const embedded = config.databaseUrl ? null : await openEmbeddedDatabase(config.dataDir, holder, log);
  const url = config.databaseUrl ?? embedded!.url;
  const db = createDb(url, holder === 'server' ? 20 : 5);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    db,
    url,
    embedded,
    async close() {
      await db.destroy();
      await embedded?.stop();
    },
  };
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, database: Database): Promise<RunningServer> {
  // A new deployment takes cases from the first minute: the standard categories and departments,
  // and this year's public holidays, unless administrators have set their own.
  await loadCaseCatalog(database.db);
  await loadDefaultCalendar(database.db);
  await loadLedgerTypes(database.db);
  const app = await buildApp({
    config,
    db: database.db,
    pii: loadPii(config),
    databaseUrl: database.url,
    // Per-request lines are for production logs; in a terminal they bury the startup message.
    disableRequestLogging: config.nodeEnv !== 'production',
    logger: {
      level: config.logLevel,
      ...(config.nodeEnv !== 'production' && {
        transport: { target: 'pino-pretty', options: { singleLine: true } },
      }),
    },
  });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  database.embedded?.announce(url);
  return {
    app,
    url,
    async close() {
      await app.close();
    },
  };
}
