import path from 'node:path';

export const VERSION = '0.1.0';

export type NodeEnv = 'development' | 'production' | 'test';

export interface Config {
  nodeEnv: NodeEnv;
  /** Where the embedded PostgreSQL, generated secrets and demo credentials live. */
  dataDir: string;
  host: string;
  port: number;
  /** When set, CivicGrid uses this PostgreSQL instead of starting its own. */
  databaseUrl: string | null;
  demoPassword: string | null;
  logLevel: string;
  /** Idle time after which a session ends. */
  sessionIdleMinutes: number;
  /** Keep the answers of the busiest read routes until what they were read from changes (platform/read-cache.ts). */
  readCache: boolean;
  /** An MQTT broker (`mqtt://host:port`) whose Frigate-format camera events CivicGrid subscribes to. */
  mqttUrl: string | null;
  /** The topic filter of those events; Frigate publishes on `frigate/events`. */
  mqttTopic: string;
}

export class ConfigError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function booleanFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['on', 'true', '1'].includes(raw)) return true;
  if (['off', 'false', '0'].includes(raw)) return false;
  throw new ConfigError(`${name} must be on or off, got "${env[name]}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = (env.NODE_ENV ?? 'development') as NodeEnv;
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${env.NODE_ENV}"`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  return {
    nodeEnv,
    dataDir: path.resolve(env.DATA_DIR?.trim() || './data'),
    host: env.HOST?.trim() || '127.0.0.1',
    port: intFrom(env, 'PORT', 3000, 0, 65535),
    databaseUrl,
    demoPassword: env.DEMO_PASSWORD || null,
    logLevel: env.LOG_LEVEL?.trim() || (nodeEnv === 'test' ? 'warn' : 'info'),
    sessionIdleMinutes: intFrom(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    readCache: booleanFrom(env, 'READ_CACHE', true),
    mqttUrl: env.MQTT_URL?.trim() || null,
    mqttTopic: env.MQTT_TOPIC?.trim() || 'frigate/events',
  };
}
