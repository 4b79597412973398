import { api, ApiError } from '../api.js';
import { definitionList, h, section } from '../dom.js';
import { formatCurrency, formatDateTime, formatNumber, timeElement } from '../format.js';
import { t, tCount } from '../i18n/index.js';
import { phaseBadge, phaseLabel } from '../labels.js';
import { monitoring } from '../monitoring-api.js';
import { dossierHash, indicatorHash, localized } from '../monitoring-labels.js';
import { discussionSection } from './discussion.js';
import { actionsSection } from './mandate-actions.js';
import { historySection } from './mandate-history.js';
import { mandateTasksSection } from './mandate-tasks.js';
import { decisionSection, voteSection } from './mandate-vote.js';
import { meetings } from '../meetings-api.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {{id: string, name: string}} Person */
/**
 * @typedef {{id: string, regionId: string, title: string, actionField: string, question: string, goals: string[],
 *   dueDate: string, indicators: string[], phase: string, outcome: string | null, version: number, revisionRound: number,
 *   options: Array<{id: string, title: string, description: string, cost: number | null, resources: string | null,
 *     expectedEffect: string | null, addedBy: Person, addedAt: string}>,
 *   data: Array<{id: string, indicator: string, period: string, value: number, unit: string | null, source: string | null,
 *     phase: string, recordedBy: Person, recordedAt: string}>,
 *   vote: import('./mandate-vote.js').Vote | null, decision: import('./mandate-vote.js').Decision | null,
 *   progress: Array<{id: string, text: string, percent: number | null, reportedBy: Person, reportedAt: string}>,
 *   implementationSummary: string | null, evaluationSummary: string | null, withdrawalReason: string | null,
 *   tasks?: import('./mandate-tasks.js').MandateTask[], createdBy: Person, createdAt: string, updatedAt: string, allowedActions: string[]}} Mandate
 * @typedef {import('./mandate-history.js').HistoryEntry} HistoryEntry
 */

/** One mandate with everything recorded on it, and a form for each action the caller may take. */
export async function mandateDetailView(/** @type {ViewContext} */ ctx) {
  const { regionId, mandateId } = ctx.params;
  const [mandate, history, catalogue] = await Promise.all([
    api.mandate(regionId, mandateId, ctx.signal),
    api.history(regionId, mandateId, ctx.signal),
    monitoring.indicators(regionId, ctx.signal),
  ]);
  const root = h('div', { class: 'mandate' });
  const userId = ctx.session.user?.id ?? '';
  // Where its vote can take place: an agenda item about it in a planned meeting. Only who submits needs them.
  const meetingChoices = mandate.allowedActions.some((action) => action === 'submit' || action === 'submit-dossier')
    ? await agendaChoices(regionId, mandateId, ctx.signal)
    : [];
  /** The mandate names its indicators by catalogue key; the page shows their names. */
  const indicatorNames = new Map(catalogue.items.map((indicator) => [indicator.key, localized(indicator.name)]));

  /** @param {Mandate} current @param {HistoryEntry[]} entries */
  const draw = (current, entries) => root.replaceChildren(...page(current, entries, perform, regionId, userId, indicatorNames, meetingChoices));

  /** Runs an action; the page is redrawn from the snapshot the API returns. */
  async function perform(/** @type {string} */ action, /** @type {object} */ payload, /** @type {string} */ key) {
    try {
      const updated = await api.act(regionId, mandateId, action, payload, key);
      const { items } = await api.history(regionId, mandateId);
      draw(updated, items);
      ctx.announce(t('action.done', { action: t(`action.${action}`) }));
    } catch (error) {
      if (error instanceof ApiError && error.problem.code === 'required_tasks_open') throw requiredTasksOpen(error);
      if (!isStale(error, action)) throw error;
      // Someone else moved the mandate on: show its current state instead of
      // a form that no longer applies.
      const [current, { items }] = await Promise.all([api.mandate(regionId, mandateId), api.history(regionId, mandateId)]);
      draw(current, items);
      ctx.announce(t('detail.stale', { phase: phaseLabel(current.phase, current.outcome) }));
    }
    ctx.focusHeading();
  }

  draw(mandate, history.items);
  // Comments and attachments are drawn once, outside the redrawn part, so a
  // comment being typed survives an action on the mandate.
  const discussion = discussionSection({ regionId, subject: 'mandates', id: mandateId, session: ctx.session, announce: ctx.announce, signal: ctx.signal });
  return h('div', {}, root, discussion);
}

