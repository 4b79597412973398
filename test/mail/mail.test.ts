// E-mail end to end: the worker's dispatcher sends through SMTP into the
// embedded mail capture, and the test reads the captured .eml files.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import pino from 'pino';
import { listCapturedMail, startMailCapture, type MailCapture } from '../../scripts/mail-capture';
import { createNotifications, type NotificationInput } from '../../store/notifications';
import { runDigest } from '../../worker/mail/digest';
import { createMailDeps, startMailDispatcher } from '../../worker/mail/dispatcher';
import type { MailDeps } from '../../worker/mail/outbox';
import { login } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';

const PUBLIC_URL = 'https://bildung.example';
/** The worker's clock: 06:00 in Berlin, before the digest time, until a test moves it. */
let clock = new Date('2030-01-15T05:00:00Z');

let capture: MailCapture;
let mailDir: string;
let stack: TestStack;
let deps: MailDeps;

beforeAll(async () => {
  mailDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mandate-engine-mail-'));
  capture = await startMailCapture({ dir: mailDir });
  stack = await startTestStack({
    env: { SMTP_HOST: capture.host, SMTP_PORT: String(capture.port), MAIL_POLL_MS: '100', PUBLIC_URL, LOG_LEVEL: 'error' },
    workerOptions: { mail: { now: () => clock } },
  });
  deps = createMailDeps(stack.config, stack.store.models, pino({ level: 'warn' }));
  // Preferences through the API, as a user sets them.
  const prefs = (email: string, body: unknown) => login(stack.baseUrl, email).then((c) => c.request('PUT', '/api/me/notification-preferences', body));
  await prefs('board1@demo.test', { locale: 'en' });
  await prefs('lead@demo.test', { email: 'off' });
  await prefs('staff2@demo.test', { email: 'digest' });
});
afterAll(async () => {
  deps?.sender?.close();
  await stack?.stop();
  await capture?.stop();
  await fs.rm(mailDir, { recursive: true, force: true });
});

