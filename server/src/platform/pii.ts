import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError } from '../config.ts';

/**
 * One data key, as written in DATA_DIR/data-key or CIVICGRID_DATA_KEY. `id` names it in the
 * ciphertext (`k1:…`), so that during a rotation old and new ciphertext can be told apart.
 * The search key is kept apart from the encryption key: a rotation replaces the encryption key
 * only, because every `*_hash` column (and the unique index on ID numbers) holds HMACs made with
 * the search key, and changing it would make every exact search miss until all were recomputed.
 */
export interface DataKey {
  id: number;
  /** Master secret of the AES-256-GCM key. */
  secret: Buffer;
  /** The HMAC key for `*_hash`. */
  searchKey: Buffer;
}

const derive = (secret: Buffer, info: string) => Buffer.from(hkdfSync('sha256', secret, '', info, 32));

/** The key of a deployment from before rotation existed: both keys derive from one master key. */
export function legacyDataKey(masterKey: Buffer): DataKey {
  if (masterKey.length !== 32) throw new ConfigError('The data key must be 32 bytes');
  return { id: 1, secret: masterKey, searchKey: derive(masterKey, 'civicgrid pii search hash') };
}

/**
 * Personal data at rest: AES-256-GCM for ID and phone numbers, and an HMAC of each for exact
 * search without decrypting. Encrypts with the current key; decrypts with it or with a previous
 * one (during a rotation). `reload`, when given, is asked for the keys again every few seconds,
 * so that a running server takes up a new key that `civicgrid rotate-key` wrote.
 */
export class Pii {
  private current!: DataKey;
  private previous: DataKey[] = [];
  private encryptionKeys = new Map<number, Buffer>();
  private loadedAt = Date.now();

  constructor(
    key: Buffer | DataKey,
    previous: DataKey[] = [],
    private readonly reload?: () => { current: DataKey; previous: DataKey[] },
  ) {
    this.use(Buffer.isBuffer(key) ? legacyDataKey(key) : key, previous);
  }

  private use(current: DataKey, previous: DataKey[]) {
    for (const key of previous) {
      if (!key.searchKey.equals(current.searchKey))
        throw new ConfigError('The previous data key belongs to another deployment (its search key differs)');
    }
    this.current = current;
    this.previous = previous;
    this.encryptionKeys = new Map(
      [...previous, current].map((k) => [k.id, derive(k.secret, 'civicgrid pii encryption')]),
    );
  }

  private refresh() {
    if (!this.reload || Date.now() - this.loadedAt < RELOAD_MS) return;
    this.loadedAt = Date.now();
    try {
      const { current, previous } = this.reload();
      this.use(current, previous);
    } catch {
      // A key file being replaced or unreadable for a moment: keep the keys already loaded.
    }
  }

  /** The keys in use, to open the same data in another thread (see ledgers/import.worker.ts). */
  keys(): { current: DataKey; previous: DataKey[] } {
    this.refresh();
    return { current: this.current, previous: this.previous };
  }

  /** The id of the key new ciphertext is made with. */
  get keyId(): number {
    this.refresh();
    return this.current.id;
  }

  /** The prefix of ciphertext made with the current key, e.g. `k2:`. */
  get prefix(): string {
    return `k${this.keyId}:`;
  }

  /** Random IVs drawn in blocks: one system call per 4,096 encryptions instead of one each. */
  private ivs = Buffer.alloc(0);
  private ivAt = 0;

  private nextIv(): Buffer {
    if (this.ivAt + 12 > this.ivs.length) {
      this.ivs = randomBytes(12 * 4096);
      this.ivAt = 0;
    }
    this.ivAt += 12;
    return this.ivs.subarray(this.ivAt - 12, this.ivAt);
  }