/**
 * The agenda items about this mandate in the region's planned meetings, as
 * choices `<meetingId>|<itemId>` for the submit forms. Without them (or when
 * the meetings cannot be read) the vote is a written procedure.
 *
 * @param {string} regionId @param {string} mandateId @param {AbortSignal} signal
 */
async function agendaChoices(regionId, mandateId, signal) {
  try {
    const { items } = await meetings.list(regionId, signal);
    const planned = items.filter((meeting) => meeting.status === 'planned' && meeting.agendaItems > 0);
    const details = await Promise.all(planned.map((meeting) => meetings.get(regionId, meeting.id, signal)));
    return details.flatMap((meeting) =>
      meeting.agenda.flatMap((item, index) =>
        item.mandateId === mandateId
          ? [
              {
                value: `${meeting.id}|${item.id}`,
                label: t('field.voteIn.meeting', { title: meeting.title, date: formatDateTime(meeting.startsAt), number: index + 1 }),
              },
            ]
          : [],
      ),
    );
  } catch (error) {
    if (signal.aborted) throw error;
    return [];
  }
}

/**
 * The phase gate's 409 in the user's words, naming the open tasks; the API's
 * detail is English.
 *
 * @param {ApiError} error
 */
function requiredTasksOpen(error) {
  const open = /** @type {{openTasks?: Array<{title: string}>}} */ (error.problem).openTasks ?? [];
  const detail = tCount('detail.requiredTasksOpen', open.length, { titles: open.map((task) => task.title).join('; ') });
  return new ApiError(error.status, { ...error.problem, detail });
}

/**
 * A 409 that names the actions now allowed, without this one, means the page
 * is out of date. Other 409s (e.g. a dossier without data) are answers to
 * this form and are shown there, keeping what was typed.
 *
 * @param {unknown} error @param {string} action
 */
function isStale(error, action) {
  return error instanceof ApiError && error.status === 409 && Array.isArray(error.problem.allowedActions) && !error.problem.allowedActions.includes(action);
}

/**
 * @param {Mandate} mandate @param {HistoryEntry[]} history
 * @param {Parameters<typeof actionsSection>[1]} perform @param {string} regionId @param {string} userId
 * @param {Map<string, string>} indicatorNames
 * @param {Array<{value: string, label: string}>} meetingChoices
 */
function page(mandate, history, perform, regionId, userId, indicatorNames, meetingChoices) {
  return [
    h('p', { class: 'back' }, h('a', { href: `#/regions/${encodeURIComponent(regionId)}/mandates` }, t('detail.back'))),
    h('h1', { tabindex: '-1' }, mandate.title),
    h('p', { class: 'lead' }, `${t('detail.phase')}: `, phaseBadge(mandate.phase, mandate.outcome)),
    overviewSection(mandate, regionId, indicatorNames),
    reportLinks(mandate, regionId),
    mandate.vote ? voteSection(mandate.vote, mandate.options, regionId) : null,
    actionsSection(mandate, perform, userId, meetingChoices),
    mandate.decision ? decisionSection(mandate.decision, mandate.options) : null,
    optionsSection(mandate),
    dataSection(mandate),
    progressSection(mandate),
    mandateTasksSection(mandate, regionId),
    closingSection(mandate),
    historySection(history, mandate.options),
  ].filter((node) => node !== null);
}

/** @param {Mandate} mandate @param {string} regionId @param {Map<string, string>} indicatorNames */
function overviewSection(mandate, regionId, indicatorNames) {
  const indicators = mandate.indicators.map((key) => h('a', { href: indicatorHash(regionId, key) }, indicatorNames.get(key) ?? key));
  return section(
    'overview',
    t('detail.overview'),
    definitionList([
      [t('detail.actionField'), mandate.actionField],
      [t('detail.revisionRound'), String(mandate.revisionRound)],
      [t('detail.dueDate'), timeElement(mandate.dueDate)],
      [t('detail.question'), mandate.question],
      [t('detail.goals'), list(mandate.goals)],
      [t('detail.indicators'), indicators.length > 0 ? list(indicators) : null],
      [t('detail.created'), byAt(mandate.createdBy, mandate.createdAt)],
      [t('detail.updatedAt'), timeElement(mandate.updatedAt)],
    ]),
  );
}

