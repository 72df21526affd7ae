import mqtt, { type MqttClient } from 'mqtt';
import { fromFrigate } from './alarms.normalize.ts';
import { type CamerasContext, takeAlarm } from './alarms.service.ts';

export interface MqttIntakeOptions {
  url: string;
  topic: string;
  /** Fixed, so that the broker keeps the session (and the QoS 1 messages sent while we were away). */
  clientId?: string;
  onError?: (err: unknown) => void;
}

/**
 * Subscribes to Frigate-format camera events. The session is persistent (`clean: false`, a fixed
 * client ID) and the subscription QoS 1, so messages published while CivicGrid or the broker was
 * down arrive after reconnecting; mqtt.js reconnects and resubscribes by itself. A message may come
 * twice (QoS 1 is at least once): the alarm's dedupe key in the database makes the second a no-op.
 * A message is acknowledged only after it is stored, so a crash in between means redelivery.
 */
export class MqttIntake {
  readonly client: MqttClient;
  /** Messages handled, by outcome: what the benchmark and the tests read. */
  readonly counts = { accepted: 0, joined: 0, duplicate: 0, filtered: 0, refused: 0, failed: 0 };

  constructor(ctx: CamerasContext, options: MqttIntakeOptions) {
    const onError = options.onError ?? (() => {});
    this.client = mqtt.connect(options.url, {
      clientId: options.clientId ?? 'civicgrid-cameras',
      // MQTT 5: mqtt.js lets us acknowledge after storing only there; a session kept for a day.
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: 86_400 },
      reconnectPeriod: 1_000,
      connectTimeout: 10_000,
      resubscribe: true,
      // mqtt.js acknowledges after this handler's callback: after the alarm is stored.
      customHandleAcks: (_topic, payload, _packet, done) => {
        const alarm = fromFrigate(payload);
        if (!alarm) {
          this.counts.refused++;
          return done(0);
        }
        takeAlarm(ctx, alarm, null).then(
          (result) => {
            this.counts[result.outcome]++;
            done(0);
          },
          (err) => {
            this.counts.failed++;
            onError(err);
            // Acknowledged anyway: a message that fails to store would fail again on every redelivery.
            done(0);
          },
        );
      },
    });
    this.client.on('connect', (ack) => {
      // A broker that lost our session (restarted without persistence) needs the subscription again.
      if (!ack.sessionPresent) this.client.subscribe(options.topic, { qos: 1 }, (err) => err && onError(err));
    });
    this.client.on('error', onError);
  }

  async close() {
    await this.client.endAsync();
  }
}