interface Captured {
  file: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

async function captured(): Promise<Captured[]> {
  const files = await listCapturedMail(mailDir);
  return Promise.all(
    files.map(async (file) => {
      const mail = await simpleParser(await fs.readFile(path.join(mailDir, file)));
      const to = ([] as AddressObject[]).concat(mail.to ?? []).flatMap((a) => a.value.map((v) => v.address ?? ''));
      return {
        file,
        to,
        subject: mail.subject ?? '',
        text: mail.text ?? '',
        html: typeof mail.html === 'string' ? mail.html : '',
        messageId: mail.messageId ?? '',
      };
    }),
  );
}
const mailTo = async (address: string) => (await captured()).filter((m) => m.to.includes(address));

async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The dispatcher is done with these notifications: no outbox entry left and none still pending. */
async function settled(ids: string[], state?: string) {
  const { Notification, NotificationOutbox } = stack.store.models;
  await eventually(
    async () => {
      const [left, docs] = await Promise.all([
        NotificationOutbox.countDocuments({ _id: { $in: ids }, state: 'pending' }),
        Notification.find({ _id: { $in: ids } }).lean(),
      ]);
      return left === 0 && docs.length === ids.length && docs.every((d) => d.emailState !== 'pending' && (!state || d.emailState === state));
    },
    `notifications ${ids.join(', ')} to settle`,
  );
}

let seq = 0;
function notification(userId: string, overrides: Partial<NotificationInput> = {}): NotificationInput {
  seq += 1;
  return {
    id: `mail-${seq}:${userId}`,
    userId,
    regionId: 'demo',
    kind: 'task-assigned',
    params: { taskTitle: `Daten erheben ${seq}`, mandateTitle: 'Übergänge Schule–Beruf gestalten', dueDate: '2030-02-01' },
    taskId: `task-${seq}`,
    ...overrides,
  };
}

describe('immediate e-mail', () => {
  it('when a notification is created for a user with the default preference, then one German mail with the link reaches them', async () => {
    const input = notification('demo-staff');
    await createNotifications(stack.store.models, [input]);
    const [mail] = await eventually(async () => {
      const mails = await mailTo('staff@demo.test');
      return mails.length > 0 && mails;
    }, 'the mail');
    expect(mail!.subject).toBe(`Neue Aufgabe: ${input.params.taskTitle}`);
    expect(mail!.text).toContain('Hallo Sven Sachbearbeitung,');
    expect(mail!.text).toContain(`Ihnen wurde die Aufgabe „${input.params.taskTitle}“ zugewiesen.`);
    expect(mail!.text).toContain('Mandat: Übergänge Schule–Beruf gestalten');
    expect(mail!.text).toContain('Fällig am: 01.02.2030');
    expect(mail!.text).toContain(`Öffnen: ${PUBLIC_URL}/#/regions/demo/tasks/${input.taskId}`);
    expect(mail!.html).toContain(`href="${PUBLIC_URL}/#/regions/demo/tasks/${input.taskId}"`);
    expect(mail!.file).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z-[\w-]+\.eml$/);
    await settled([input.id], 'sent');
  });

  it('when the user chose English, then subject and text are English', async () => {
    const input = notification('demo-board1', {
      kind: 'mention',
      taskId: null,
      mandateId: 'm-42',
      params: { actorName: 'Lena Leitung', mandateTitle: 'Ganztag ausbauen', commentExcerpt: 'Bitte die Zahlen prüfen' },
    });
    await createNotifications(stack.store.models, [input]);
    const [mail] = await eventually(async () => {
      const mails = await mailTo('board1@demo.test');
      return mails.length > 0 && mails;
    }, 'the English mail');
    expect(mail!.subject).toBe('Lena Leitung mentioned you: Ganztag ausbauen');
    expect(mail!.text).toContain('Hello ');
    expect(mail!.text).toContain('Lena Leitung mentioned you in a comment on “Ganztag ausbauen”.');
    expect(mail!.text).toContain('Comment: „Bitte die Zahlen prüfen“');
    expect(mail!.text).toContain(`Open: ${PUBLIC_URL}/#/regions/demo/mandates/m-42`);
  });

  it('when the same notification is created again, also twice at once, then there is still exactly one mail', async () => {
    const input = notification('demo-staff', { params: { taskTitle: 'Einmalig' } });
    await Promise.all([createNotifications(stack.store.models, [input]), createNotifications(stack.store.models, [input])]);
    await settled([input.id], 'sent');
    await createNotifications(stack.store.models, [input]);
    await settled([input.id], 'sent');
    await eventually(async () => (await stack.store.models.NotificationOutbox.countDocuments({ _id: input.id })) === 0, 'the repeat to be dropped');
    const mails = (await mailTo('staff@demo.test')).filter((m) => m.subject === 'Neue Aufgabe: Einmalig');
    expect(mails).toHaveLength(1);
  });

  it('when two dispatchers run side by side, then each of many mails goes out exactly once', async () => {
    const second = startMailDispatcher(stack.config, stack.store.models, pino({ level: 'error' }), { now: () => clock, digest: false });
    try {
      const inputs = Array.from({ length: 12 }, () => notification('demo-admin'));
      await createNotifications(stack.store.models, inputs);
      await second.runOnce();
      await settled(
        inputs.map((i) => i.id),
        'sent',
      );
    } finally {
      await second.stop();
    }
    const subjects = (await mailTo('admin@demo.test')).map((m) => m.subject);
    expect(subjects).toHaveLength(12);
    expect(new Set(subjects).size).toBe(12);
  });

  it('when the user turned e-mail off, then no mail is sent but the notification is there', async () => {
    const input = notification('demo-lead');
    await createNotifications(stack.store.models, [input]);
    await settled([input.id], 'skipped');
    expect(await mailTo('lead@demo.test')).toHaveLength(0);
    const lead = await login(stack.baseUrl, 'lead@demo.test');
    expect((await lead.get('/api/me/notifications')).body.items.map((n: { id: string }) => n.id)).toContain(input.id);
  });

  it('when the SMTP server is down, then the mail is retried after the backoff and arrives once', async () => {
    const port = capture.port;
    await capture.stop();
    const input = notification('demo-manager', { params: { taskTitle: 'Trotz Ausfall' } });
    await createNotifications(stack.store.models, [input]);
    await eventually(async () => {
      const entry = await stack.store.models.NotificationOutbox.findById(input.id).lean();
      return entry && (entry.attempts ?? 0) >= 1 && entry.state === 'pending';
    }, 'a failed attempt');
    capture = await startMailCapture({ dir: mailDir, port });
    // Not before the backoff: the clock has not moved.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await mailTo('manager@demo.test')).toHaveLength(0);
    clock = new Date(clock.getTime() + 60_000);
    await settled([input.id], 'sent');
    const mails = await mailTo('manager@demo.test');
    expect(mails.map((m) => m.subject)).toEqual(['Neue Aufgabe: Trotz Ausfall']);
  });
});

