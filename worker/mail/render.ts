import type { Locale, NotificationKind, NotificationParams } from '../../domain/notifications';

/** What a mail needs of a notification. */
export interface MailItem {
  kind: NotificationKind;
  params: NotificationParams;
  /** The web hash route, e.g. `#/regions/demo/tasks/t-1`. */
  link: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

interface Message {
  subject: string;
  /** The sentence that says what happened. */
  line: string;
}

type Texts = {
  greeting(name: string): string;
  messages: Record<NotificationKind, (p: Params) => Message>;
  labels: { mandate: string; due: string; comment: string; open: string; settings: string; footer: string };
  digest: { subject(count: number, day: string): string; intro(count: number): string };
  someone: string;
};

/** Reads params as display text; dates (YYYY-MM-DD) in the locale's form. */
class Params {
  constructor(
    private readonly params: NotificationParams,
    private readonly locale: Locale,
  ) {}

  text(key: string, fallback = ''): string {
    const value = this.params[key];
    return value === null || value === undefined || value === '' ? fallback : oneLine(String(value));
  }

  date(key: string): string {
    return formatDate(this.text(key), this.locale);
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function formatDate(value: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  if (locale === 'de') return `${match[3]}.${match[2]}.${match[1]}`;
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
}

const de: Texts = {
  greeting: (name) => `Hallo ${name},`,
  someone: 'Jemand',
  messages: {
    'task-assigned': (p) => ({ subject: `Neue Aufgabe: ${p.text('taskTitle')}`, line: `Ihnen wurde die Aufgabe „${p.text('taskTitle')}“ zugewiesen.` }),
    'task-delegated': (p) => ({
      subject: `Aufgabe an Sie übergeben: ${p.text('taskTitle')}`,
      line: `${p.text('actorName', de.someone)} hat Ihnen die Aufgabe „${p.text('taskTitle')}“ übergeben.`,
    }),
    'task-reminder': (p) => ({
      subject: `Erinnerung: „${p.text('taskTitle')}“ ist am ${p.date('dueDate')} fällig`,
      line: `Die Aufgabe „${p.text('taskTitle')}“ ist am ${p.date('dueDate')} fällig.`,
    }),
    'task-due': (p) => ({
      subject: `Heute fällig: ${p.text('taskTitle')}`,
      line: `Die Aufgabe „${p.text('taskTitle')}“ ist heute fällig (${p.date('dueDate')}).`,
    }),
    'task-escalated': (p) => ({
      subject: `Überfällig: ${p.text('taskTitle')}`,
      line: `Die Aufgabe „${p.text('taskTitle')}“ war am ${p.date('dueDate')} fällig und ist noch nicht erledigt.`,
    }),
    'task-follow-up': (p) => ({
      subject: `Wiedervorlage: ${p.text('taskTitle')}`,
      line: `Heute ist die Wiedervorlage der Aufgabe „${p.text('taskTitle')}“ (fällig am ${p.date('dueDate')}).`,
    }),
    'task-review-requested': (p) => ({
      subject: `Bitte prüfen: ${p.text('taskTitle')}`,
      line: `${p.text('actorName', de.someone)} hat die Aufgabe „${p.text('taskTitle')}“ erledigt und bittet um Prüfung (Vier-Augen-Prinzip).`,
    }),
    'task-approved': (p) => ({
      subject: `Freigegeben: ${p.text('taskTitle')}`,
      line: `${p.text('actorName', de.someone)} hat Ihre Aufgabe „${p.text('taskTitle')}“ freigegeben.`,
    }),
    'task-rejected': (p) => ({
      subject: `Zurückgewiesen: ${p.text('taskTitle')}`,
      line: `${p.text('actorName', de.someone)} hat Ihre Aufgabe „${p.text('taskTitle')}“ zurückgewiesen. Bitte überarbeiten Sie sie.`,
    }),
    'task-cancelled': (p) => ({ subject: `Abgebrochen: ${p.text('taskTitle')}`, line: `Die Aufgabe „${p.text('taskTitle')}“ wurde abgebrochen.` }),
    mention: (p) => {
      const where = p.text('taskTitle') || p.text('mandateTitle');
      return {
        subject: `${p.text('actorName', de.someone)} hat Sie erwähnt${where ? `: ${where}` : ''}`,
        line: `${p.text('actorName', de.someone)} hat Sie in einem Kommentar${where ? ` zu „${where}“` : ''} erwähnt.`,
      };
    },
    'absence-substitute': (p) => ({
      subject: `Vertretung für ${p.text('substituteFor')}: ${p.date('from')} bis ${p.date('until')}`,
      line: `Sie vertreten ${p.text('substituteFor')} vom ${p.date('from')} bis ${p.date('until')}. Deren Aufgaben erscheinen in dieser Zeit in Ihrem Posteingang.`,
    }),
    'vote-opened': (p) => ({
      subject: `Abstimmung: ${p.text('voteTitle')}`,
      line: p.text('deadline')
        ? `Zur Abstimmung „${p.text('voteTitle')}“ ist Ihre Stimme gefragt, bis spätestens ${p.text('deadline')}.`
        : `Die Abstimmung „${p.text('voteTitle')}“ ist eröffnet.`,
    }),
    'vote-reminder': (p) => ({
      subject: `Erinnerung: Ihre Stimme zu „${p.text('voteTitle')}“`,
      line: `Sie haben zu „${p.text('voteTitle')}“ noch nicht abgestimmt. Die Abstimmung endet am ${p.text('deadline')}.`,
    }),
    'vote-closed': (p) => ({
      subject: `Abstimmung beendet: ${p.text('voteTitle')}`,
      line: `Die Abstimmung „${p.text('voteTitle')}“ ist beendet${p.text('decisionNumber') ? ` (Beschluss ${p.text('decisionNumber')})` : ''}.`,
    }),
    'meeting-invitation': (p) => ({
      subject: `Einladung: ${p.text('meetingTitle')} am ${p.text('startsAt')}`,
      line: `Sie sind zur Sitzung „${p.text('meetingTitle')}“ am ${p.text('startsAt')} eingeladen${p.text('place') ? ` (${p.text('place')})` : ''}. Der Termin liegt als Kalenderdatei bei.`,
    }),
    'meeting-updated': (p) => ({
      subject: `Geändert: ${p.text('meetingTitle')} am ${p.text('startsAt')}`,
      line: `Die Sitzung „${p.text('meetingTitle')}“ wurde geändert: jetzt am ${p.text('startsAt')}${p.text('place') ? ` (${p.text('place')})` : ''}.`,
    }),
    'meeting-cancelled': (p) => ({
      subject: `Abgesagt: ${p.text('meetingTitle')} am ${p.text('startsAt')}`,
      line: `Die Sitzung „${p.text('meetingTitle')}“ am ${p.text('startsAt')} ist abgesagt.`,
    }),
  },
  labels: {
    mandate: 'Mandat',
    due: 'Fällig am',
    comment: 'Kommentar',
    open: 'Öffnen',
    settings: 'E-Mail-Einstellungen',
    footer: 'Diese Nachricht wurde automatisch vom Bildungsbüro-System versandt.',
  },
  digest: {
    subject: (count, day) => `Ihre Benachrichtigungen vom ${formatDate(day, 'de')}: ${count} neu`,
    intro: (count) =>
      count === 1
        ? 'seit der letzten Zusammenfassung gibt es eine neue Benachrichtigung:'
        : `seit der letzten Zusammenfassung gibt es ${count} neue Benachrichtigungen:`,
  },
};

const en: Texts = {
  greeting: (name) => `Hello ${name},`,
  someone: 'Someone',
  messages: {
    'task-assigned': (p) => ({ subject: `New task: ${p.text('taskTitle')}`, line: `The task “${p.text('taskTitle')}” has been assigned to you.` }),
    'task-delegated': (p) => ({
      subject: `Task handed to you: ${p.text('taskTitle')}`,
      line: `${p.text('actorName', en.someone)} handed the task “${p.text('taskTitle')}” to you.`,
    }),
    'task-reminder': (p) => ({
      subject: `Reminder: “${p.text('taskTitle')}” is due on ${p.date('dueDate')}`,
      line: `The task “${p.text('taskTitle')}” is due on ${p.date('dueDate')}.`,
    }),
    'task-due': (p) => ({ subject: `Due today: ${p.text('taskTitle')}`, line: `The task “${p.text('taskTitle')}” is due today (${p.date('dueDate')}).` }),
    'task-escalated': (p) => ({
      subject: `Overdue: ${p.text('taskTitle')}`,
      line: `The task “${p.text('taskTitle')}” was due on ${p.date('dueDate')} and is not done yet.`,
    }),
    'task-follow-up': (p) => ({
      subject: `Follow-up: ${p.text('taskTitle')}`,
      line: `Today is the follow-up date of the task “${p.text('taskTitle')}” (due on ${p.date('dueDate')}).`,
    }),
    'task-review-requested': (p) => ({
      subject: `Please review: ${p.text('taskTitle')}`,
      line: `${p.text('actorName', en.someone)} completed the task “${p.text('taskTitle')}” and asks for your review (four-eyes principle).`,
    }),
    'task-approved': (p) => ({
      subject: `Approved: ${p.text('taskTitle')}`,
      line: `${p.text('actorName', en.someone)} approved your task “${p.text('taskTitle')}”.`,
    }),
    'task-rejected': (p) => ({
      subject: `Rejected: ${p.text('taskTitle')}`,
      line: `${p.text('actorName', en.someone)} rejected your task “${p.text('taskTitle')}”. Please revise it.`,
    }),
    'task-cancelled': (p) => ({ subject: `Cancelled: ${p.text('taskTitle')}`, line: `The task “${p.text('taskTitle')}” has been cancelled.` }),
    mention: (p) => {
      const where = p.text('taskTitle') || p.text('mandateTitle');
      return {
        subject: `${p.text('actorName', en.someone)} mentioned you${where ? `: ${where}` : ''}`,
        line: `${p.text('actorName', en.someone)} mentioned you in a comment${where ? ` on “${where}”` : ''}.`,
      };
    },
    'absence-substitute': (p) => ({
      subject: `Standing in for ${p.text('substituteFor')}: ${p.date('from')} to ${p.date('until')}`,
      line: `You are standing in for ${p.text('substituteFor')} from ${p.date('from')} to ${p.date('until')}. Their tasks appear in your inbox during that time.`,
    }),
    'vote-opened': (p) => ({
      subject: `Vote: ${p.text('voteTitle')}`,
      line: p.text('deadline') ? `Your vote on “${p.text('voteTitle')}” is needed by ${p.text('deadline')}.` : `The vote “${p.text('voteTitle')}” is open.`,
    }),
    'vote-reminder': (p) => ({
      subject: `Reminder: your vote on “${p.text('voteTitle')}”`,
      line: `You have not voted on “${p.text('voteTitle')}” yet. The vote ends on ${p.text('deadline')}.`,
    }),
    'vote-closed': (p) => ({
      subject: `Vote closed: ${p.text('voteTitle')}`,
      line: `The vote “${p.text('voteTitle')}” has closed${p.text('decisionNumber') ? ` (decision ${p.text('decisionNumber')})` : ''}.`,
    }),
    'meeting-invitation': (p) => ({
      subject: `Invitation: ${p.text('meetingTitle')} on ${p.text('startsAt')}`,
      line: `You are invited to the meeting “${p.text('meetingTitle')}” on ${p.text('startsAt')}${p.text('place') ? ` (${p.text('place')})` : ''}. The calendar event is attached.`,
    }),
    'meeting-updated': (p) => ({
      subject: `Changed: ${p.text('meetingTitle')} on ${p.text('startsAt')}`,
      line: `The meeting “${p.text('meetingTitle')}” has changed: now on ${p.text('startsAt')}${p.text('place') ? ` (${p.text('place')})` : ''}.`,
    }),
    'meeting-cancelled': (p) => ({
      subject: `Cancelled: ${p.text('meetingTitle')} on ${p.text('startsAt')}`,
      line: `The meeting “${p.text('meetingTitle')}” on ${p.text('startsAt')} is cancelled.`,
    }),
  },
  labels: {
    mandate: 'Mandate',
    due: 'Due on',
    comment: 'Comment',
    open: 'Open',
    settings: 'E-mail settings',
    footer: 'This message was sent automatically by the education office system.',
  },
  digest: {
    subject: (count, day) => `Your notifications of ${formatDate(day, 'en')}: ${count} new`,
    intro: (count) => (count === 1 ? 'there is one new notification since the last summary:' : `there are ${count} new notifications since the last summary:`),
  },
};

const TEXTS: Record<Locale, Texts> = { de, en };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** The absolute URL of a hash route under the public base URL. */
export function absoluteLink(publicUrl: string, link: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/${link}`;
}

function messageOf(item: MailItem, locale: Locale): Message {
  const m = TEXTS[locale].messages[item.kind](new Params(item.params, locale));
  return { subject: clip(oneLine(m.subject), 200), line: m.line };
}

function detailsOf(item: MailItem, locale: Locale): Array<[string, string]> {
  const p = new Params(item.params, locale);
  const labels = TEXTS[locale].labels;
  const details: Array<[string, string]> = [];
  if (p.text('mandateTitle') && item.kind !== 'mention') details.push([labels.mandate, p.text('mandateTitle')]);
  if (p.text('dueDate') && !['task-reminder', 'task-due', 'task-escalated', 'task-follow-up'].includes(item.kind))
    details.push([labels.due, p.date('dueDate')]);
  if (p.text('commentExcerpt')) details.push([labels.comment, `„${clip(p.text('commentExcerpt'), 500)}“`]);
  return details;
}

function footer(publicUrl: string, locale: Locale): { text: string; html: string } {
  const labels = TEXTS[locale].labels;
  const settings = absoluteLink(publicUrl, '#/settings');
  return {
    text: `--\n${labels.footer}\n${labels.settings}: ${settings}`,
    html: `<p style="color:#555;font-size:small">${escapeHtml(labels.footer)}<br><a href="${escapeHtml(settings)}">${escapeHtml(labels.settings)}</a></p>`,
  };
}

/** One notification as a mail in the recipient's language: subject, plain text and simple HTML. */
export function renderNotificationMail(item: MailItem, recipientName: string, locale: Locale, publicUrl: string): RenderedMail {
  const texts = TEXTS[locale];
  const { subject, line } = messageOf(item, locale);
  const details = detailsOf(item, locale);
  const url = absoluteLink(publicUrl, item.link);
  const end = footer(publicUrl, locale);
  const text = [
    texts.greeting(recipientName),
    '',
    line,
    ...(details.length > 0 ? ['', ...details.map(([label, value]) => `${label}: ${value}`)] : []),
    '',
    `${texts.labels.open}: ${url}`,
    '',
    end.text,
    '',
  ].join('\n');
  const html = [
    `<p>${escapeHtml(texts.greeting(recipientName))}</p>`,
    `<p>${escapeHtml(line)}</p>`,
    details.length > 0 ? `<p>${details.map(([label, value]) => `${escapeHtml(label)}: ${escapeHtml(value)}`).join('<br>')}</p>` : '',
    `<p><a href="${escapeHtml(url)}">${escapeHtml(texts.labels.open)}</a></p>`,
    end.html,
  ].join('\n');
  return { subject, text, html: wrapHtml(html, locale) };
}

/** The daily digest: one line and link per notification, oldest first. */
export function renderDigestMail(items: MailItem[], recipientName: string, locale: Locale, publicUrl: string, day: string): RenderedMail {
  const texts = TEXTS[locale];
  const entries = items.map((item) => ({ subject: messageOf(item, locale).subject, url: absoluteLink(publicUrl, item.link) }));
  const end = footer(publicUrl, locale);
  const text = [
    texts.greeting(recipientName),
    '',
    texts.digest.intro(items.length),
    '',
    ...entries.flatMap((entry) => [`- ${entry.subject}`, `  ${entry.url}`]),
    '',
    end.text,
    '',
  ].join('\n');
  const html = [
    `<p>${escapeHtml(texts.greeting(recipientName))}</p>`,
    `<p>${escapeHtml(texts.digest.intro(items.length))}</p>`,
    `<ul>${entries.map((entry) => `<li><a href="${escapeHtml(entry.url)}">${escapeHtml(entry.subject)}</a></li>`).join('')}</ul>`,
    end.html,
  ].join('\n');
  return { subject: texts.digest.subject(items.length, day), text, html: wrapHtml(html, locale) };
}

function wrapHtml(body: string, locale: Locale): string {
  return `<!doctype html>\n<html lang="${locale}"><head><meta charset="utf-8"></head><body>\n${body}\n</body></html>\n`;
}
