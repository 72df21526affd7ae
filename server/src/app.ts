import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { type Config, VERSION } from './config.ts';
import type { Db } from './db/database.ts';
import { listen } from './db/notifications.ts';
import { areasRoutes, baseMapRoutes, GridIndex, sizingRoutes } from './modules/areas/index.ts';
import {
  type CamerasContext,
  camerasRoutes,
  camerasWallFigures,
  IncidentBus,
  MqttIntake,
  sweepOffline,
} from './modules/cameras/index.ts';
import {
  ALARM_JOB,
  CASES_CHANNEL,
  CaseBus,
  type CasesContext,
  calendarRoutes,
  casesRoutes,
  casesWallSource,
  catalogAdminRoutes,
  catalogRoutes,
  duplicateWindow,
  figuresRoutes,
  filesDir,
  foldRollup,
  ReportWriter,
  raiseAlarm,
} from './modules/cases/index.ts';
import { commandRoutes, MONTHLY_JOB, runMonthlyJob, scheduleMonthly } from './modules/command/index.ts';
import { CREDIT_JOB, creditRoutes, runCreditJob, scheduleCredit } from './modules/credit/index.ts';
import { departmentsRoutes } from './modules/departments/index.ts';
import {
  DISCLOSURE_LATE_JOB,
  disclosureRoutes,
  runLateJob as runDisclosureLateJob,
  scheduleLate as scheduleDisclosureLate,
} from './modules/disclosure/index.ts';
import {
  DISPUTE_ALARM_JOB,
  disputesRoutes,
  disputesWall,
  raiseDisputeAlarm,
  screeningRoutes,
} from './modules/disputes/index.ts';
import {
  ENFORCEMENT_ALARM_JOB,
  enforcementRoutes,
  enforcementWallFigures,
  raiseEnforcementAlarm,
} from './modules/enforcement/index.ts';
import { estatesRoutes } from './modules/estates/index.ts';
import { ledgersRoutes } from './modules/ledgers/index.ts';
import { meetingsRoutes } from './modules/meetings/index.ts';
import { linksRoutes, noticesRoutes } from './modules/notices/index.ts';
import { open311Routes } from './modules/open311/index.ts';
import {
  ckanRoutes,
  opendataRoutes,
  REFRESH_JOB,
  runRefreshJob,
  scheduleRefresh,
} from './modules/opendata/index.ts';
import { pairingRoutes } from './modules/pairing/index.ts';
import { partnersRoutes } from './modules/partners/index.ts';
import { partyRoutes, partyWallFigures } from './modules/party/index.ts';
import {
  GENERATE_JOB,
  patrolsRoutes,
  runGenerateJob,
  scheduleGenerate,
  visitsWallSource,
} from './modules/patrols/index.ts';
import {
  publicQuestionsRoutes,
  QUESTION_ALARM_JOB,
  questionsRoutes,
  questionsWallSource,
  raiseQuestionAlarm,
} from './modules/questions/index.ts';
import {
  householdsRoutes,
  orgsRoutes,
  peopleRoutes,
  placesRoutes,
  statsRoutes,
  tagsRoutes,
  thingsRoutes,
} from './modules/registry/index.ts';
import { residentsRoutes } from './modules/residents/index.ts';
import { resourcesRoutes } from './modules/resources/index.ts';
import { setupRoutes } from './modules/setup/index.ts';
import { teamsRoutes } from './modules/teams/index.ts';
import { usersRoutes } from './modules/users/index.ts';
import { votesRoutes } from './modules/votes/index.ts';
import { auditRoutes } from './platform/audit.routes.ts';
import { auditPlugin, sealAll } from './platform/audit.ts';
import { accountsRoutes } from './platform/auth/accounts.routes.ts';
import { apiKeysRoutes } from './platform/auth/apikeys.routes.ts';
import { authPlugin } from './platform/auth/auth.plugin.ts';
import { authRoutes } from './platform/auth/auth.routes.ts';
import { AppError, errorsPlugin, problemOf, sendProblem } from './platform/errors.ts';
import { healthRoutes } from './platform/health.routes.ts';
import { langOf } from './platform/i18n.ts';
import { idempotencyPlugin } from './platform/idempotency.ts';
import { JobWorker } from './platform/jobs.ts';
import { lazySchemaCompilers } from './platform/lazy-schemas.ts';
import { every } from './platform/periodic.ts';
import type { Pii } from './platform/pii.ts';
import { readCachePlugin } from './platform/read-cache.ts';
import { securityHeadersPlugin } from './platform/security-headers.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: Config;
    gridIndex: GridIndex;
    pii: Pii;
    jobs: JobWorker;
    cases: CasesContext;
    cameras: CamerasContext;
    /** The MQTT subscription to camera events, when a broker is configured. */
    mqttIntake: MqttIntake | null;
  }
}

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface AppOptions {
  config: Config;
  db: Db;
  pii: Pii;
  /** Where to LISTEN for changes made by other instances; omitted in tests that need no listener. */
  databaseUrl?: string;
  logger?: FastifyServerOptions['logger'];
  disableRequestLogging?: boolean;
  /** Work the job queue (deadline warnings, escalation); tests run it by hand with `app.jobs.runOnce()`. */
  runJobs?: boolean;
}