describe('daily digest', () => {
  const digestMails = () => mailTo('staff2@demo.test');

  it('when a digest user gets notifications, then none is mailed at once; at 07:00 Berlin one digest lists them all, once a day', async () => {
    const reminder = notification('demo-staff2', { kind: 'task-reminder', params: { taskTitle: 'Bericht schreiben', dueDate: '2030-01-20' } });
    const review = notification('demo-staff2', { kind: 'task-review-requested', params: { taskTitle: 'Dossier prüfen', actorName: 'Sven Sachbearbeitung' } });
    await createNotifications(stack.store.models, [reminder, review]);
    await settled([reminder.id, review.id], 'digest');
    expect(await digestMails()).toHaveLength(0);

    // 06:30 in Berlin: too early.
    expect(await runDigest(deps, new Date('2030-01-15T05:30:00Z'))).toEqual({ sent: 0, complete: true });
    expect(await digestMails()).toHaveLength(0);

    // 07:30 in Berlin (UTC+1 in January).
    expect(await runDigest(deps, new Date('2030-01-15T06:30:00Z'))).toEqual({ sent: 1, complete: true });
    const [digest] = await digestMails();
    expect(digest!.subject).toBe('Ihre Benachrichtigungen vom 15.01.2030: 2 neu');
    expect(digest!.text).toContain('Hallo Svenja Sachbearbeitung,');
    expect(digest!.text).toContain('seit der letzten Zusammenfassung gibt es 2 neue Benachrichtigungen:');
    expect(digest!.text).toContain('- Erinnerung: „Bericht schreiben“ ist am 20.01.2030 fällig');
    expect(digest!.text).toContain('- Bitte prüfen: Dossier prüfen');
    expect(digest!.text).toContain(`${PUBLIC_URL}/#/regions/demo/tasks/${reminder.taskId}`);
    expect(digest!.text).toContain(`${PUBLIC_URL}/#/regions/demo/tasks/${review.taskId}`);
    await settled([reminder.id, review.id], 'sent');

    // Later the same day, also with something new waiting: nothing more.
    const later = notification('demo-staff2', { params: { taskTitle: 'Nachzügler' } });
    await createNotifications(stack.store.models, [later]);
    await settled([later.id], 'digest');
    expect(await runDigest(deps, new Date('2030-01-15T06:30:00Z'))).toEqual({ sent: 0, complete: true });
    expect(await runDigest(deps, new Date('2030-01-15T21:00:00Z'))).toEqual({ sent: 0, complete: true });
    expect(await digestMails()).toHaveLength(1);

    // The next morning, two dispatchers at once: one digest with only the new item.
    const other = createMailDeps(stack.config, stack.store.models, pino({ level: 'warn' }));
    const next = new Date('2030-01-16T06:05:00Z');
    const results = await Promise.all([runDigest(deps, next), runDigest(other, next)]);
    other.sender?.close();
    expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(1);
    const mails = await digestMails();
    expect(mails).toHaveLength(2);
    const second = mails.find((m) => m !== digest && m.file !== digest!.file);
    expect(second!.subject).toBe('Ihre Benachrichtigungen vom 16.01.2030: 1 neu');
    expect(second!.text).toContain('Neue Aufgabe: Nachzügler');
    expect(second!.text).not.toContain('Bericht schreiben');
    await settled([later.id], 'sent');
  });

  it("when the worker's clock passes 07:00 Berlin, then its dispatcher sends the digest by itself", async () => {
    const item = notification('demo-staff2', { kind: 'task-due', params: { taskTitle: 'Heute abgeben', dueDate: '2030-01-17' } });
    await createNotifications(stack.store.models, [item]);
    await settled([item.id], 'digest');
    clock = new Date('2030-01-17T06:10:00Z');
    await settled([item.id], 'sent');
    const mails = (await digestMails()).filter((m) => m.subject.includes('17.01.2030'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Heute fällig: Heute abgeben');
  });

  it('when a digest user switches to immediate, then what waited is mailed singly', async () => {
    const item = notification('demo-staff2', { params: { taskTitle: 'Umgestellt' } });
    await createNotifications(stack.store.models, [item]);
    await settled([item.id], 'digest');
    const staff2 = await login(stack.baseUrl, 'staff2@demo.test');
    await staff2.request('PUT', '/api/me/notification-preferences', { email: 'immediate' });
    await settled([item.id], 'sent');
    expect((await digestMails()).filter((m) => m.subject === 'Neue Aufgabe: Umgestellt')).toHaveLength(1);
  });
});
