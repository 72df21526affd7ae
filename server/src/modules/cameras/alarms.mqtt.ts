import mqtt, { type ISubscriptionMap, type MqttClient } from 'mqtt';
import { type Alarm, fromFrigate } from './alarms.normalize.ts';
import { type CamerasContext, takeAlarms } from './alarms.service.ts';

export interface MqttIntakeOptions {
  url: string;
  topic: string;
  /** Fixed, so that the broker keeps the sessions (and the QoS 1 messages sent while we were away). */
  clientId?: string;
  /**
   * Connections sharing the subscription (`$share/civicgrid/<topic>`), 8 by default; 1 subscribes
   * to the topic itself. mqtt.js handles one message per connection at a time (the next waits for
   * the previous one's acknowledgement), so this is how many messages are in hand at once.
   */
  connections?: number;
  /** How long a batch waits for more messages before it is stored (ms). */
  batchMs?: number;
  onError?: (err: unknown) => void;
}

type Waiting = { alarm: Alarm; done: (code: number) => void };

/**
 * Subscribes to Frigate-format camera events. The sessions are persistent (`clean: false`, fixed
 * client IDs) and the subscription QoS 1, so messages published while CivicGrid or the broker was
 * down arrive after reconnecting; mqtt.js reconnects and resubscribes by itself. A message may come
 * twice (QoS 1 is at least once): the alarm's dedupe key in the database makes the second a no-op.
 *
 * Messages are stored in small batches: those in hand within `batchMs` (at most one per
 * connection) go into one transaction, and each is acknowledged only after its batch is committed,
 * so a crash in between means redelivery. One batch is stored at a time.
 */
export class MqttIntake {
  readonly clients: MqttClient[];
  /** Messages handled, by outcome: what the benchmark and the tests read. */
  readonly counts = { accepted: 0, joined: 0, duplicate: 0, filtered: 0, refused: 0, failed: 0 };
  /** Batches stored, and the largest. */
  readonly batches = { count: 0, largest: 0 };
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;
  private storing: Promise<void> = Promise.resolve();
  private readonly onError: (err: unknown) => void;
  private readonly batchMs: number;
  private readonly size: number;
  private readonly topic: string;

  constructor(
    private readonly ctx: CamerasContext,
    options: MqttIntakeOptions,
  ) {
    this.onError = options.onError ?? (() => {});
    this.batchMs = options.batchMs ?? 3;
    this.size = Math.max(1, options.connections ?? 8);
    this.topic = options.topic;
    const clientId = options.clientId ?? 'civicgrid-cameras';
    const topic = this.size === 1 ? options.topic : `$share/civicgrid/${options.topic}`;
    this.clients = Array.from({ length: this.size }, (_, i) =>
      this.connect(options.url, this.size === 1 ? clientId : `${clientId}-${i}`, topic),
    );
  }

  /** The first connection (the only one when `connections` is 1). */
  get client() {
    return this.clients[0];
  }

  private connect(url: string, clientId: string, topic: string) {
    const client = mqtt.connect(url, {
      clientId,
      // MQTT 5: mqtt.js lets us acknowledge after storing only there; a session kept for a day.
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: 86_400 },
      reconnectPeriod: 1_000,
      connectTimeout: 10_000,
      resubscribe: true,
      // mqtt.js acknowledges after this handler's callback: after the alarm's batch is stored.
      customHandleAcks: (_topic, payload, _packet, done) => {
        const alarm = fromFrigate(payload);
        if (!alarm) {
          this.counts.refused++;
          return done(0);
        }
        this.take({ alarm, done: (code) => done(code) });
      },
    });
    const shared = topic !== this.topic;
    // Fresh every time: mqtt.js deletes `resubscribe` from the object it is given.
    const renewed = () => ({ [topic]: { qos: 1 }, resubscribe: true }) as ISubscriptionMap;
    client.on('connect', (ack) => {
      // A broker that lost our session (restarted without persistence) needs the subscription again;
      // mosquitto (2.0) does not restore shared subscriptions from its persistence even when it kept
      // the session, so those are renewed every time (queued messages stay in the session).
      // (`resubscribe`: mqtt.js otherwise skips a subscription it believes the session holds.)
      if (!ack.sessionPresent || shared) client.subscribe(renewed(), (err) => err && this.onError(err));
    });
    client.on('error', this.onError);
    return client;
  }

  private take(message: Waiting) {
    this.waiting.push(message);
    // Every connection has a message in hand: no more can come before one is acknowledged.
    if (this.waiting.length >= this.size) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.batchMs);
  }

  private flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.waiting.length === 0) return;
    const batch = this.waiting;
    this.waiting = [];
    this.storing = this.storing.then(() => this.store(batch));
  }

  private async store(batch: Waiting[]) {
    this.batches.count++;
    this.batches.largest = Math.max(this.batches.largest, batch.length);
    let answers: Awaited<ReturnType<typeof takeAlarms>>;
    try {
      answers = await takeAlarms(
        this.ctx,
        batch.map((m) => m.alarm),
      );
    } catch (err) {
      answers = batch.map(() => ({ ok: false as const, error: err }));
    }
    answers.forEach((answer, i) => {
      if (answer.ok) this.counts[answer.result.outcome]++;
      else {
        this.counts.failed++;
        this.onError(answer.error);
      }
      // Acknowledged anyway: a message that fails to store would fail again on every redelivery.
      batch[i].done(0);
    });
  }

  /** Resolves when every connection is connected (and so subscribed, or its session kept). */
  async ready() {
    await Promise.all(
      this.clients.map((c) => (c.connected ? undefined : new Promise((r) => c.once('connect', r)))),
    );
  }

  async close() {
    // What is in hand is stored (and acknowledged) first.
    this.flush();
    await this.storing;
    await Promise.all(this.clients.map((c) => c.endAsync()));
  }
}