  encrypt(plain: string): string {
    this.refresh();
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKeys.get(this.current.id)!, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `k${this.current.id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(sealed: string): string {
    const match = /^k(\d+):/.exec(sealed);
    if (!match) throw new Error('Not a CivicGrid ciphertext');
    const id = Number(match[1]);
    if (!this.encryptionKeys.has(id)) this.refresh();
    const key = this.encryptionKeys.get(id);
    if (!key) throw new Error(`Data key k${id} is not loaded`);
    const raw = Buffer.from(sealed.slice(match[0].length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Keyed hash for exact-match search: equal inputs give equal hashes, nothing else is learnt. */
  hash(plain: string): string {
    return createHmac('sha256', this.current.searchKey).update(plain).digest('base64url');
  }
}

/** How often a Pii with `reload` looks for a new key: `rotate-key` waits longer than this. */
export const RELOAD_MS = 2_000;

function parseSecret(text: string, what: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new ConfigError(`${what} must be 32 bytes, as 64 hex digits or base64`);
  return key;
}

/**
 * A key as text: either one secret (64 hex digits or base64; a deployment from before rotation,
 * id 1), or `k<id>:<hex>,search:<hex>` as `rotate-key` writes it.
 */
export function parseDataKey(raw: string, what = 'CIVICGRID_DATA_KEY'): DataKey {
  const parts = raw.trim().split(/[\s,;]+/);
  if (parts.length === 1 && !parts[0].includes(':')) return legacyDataKey(parseSecret(parts[0], what));
  const fields = new Map(
    parts.map((p) => {
      const at = p.indexOf(':');
      return [p.slice(0, at), p.slice(at + 1)] as const;
    }),
  );
  const search = fields.get('search');
  const keyField = [...fields.keys()].find((k) => /^k\d+$/.test(k));
  if (!search || !keyField || fields.size !== 2)
    throw new ConfigError(`${what} must be a key, or "k<n>:<key>,search:<key>"`);
  return {
    id: Number(keyField.slice(1)),
    secret: parseSecret(fields.get(keyField)!, what),
    searchKey: parseSecret(search, what),
  };
}

export function formatDataKey(key: DataKey): string {
  return `k${key.id}:${key.secret.toString('hex')},search:${key.searchKey.toString('hex')}`;
}

/** A new encryption key after `current`; the search key stays (see DataKey). */
export function nextDataKey(current: DataKey, previous: DataKey[] = []): DataKey {
  const id = Math.max(current.id, ...previous.map((k) => k.id)) + 1;
  return { id, secret: randomBytes(32), searchKey: current.searchKey };
}

export const keyFile = (dataDir: string) => path.join(dataDir, 'data-key');
export const previousKeyFile = (dataDir: string) => path.join(dataDir, 'data-key.previous');

function readKeyFiles(dataDir: string): { current: DataKey; previous: DataKey[] } {
  const current = parseDataKey(fs.readFileSync(keyFile(dataDir), 'utf8'), keyFile(dataDir));
  const previousFile = previousKeyFile(dataDir);
  const previous = fs.existsSync(previousFile)
    ? [parseDataKey(fs.readFileSync(previousFile, 'utf8'), previousFile)]
    : [];
  return { current, previous };
}

/** The keys in force, without creating one. Null when DATA_DIR has no key yet. */
export function currentKeys(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): { current: DataKey; previous: DataKey[] } | null {
  if (env.CIVICGRID_DATA_KEY) {
    const previous = env.CIVICGRID_DATA_KEY_PREVIOUS
      ? [parseDataKey(env.CIVICGRID_DATA_KEY_PREVIOUS, 'CIVICGRID_DATA_KEY_PREVIOUS')]
      : [];
    return { current: parseDataKey(env.CIVICGRID_DATA_KEY), previous };
  }
  return fs.existsSync(keyFile(config.dataDir)) ? readKeyFiles(config.dataDir) : null;
}

/**
 * The data key from the environment (CIVICGRID_DATA_KEY, and CIVICGRID_DATA_KEY_PREVIOUS during a
 * rotation), else from DATA_DIR/data-key (created, 0600, on first use) and data-key.previous.
 */
export function loadPii(config: Config, env: NodeJS.ProcessEnv = process.env): Pii {
  const keys = currentKeys(config, env);
  if (keys && env.CIVICGRID_DATA_KEY) return new Pii(keys.current, keys.previous);
  if (config.nodeEnv === 'production' && config.databaseUrl) {
    throw new ConfigError('Set CIVICGRID_DATA_KEY: production with DATABASE_URL keeps no key on local disk');
  }
  const file = keyFile(config.dataDir);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  const loaded = readKeyFiles(config.dataDir);
  return new Pii(loaded.current, loaded.previous, () => readKeyFiles(config.dataDir));
}
