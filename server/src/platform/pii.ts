import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError } from '../config.ts';

/**
 * Personal data at rest: AES-256-GCM for ID and phone numbers, and an HMAC of each for exact
 * search without decrypting. Both keys are derived from one master key (CIVICGRID_DATA_KEY, or a
 * key generated into DATA_DIR for the embedded default). The `k1:` prefix names the key, so a
 * later rotation can tell old ciphertext from new.
 */
export class Pii {
  private readonly encryptionKey: Buffer;
  private readonly hashKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new ConfigError('The data key must be 32 bytes');
    this.encryptionKey = Buffer.from(hkdfSync('sha256', masterKey, '', 'civicgrid pii encryption', 32));
    this.hashKey = Buffer.from(hkdfSync('sha256', masterKey, '', 'civicgrid pii search hash', 32));
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `k1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(sealed: string): string {
    if (!sealed.startsWith('k1:')) throw new Error('Unknown data key id');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Keyed hash for exact-match search: equal inputs give equal hashes, nothing else is learnt. */
  hash(plain: string): string {
    return createHmac('sha256', this.hashKey).update(plain).digest('base64url');
  }
}

function parseKey(raw: string): Buffer {
  const text = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32)
    throw new ConfigError('CIVICGRID_DATA_KEY must be 32 bytes, as 64 hex digits or base64');
  return key;
}

/** The data key from the environment, else from DATA_DIR/data-key (created, 0600, on first use). */
export function loadPii(config: Config, env: NodeJS.ProcessEnv = process.env): Pii {
  if (env.CIVICGRID_DATA_KEY) return new Pii(parseKey(env.CIVICGRID_DATA_KEY));
  if (config.nodeEnv === 'production' && config.databaseUrl) {
    throw new ConfigError('Set CIVICGRID_DATA_KEY: production with DATABASE_URL keeps no key on local disk');
  }
  const file = path.join(config.dataDir, 'data-key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return new Pii(parseKey(fs.readFileSync(file, 'utf8')));
}