/**
 * The dossier (a draft until it goes to the board, then frozen), and the
 * evaluation report once the mandate is in evaluation or closed.
 *
 * @param {Mandate} mandate @param {string} regionId
 */
function reportLinks(mandate, regionId) {
  const evaluated = mandate.phase === 'evaluation' || mandate.phase === 'closed';
  return h(
    'ul',
    { class: 'link-list', id: 'report-links' },
    h('li', {}, h('a', { href: dossierHash(regionId, mandate.id) }, t('detail.dossier'))),
    evaluated ? h('li', {}, h('a', { href: monitoring.evaluationReportPdfHref(regionId, mandate.id) }, t('detail.evaluationReport'))) : null,
  );
}

/** @param {Mandate} mandate */
function optionsSection(mandate) {
  return section(
    'options',
    t('options.title'),
    mandate.options.length === 0
      ? h('p', {}, t('options.empty'))
      : mandate.options.map((option) =>
          h(
            'article',
            { class: 'card' },
            h('h3', {}, option.title),
            h('p', {}, option.description),
            definitionList([
              [t('option.cost'), option.cost === null ? null : formatCurrency(option.cost)],
              [t('option.resources'), option.resources],
              [t('option.expectedEffect'), option.expectedEffect],
              [t('option.added'), byAt(option.addedBy, option.addedAt)],
            ]),
          ),
        ),
  );
}

/** @param {Mandate} mandate */
function dataSection(mandate) {
  if (mandate.data.length === 0) return section('data', t('data.title'), h('p', {}, t('data.empty')));
  const columns = ['indicator', 'period', 'value', 'source', 'phase', 'recorded'];
  return section(
    'data',
    t('data.title'),
    h(
      'div',
      { class: 'table-scroll' },
      // On a narrow screen the table scrolls sideways; having no links, it
      // takes focus itself so the arrow keys can scroll it.
      h(
        'table',
        { tabindex: '0', 'aria-labelledby': 'data-heading' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            columns.map((column) => h('th', { scope: 'col' }, t(`data.col.${column}`))),
          ),
        ),
        h(
          'tbody',
          {},
          mandate.data.map((point) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, point.indicator),
              h('td', {}, point.period),
              // A no-break space keeps the unit with its number ("6,8 %").
              h('td', {}, h('span', { class: 'number' }, [formatNumber(point.value), point.unit].filter(Boolean).join('\u00a0'))),
              h('td', {}, point.source ?? ''),
              h('td', {}, phaseLabel(point.phase)),
              h('td', {}, byAt(point.recordedBy, point.recordedAt)),
            ),
          ),
        ),
      ),
    ),
  );
}

/** @param {Mandate} mandate */
function progressSection(mandate) {
  return section(
    'progress',
    t('progress.title'),
    mandate.progress.length === 0
      ? h('p', {}, t('progress.empty'))
      : h(
          'ol',
          { class: 'entries' },
          mandate.progress.map((entry) =>
            h(
              'li',
              {},
              h('p', {}, entry.text),
              h(
                'p',
                { class: 'meta' },
                entry.percent === null ? null : [t('progress.percent', { percent: entry.percent }), ' · '],
                byAt(entry.reportedBy, entry.reportedAt),
              ),
            ),
          ),
        ),
  );
}

/** The texts written when the mandate ends; the section appears only once there is one. */
function closingSection(/** @type {Mandate} */ mandate) {
  const texts = definitionList([
    [t('closing.implementation'), mandate.implementationSummary],
    [t('closing.evaluation'), mandate.evaluationSummary],
    [t('closing.withdrawal'), mandate.withdrawalReason],
  ]);
  return texts.childElementCount === 0 ? null : section('closing', t('closing.title'), texts);
}

/** @param {Array<string | Node>} items */
function list(items) {
  return h(
    'ul',
    {},
    items.map((item) => h('li', {}, item)),
  );
}

/** "Name, 01.03.2025, 14:30"; a system event has no person. @param {Person | null} person @param {string} at */
function byAt(person, at) {
  return h('span', {}, `${person?.name ?? t('common.system')}, `, timeElement(at));
}
