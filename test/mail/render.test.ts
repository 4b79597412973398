// Pure: the mail texts, without servers.
import { NOTIFICATION_KINDS, LOCALES, type NotificationKind } from '../../domain/notifications';
import { absoluteLink, formatDate, renderDigestMail, renderNotificationMail, type MailItem } from '../../worker/mail/render';

const BASE = 'https://bildung.example/';
const params = {
  taskTitle: 'Daten erheben',
  mandateTitle: 'Ganztag ausbauen',
  dueDate: '2030-02-01',
  actorName: 'Lena Leitung',
  commentExcerpt: 'Bitte prüfen',
  substituteFor: 'Sven Sachbearbeitung',
  from: '2030-03-01',
  until: '2030-03-14',
  voteId: 'v1',
  voteTitle: 'Leitbild der Bildungsregion',
  deadline: '14.03.2030, 18:00 Uhr',
  decisionNumber: 'BB-2030/004',
  meetingId: 'mt1',
  meetingTitle: '1. Sitzung des Bildungsbeirats',
  startsAt: '12.03.2030, 17:00',
  place: 'Kreishaus',
};
const item = (kind: NotificationKind, overrides: Partial<MailItem> = {}): MailItem => ({ kind, params, link: '#/regions/demo/tasks/t-1', ...overrides });

describe('renderNotificationMail', () => {
  it.each(LOCALES.flatMap((locale) => NOTIFICATION_KINDS.map((kind) => [locale, kind] as const)))(
    'when a %s mail for %s is rendered, then subject, text and HTML are complete and link to the item',
    (locale, kind) => {
      const mail = renderNotificationMail(item(kind), 'Svenja', locale, BASE);
      expect(mail.subject.length).toBeGreaterThan(5);
      expect(mail.subject).not.toMatch(/undefined|null|\n/);
      expect(mail.text).not.toMatch(/undefined|null/);
      expect(mail.text).toContain(locale === 'de' ? 'Hallo Svenja,' : 'Hello Svenja,');
      expect(mail.text).toContain('https://bildung.example/#/regions/demo/tasks/t-1');
      expect(mail.html).toContain('href="https://bildung.example/#/regions/demo/tasks/t-1"');
      expect(mail.html).toContain(`<html lang="${locale}">`);
    },
  );

  it('when the locale is German, then dates are DD.MM.YYYY and the wording is German', () => {
    const mail = renderNotificationMail(item('task-reminder'), 'Svenja', 'de', BASE);
    expect(mail.subject).toBe('Erinnerung: „Daten erheben“ ist am 01.02.2030 fällig');
    expect(mail.text).toContain('Mandat: Ganztag ausbauen');
    expect(mail.text).toContain('Kommentar: „Bitte prüfen“');
  });

  it('when the locale is English, then dates are written out and the wording is English', () => {
    const mail = renderNotificationMail(item('absence-substitute'), 'Svenja', 'en', BASE);
    expect(mail.subject).toBe('Standing in for Sven Sachbearbeitung: 1 March 2030 to 14 March 2030');
    expect(mail.text).toContain('You are standing in for Sven Sachbearbeitung from 1 March 2030 to 14 March 2030.');
  });

  it('when titles hold markup or line breaks, then the HTML escapes it and the subject stays one line', () => {
    const mail = renderNotificationMail(item('task-assigned', { params: { taskTitle: '<script>x</script>\r\nBcc: a@b' } }), 'A & B', 'de', BASE);
    expect(mail.subject).toBe('Neue Aufgabe: <script>x</script> Bcc: a@b');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).toContain('Hallo A &amp; B,');
  });

  it('when a param is missing, then a neutral word stands in', () => {
    const mail = renderNotificationMail(item('task-delegated', { params: { taskTitle: 'T' } }), 'X', 'de', BASE);
    expect(mail.text).toContain('Jemand hat Ihnen die Aufgabe „T“ übergeben.');
  });
});

describe('renderDigestMail', () => {
  it('when several items are listed, then each has its line and link, and the subject counts them', () => {
    const items = [item('task-due'), item('mention', { link: '#/regions/demo/mandates/m-1' })];
    const de = renderDigestMail(items, 'Svenja', 'de', BASE, '2030-01-15');
    expect(de.subject).toBe('Ihre Benachrichtigungen vom 15.01.2030: 2 neu');
    expect(de.text).toContain('- Heute fällig: Daten erheben\n  https://bildung.example/#/regions/demo/tasks/t-1');
    expect(de.text).toContain('- Lena Leitung hat Sie erwähnt: Daten erheben\n  https://bildung.example/#/regions/demo/mandates/m-1');
    const en = renderDigestMail(items.slice(0, 1), 'Svenja', 'en', BASE, '2030-01-15');
    expect(en.subject).toBe('Your notifications of 15 January 2030: 1 new');
    expect(en.text).toContain('there is one new notification since the last summary:');
  });
});

describe('helpers', () => {
  it('formats only real calendar dates and joins links without double slashes', () => {
    expect(formatDate('2030-12-24', 'de')).toBe('24.12.2030');
    expect(formatDate('next week', 'de')).toBe('next week');
    expect(absoluteLink('http://localhost:3000//', '#/notifications')).toBe('http://localhost:3000/#/notifications');
  });
});
