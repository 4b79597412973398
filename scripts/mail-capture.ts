// The embedded stack's mail server: accepts any mail on 127.0.0.1 and writes
// each message as a .eml file, so a developer or a test can read what the
// application sent. Nothing is relayed anywhere.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

const HOST = '127.0.0.1';
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export interface MailCaptureOptions {
  /** Where the .eml files go (created if missing); default `.data/mail`. */
  dir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface MailCapture {
  host: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/** `2026-01-15T07-00-00.123Z`: an ISO time that is a valid file name everywhere and sorts by time. */
const fileTime = (date: Date) => date.toISOString().replace(/:/g, '-');

const addresses = (list: SMTPServerAddress[]) => list.map((a) => a.address).join(', ');

/**
 * Starts the capture. Each message lands as `<ISO-time>-<id>.eml`, headed by
 * `X-Capture-Envelope-From`/`-To` lines with the SMTP envelope; it is written
 * under a temporary name and renamed, so readers never see half a message.
 * Any login is accepted, so a configured SMTP_USER does not stop the mail.
 */
export async function startMailCapture(options: MailCaptureOptions = {}): Promise<MailCapture> {
  const dir = path.resolve(options.dir ?? path.join('.data', 'mail'));
  await fs.mkdir(dir, { recursive: true });
  const server = new SMTPServer({
    logger: false,
    banner: 'mandate-engine mail capture',
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    size: MAX_MESSAGE_BYTES,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onData(stream, session, callback) {
      const now = new Date();
      const name = `${fileTime(now)}-${randomUUID().slice(0, 8)}.eml`;
      const partial = path.join(dir, `.${name}.part`);
      const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      const head = `X-Capture-Envelope-From: <${from}>\r\nX-Capture-Envelope-To: ${addresses(session.envelope.rcptTo)}\r\nX-Capture-Received: ${now.toISOString()}\r\n`;
      const file = createWriteStream(partial);
      file.write(head);
      pipeline(stream, file)
        .then(async () => {
          if (stream.sizeExceeded) {
            await fs.rm(partial, { force: true });
            const error = Object.assign(new Error('Message too large'), { responseCode: 552 });
            return callback(error);
          }
          await fs.rename(partial, path.join(dir, name));
          callback();
        })
        .catch(async (error: Error) => {
          await fs.rm(partial, { force: true });
          callback(error);
        });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A client that misbehaves must not stop the capture.
  server.on('error', () => undefined);
  const { port } = server.server.address() as AddressInfo;
  return {
    host: HOST,
    port,
    dir,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The captured messages' file names, oldest first. */
export async function listCapturedMail(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.eml') && !name.startsWith('.')).sort();
}