export async function buildApp({
  config,
  db,
  pii,
  databaseUrl,
  logger,
  disableRequestLogging,
  runJobs = true,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? false,
    logController: new LogController({ disableRequestLogging: disableRequestLogging ?? false }),
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: config.nodeEnv === 'production',
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
    schemaController: { compilersFactory: lazySchemaCompilers() },
    // What the router refuses before any handler (an overlong or badly encoded path) is a problem too.
    frameworkErrors: (error, request, reply) => {
      const problem = problemOf(
        new AppError('validation_failed', { summary: error.message }),
        langOf(request.headers['accept-language']),
      );
      return sendProblem(reply, { ...problem, status: error.statusCode ?? 400 });
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('db', db);
  app.decorate('config', config);
  app.decorate('pii', pii);
  app.decorate('gridIndex', new GridIndex(db));
  const bus = new CaseBus(databaseUrl ? db : null);
  const cases: CasesContext = {
    db,
    pii,
    gridIndex: app.gridIndex,
    bus,
    reports: new ReportWriter(db, bus, () => duplicateWindow(db)),
  };
  app.decorate('cases', cases);
  if (databaseUrl) {
    const areasListener = listen(databaseUrl, 'civicgrid_areas', () => app.gridIndex.invalidate());
    const casesListener = listen(databaseUrl, CASES_CHANNEL, (payload) => cases.bus.receive(payload));
    app.addHook('onClose', async () => {
      await Promise.all([areasListener.close(), casesListener.close()]);
    });
  }

  // External plugins, then app support, then routes (Fastify's demo-app order).
  await app.register(errorsPlugin);
  await app.register(securityHeadersPlugin);
  // Before compress: its onSend must see the serialized body (see idempotency.ts).
  await app.register(idempotencyPlugin);
  // Before compress too: it keeps the JSON as serialized.
  await app.register(readCachePlugin, { databaseUrl, enabled: config.readCache });
  await app.register(compress, { threshold: 1024 });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  app.addContentTypeParser(
    ['application/geo+json', 'application/problem+json'],
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'ignore'),
  );
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'CivicGrid API',
        version: VERSION,
        description: '网格通 CivicGrid: grid-based community governance',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cg_session' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(authPlugin);
  await app.register(auditPlugin);

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(accountsRoutes);
  await app.register(usersRoutes);
  await app.register(areasRoutes);
  await app.register(sizingRoutes);
  await app.register(baseMapRoutes);
  await app.register(peopleRoutes);
  await app.register(thingsRoutes);
  await app.register(orgsRoutes);
  await app.register(placesRoutes);
  await app.register(householdsRoutes);
  await app.register(statsRoutes);
  await app.register(tagsRoutes);
  await app.register(calendarRoutes);
  await app.register(casesRoutes);
  await app.register(apiKeysRoutes);
  await app.register(auditRoutes);
  await app.register(open311Routes, { prefix: '/open311/v2' });
  await app.register(figuresRoutes);
  await app.register(catalogRoutes);
  await app.register(catalogAdminRoutes);
  await app.register(departmentsRoutes);
  await app.register(ledgersRoutes);
  await app.register(teamsRoutes);
  await app.register(patrolsRoutes);
  await app.register(enforcementRoutes, { filesDir: filesDir(config.dataDir) });
  await app.register(disputesRoutes);
  await app.register(screeningRoutes);
  await app.register(partyRoutes);
  const camerasContext: CamerasContext = {
    cases,
    filesDir: filesDir(config.dataDir),
    bus: new IncidentBus(),
  };
  app.decorate('cameras', camerasContext);
  await app.register(camerasRoutes, { ctx: camerasContext });
  app.decorate('mqttIntake', null);
  if (config.mqttUrl) {
    const mqttUrl = config.mqttUrl;
    app.addHook('onReady', async () => {
      app.mqttIntake = new MqttIntake(camerasContext, {
        url: mqttUrl,
        topic: config.mqttTopic,
        onError: (err) => app.log.warn({ err }, 'camera events over MQTT'),
      });
    });
    app.addHook('onClose', async () => app.mqttIntake?.close());
  }
  // The wall shows each module's figures the viewer may see: a new module adds its source here.
  await app.register(commandRoutes, {
    sources: [
      casesWallSource,
      visitsWallSource,
      disputesWall,
      enforcementWallFigures,
      partyWallFigures,
      camerasWallFigures,
      questionsWallSource,
    ],
  });
  await app.register(resourcesRoutes);
  await app.register(ckanRoutes);
  await app.register(opendataRoutes);
  await app.register(creditRoutes);
  await app.register(questionsRoutes);
  await app.register(publicQuestionsRoutes);
  await app.register(residentsRoutes);
  await app.register(noticesRoutes);
  await app.register(estatesRoutes);
  await app.register(meetingsRoutes);
  await app.register(votesRoutes);
  await app.register(linksRoutes);
  await app.register(partnersRoutes);
  await app.register(pairingRoutes);
  await app.register(disclosureRoutes);
  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  await app.register(setupRoutes, { hasWeb });

  const jobs = new JobWorker(
    db,
    {
      [ALARM_JOB]: (payload) => raiseAlarm(cases, payload as Parameters<typeof raiseAlarm>[1]),
      [GENERATE_JOB]: () => runGenerateJob(db),
      [ENFORCEMENT_ALARM_JOB]: (payload) =>
        raiseEnforcementAlarm(db, payload as Parameters<typeof raiseEnforcementAlarm>[1]),
      [DISPUTE_ALARM_JOB]: (payload) =>
        raiseDisputeAlarm({ db }, payload as Parameters<typeof raiseDisputeAlarm>[1]),
      [MONTHLY_JOB]: () => runMonthlyJob(db),
      [REFRESH_JOB]: () => runRefreshJob(db),
      [CREDIT_JOB]: () => runCreditJob(db),
      [DISCLOSURE_LATE_JOB]: () => runDisclosureLateJob(db),
      [QUESTION_ALARM_JOB]: (payload) =>
        raiseQuestionAlarm({ db }, payload as Parameters<typeof raiseQuestionAlarm>[1]),
    },
    { onError: (err, job) => app.log.error({ err, job }, 'job failed') },
  );
  app.decorate('jobs', jobs);
  if (runJobs) {
    // Visit tasks for today's periods at start; the job then reschedules itself daily.
    app.addHook('onReady', async () => scheduleGenerate(db));
    app.addHook('onReady', async () => scheduleMonthly(db));
    // Open data refreshes what is due, hourly; credit records read new decisions every minute.
    app.addHook('onReady', async () => scheduleRefresh(db));
    app.addHook('onReady', async () => scheduleCredit(db));
    // Committees' statements not published on time are flagged daily.
    app.addHook('onReady', async () => scheduleDisclosureLate(db));
    app.addHook('onReady', async () => jobs.start());
    app.addHook('onClose', () => jobs.stop());
    // Every second: chain the audit entries written since, fold the reports into the case rollups.
    const housekeeping = every(
      1_000,
      async () => {
        await sealAll(db);
        await foldRollup(db);
      },
      (err) => app.log.error({ err }, 'housekeeping failed'),
    );
    app.addHook('onClose', () => housekeeping.stop());
    // Every minute: cameras silent for longer than the setting go offline, with a fault case.
    const offline = every(
      60_000,
      () => sweepOffline(camerasContext),
      (err) => app.log.error({ err }, 'camera offline sweep failed'),
    );
    app.addHook('onClose', () => offline.stop());
  }

  if (hasWeb) {
    // Files are looked up on each request (wildcard), so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, {
      root: webDist,
      index: ['index.html'],
      // Built assets carry a content hash in their names: cache them for good, never index.html.
      setHeaders: (res, file) => {
        res.header(
          'cache-control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  // Client-side routes (/map, /areas, …) get the web app; a missing file or API route is a 404.
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      !request.url.startsWith('/api') &&
      !request.url.startsWith('/assets/') &&
      !/\.\w+(\?|$)/.test(request.url);
    if (hasWeb && request.method === 'GET' && isPage) {
      // The grid worker's field app is a page of its own (web/field.html), with its own routes.
      const field = /^\/field(\/|\?|$)/.test(request.url);
      const resident = /^\/resident(\/|\?|$)/.test(request.url);
      return reply
        .type('text/html')
        .sendFile(field ? 'field.html' : resident ? 'resident.html' : 'index.html');
    }
    return sendProblem(
      reply,
      problemOf(new AppError('not_found'), langOf(request.headers['accept-language'])),
    );
  });
  return app;
}
