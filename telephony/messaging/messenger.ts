// After a booking, change or cancellation: an SMS through Twilio to a mobile number and, when the
// caller gave one, an e-mail (nodemailer). With no provider configured — or when the provider
// refuses — the message lands in the outbox for staff. Never logs recipients or bodies.
import type { Transporter } from 'nodemailer';
import type { BookingRecord } from '../../engine/ports.js';
import type { OutboxPort, OutgoingMessage } from './outbox.js';
import { DEFAULT_TEMPLATES, noticeVars, render, type NoticeKind, type Template, type TemplateSource } from './templates.js';
import { FOREIGN_TEMPLATES, writtenDateIn, writtenTimeIn } from './foreign-templates.js';

/** What a message in a language other than Japanese calls the city's things (cities/languages.ts
 *  `pageWords`): procedures by label, venues' readings in Latin letters beside their kanji. */
export interface MessageWords { procedures: Record<string, string>; venuesLatin: Record<string, string> }

export interface SmsSender {
  send(to: string, body: string): Promise<void>;
}
export interface EmailSender {
  send(to: string, subject: string, body: string): Promise<void>;
}

/** Twilio Programmable Messaging (the real client, or any with the same `messages.create`). */
export class TwilioSms implements SmsSender {
  constructor(private readonly client: { messages: { create(p: { to: string; from: string; body: string }): Promise<unknown> } }, private readonly from: string) {}
  async send(to: string, body: string): Promise<void> {
    await this.client.messages.create({ to, from: this.from, body });
  }
}

export class NodemailerEmail implements EmailSender {
  constructor(private readonly transport: Pick<Transporter, 'sendMail'>, private readonly from: string) {}
  async send(to: string, subject: string, text: string): Promise<void> {
    await this.transport.sendMail({ from: this.from, to, subject, text });
  }
}

export interface MessengerOptions {
  sms: SmsSender | null;
  email: EmailSender | null;
  outbox: OutboxPort;
  templates?: TemplateSource;
  cityLine: string;
  url: string;
  /** The city's procedure labels (id → label) for {{procedure}}. */
  procedureLabels?: Record<string, string>;
  /** Per language the city offers besides Japanese: its words, for bookings made in it. */
  languages?: Record<string, MessageWords>;
  onError?: (e: { channel: string; template: string; error: string }) => void;
}

/** Japanese mobile numbers (070/080/090) take SMS; landlines do not. Returns E.164 or null. */
export function smsNumber(phone: string | null | undefined): string | null {
  const d = (phone ?? '').replace(/\D/g, '');
  if (/^0[789]0\d{8}$/.test(d)) return `+81${d.slice(1)}`;
  if (/^81[789]0\d{8}$/.test(d)) return `+${d}`;
  return null;
}

export class Messenger {
  private enqueue: ((outboxId: string) => Promise<void>) | null = null;
  constructor(private readonly o: MessengerOptions) {}

  /** Durable delivery (app/jobs.ts): every message is stored in the outbox first and a job sends
   *  it, retrying with back-off. Without a queue a message is sent at once, the outbox on failure. */
  deliverThrough(enqueue: ((outboxId: string) => Promise<void>) | null): void {
    this.enqueue = enqueue;
  }

  /** Whether a provider is configured for the channel (else messages stay in the outbox). */
  configured(channel: 'sms' | 'email'): boolean {
    return !!(channel === 'sms' ? this.o.sms : this.o.email);
  }

  /** Sends one stored message through its provider; throws what the provider threw. */
  async send(m: { channel: 'sms' | 'email'; to: string; subject: string | null; body: string }): Promise<void> {
    if (m.channel === 'sms' && this.o.sms) return this.o.sms.send(m.to, m.body);
    if (m.channel === 'email' && this.o.email) return this.o.email.send(m.to, m.subject ?? '', m.body);
    throw Object.assign(new Error('no provider configured'), { code: 'not_configured' });
  }

  /** Sends the booking's notice in the language it was made in: Japanese with the templates staff
   *  edit, another language with the service's own (foreign-templates.ts), its dates and names. */
  async notify(kind: NoticeKind, b: BookingRecord, venueName: string, email?: string | null): Promise<void> {
    const lang = b.language && b.language !== 'ja' && b.language in FOREIGN_TEMPLATES ? b.language as keyof typeof FOREIGN_TEMPLATES : null;
    const words = lang ? this.o.languages?.[lang] : undefined;
    const latin = words?.venuesLatin[b.venue];
    const vars = lang
      ? {
        ...noticeVars(b, latin && latin !== venueName ? `${venueName} (${latin})` : venueName, { cityLine: this.o.cityLine, url: this.o.url, procedureLabels: words?.procedures ?? this.o.procedureLabels }),
        date: writtenDateIn(lang, b.date), time: writtenTimeIn(b.time),
      }
      : noticeVars(b, venueName, { cityLine: this.o.cityLine, url: this.o.url, procedureLabels: this.o.procedureLabels });
    const pick = lang ? async (id: string) => FOREIGN_TEMPLATES[lang][id] : undefined;
    const jobs: Promise<void>[] = [];
    const to = smsNumber(b.phone);
    if (to) jobs.push(this.deliver('sms', `${kind}-sms`, to, vars, b.ref, pick));
    if (email && /^[^@\s]+@[^@\s]+$/.test(email)) jobs.push(this.deliver('email', `${kind}-email`, email, vars, b.ref, pick));
    await Promise.all(jobs);
  }

  /** An e-mail to staff (reports, alerts): the same outbox, queue and retries as citizens' mail. */
  async staffMail(to: string, subject: string, body: string, template: string): Promise<void> {
    await this.send1({ channel: 'email', to, subject, body, template, bookingRef: null });
  }

  private async deliver(channel: 'sms' | 'email', id: string, to: string, vars: Record<string, string>, ref: string, pick?: (id: string) => Promise<Template>): Promise<void> {
    const t = pick ? await pick(id) : (await this.o.templates?.template(id).catch(() => null)) ?? DEFAULT_TEMPLATES[id];
    await this.send1({ channel, to, subject: t.subject ? render(t.subject, vars) : null, body: render(t.body, vars), template: id, bookingRef: ref });
  }

  private async send1(msg: OutgoingMessage): Promise<void> {
    const { channel, to, template: id } = msg;
    const sender = channel === 'sms' ? this.o.sms : this.o.email;
    if (!sender) {
      await this.o.outbox.add(msg, 'pending');
      return;
    }
    if (this.enqueue) {
      await this.enqueue(await this.o.outbox.add(msg, 'pending'));
      return;
    }
    try {
      if (channel === 'sms') await (sender as SmsSender).send(to, msg.body);
      else await (sender as EmailSender).send(to, msg.subject ?? '', msg.body);
    } catch (err) {
      const error = errorCode(err);
      this.o.onError?.({ channel, template: id, error });
      await this.o.outbox.add(msg, 'failed', error);
    }
  }
}

/** A provider's error, without anything the message said. */
export function errorCode(err: unknown): string {
  const e = err as { code?: unknown; status?: unknown; message?: unknown };
  return [e?.status, e?.code].filter((x) => x !== undefined).join(' ') || String(e?.message ?? err).slice(0, 120);
}
