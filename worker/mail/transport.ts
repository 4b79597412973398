import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { MailConfig } from '../../config';

export interface OutgoingMail {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** Stable per notification (or digest): should a crash make us send it again, mail clients can tell. */
  messageId: string;
  /** A calendar event (iTIP) sent as the mail's text/calendar part, e.g. a meeting invitation. */
  calendar?: CalendarPart;
}

/** nodemailer's `icalEvent`: an alternative text/calendar part with its METHOD, which calendar clients act on. */
export interface CalendarPart {
  method: 'REQUEST' | 'CANCEL';
  content: string;
  filename: string;
}

export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** How long one send may take; the dispatcher's claim lease is longer, so no other dispatcher takes over a send in flight. */
export const SEND_TIMEOUT_MS = 60_000;

/** SMTP via nodemailer; null when SMTP_HOST is not set (e-mail off). */
export function createMailSender(mail: MailConfig): MailSender | null {
  if (!mail.smtp) return null;
  const transport = createTransport({
    host: mail.smtp.host,
    port: mail.smtp.port,
    secure: mail.smtp.secure,
    ...(mail.smtp.auth ? { auth: mail.smtp.auth } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // nodemailer's own logging would print addresses; ours logs user ids only.
    logger: false,
    debug: false,
  });
  return {
    async send(message) {
      await transport.sendMail({
        from: mail.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        ...(message.calendar ? { icalEvent: message.calendar } : {}),
        headers: { 'Auto-Submitted': 'auto-generated' },
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
    },
    close: () => transport.close(),
  };
}

/** `<hash@domain of MAIL_FROM>`: deterministic, and free of the characters a Message-ID may not hold. */
export function messageIdFor(key: string, from: string): string {
  const domain = /@([^\s@<>]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}

/** The SMTP facts of a failure, without its text (which may hold addresses). */
export function describeMailError(error: unknown): { code: string; responseCode?: number } {
  const e = error as { code?: unknown; responseCode?: unknown; name?: unknown };
  return {
    code: typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : 'error',
    ...(typeof e?.responseCode === 'number' ? { responseCode: e.responseCode } : {}),
  };
}
