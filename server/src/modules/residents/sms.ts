import { createHmac } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { Pii } from '../../platform/pii.ts';
import { smsGatewaySetting } from './residents.repository.ts';

/** Sends a text message to a phone. The district's gateway in production; the log in development. */
export interface SmsSender {
  send(phone: string, text: string): Promise<void>;
}

/**
 * The district's SMS gateway, called as a webhook: a JSON body `{ to, text, sentAt }` POSTed to the
 * configured URL, signed with HMAC-SHA256 of the exact body under the shared secret, in the
 * `x-civicgrid-signature: sha256=<hex>` header, so the gateway can tell the message is ours.
 */
export class WebhookSmsSender implements SmsSender {
  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly timeoutMs = 5_000,
  ) {}

  async send(phone: string, text: string): Promise<void> {
    const body = JSON.stringify({ to: phone, text, sentAt: new Date().toISOString() });
    const signature = createHmac('sha256', this.secret).update(body).digest('hex');
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-civicgrid-signature': `sha256=${signature}` },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    }).catch(() => null);
    if (!response?.ok) throw new AppError('sms_unavailable');
  }
}

/** Development: the message (with its code) goes to the server log instead of a phone. */
export class LogSmsSender implements SmsSender {
  constructor(private readonly log: (message: string) => void) {}

  async send(phone: string, text: string): Promise<void> {
    this.log(`SMS to ${phone.slice(0, 3)}****${phone.slice(-4)}: ${text}`);
  }
}

export interface SmsContext {
  db: Db;
  pii: Pii;
  production: boolean;
  log: (message: string) => void;
}

/** The sender in use: the gateway when one is configured; the log outside production; else none. */
export async function smsSender(ctx: SmsContext): Promise<SmsSender> {
  const gateway = await smsGatewaySetting(ctx.db);
  if (gateway?.url && gateway.secretEnc)
    return new WebhookSmsSender(gateway.url, ctx.pii.decrypt(gateway.secretEnc));
  if (!ctx.production) return new LogSmsSender(ctx.log);
  throw new AppError('sms_unavailable');
}
