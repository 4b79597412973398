import type { Logger } from 'pino';
import type { Config } from '../../config';
import { berlinDate } from '../../domain/time';
import type { Models } from '../../store/models';
import { purgeOldClaims } from '../../store/mail-marks';
import { notificationEvents } from '../../store/notifications';
import { digestDue, runDigest } from './digest';
import { sendPendingMail, type MailDeps } from './outbox';
import { createMailSender } from './transport';

export interface MailDispatcherOptions {
  /** The clock (tests inject one to reach 07:00 without waiting). */
  now?: () => Date;
  /** Send the daily digest (default true). */
  digest?: boolean;
}

export interface MailDispatcher {
  /** Runs one round now (sends what is due, the digest when it is time); resolves when it is done. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/** Rounds per tick while full batches keep coming, so a backlog drains without waiting for the next poll. */
const MAX_ROUNDS = 50;

export function createMailDeps(config: Config, models: Models, logger: Logger): MailDeps {
  return {
    models,
    sender: createMailSender(config.mail),
    from: config.mail.from,
    publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
    logger,
  };
}

/**
 * The worker's mail loop. Polls the outbox every MAIL_POLL_MS (default 5 s;
 * the outbox holds only undelivered mail, so the poll stays cheap on FerretDB,
 * which scans), and is woken at once when this process creates notifications.
 * Once a day after 07:00 Berlin it sends the digests; a restart runs that
 * again, which the per-day markers make harmless. Several workers may each
 * run one: entries and digests are claimed before they are sent.
 */
export function startMailDispatcher(config: Config, models: Models, logger: Logger, options: MailDispatcherOptions = {}): MailDispatcher {
  const now = options.now ?? (() => new Date());
  const deps = createMailDeps(config, models, logger);
  if (!deps.sender) logger.info('e-mail is off (SMTP_HOST is not set): notifications are in-app only');
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  /** The Berlin day whose digests are all done, so the digest query runs once a day, not on every poll. */
  let digestDoneFor: string | null = null;
  let claimsPurgedFor: string | null = null;

  async function tick(): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS && !stopped; round += 1) {
      const { more } = await sendPendingMail(deps, now());
      if (!more) break;
    }
    const at = now();
    const day = berlinDate(at.getTime());
    if (claimsPurgedFor !== day) {
      await purgeOldClaims(models, at);
      claimsPurgedFor = day;
    }
    if (options.digest !== false && deps.sender && !stopped && digestDoneFor !== day && digestDue(at)) {
      const { complete } = await runDigest(deps, at);
      if (complete) digestDoneFor = day;
    }
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), delayMs);
    timer.unref();
  }

  function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await tick();
        } catch (error) {
          logger.warn({ err: error }, 'mail dispatch failed; retrying at the next poll');
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
      schedule(config.mail.pollMs);
    });
    return running;
  }

  // Debounced: a burst of notifications becomes one round.
  const nudge = () => {
    if (stopped) return;
    if (running) again = true;
    else schedule(50);
  };
  notificationEvents.on('created', nudge);
  schedule(0);

  return {
    runOnce: run,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      notificationEvents.off('created', nudge);
      await running;
      deps.sender?.close();
    },
  };
}
