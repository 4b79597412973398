import { api } from '../api.js';
import { definitionList, h, section } from '../dom.js';
import { formatCurrency, formatDate, formatNumber } from '../format.js';
import { t } from '../i18n/index.js';
import { monitoring } from '../monitoring-api.js';
import { dossierHash, localized } from '../monitoring-labels.js';

/** @typedef {import('../board-api.js').Vote} Vote */
/** @typedef {import('./mandate-detail.js').Mandate & {dossier?: {hash: string, takenAt: string} | null}} Mandate */

/**
 * What the board decides on, read once when the vote page opens: the
 * mandate of the vote, and the catalogue's names of its indicators. Either
 * may fail (no right to read, gone, offline): the mandate's absence is shown
 * as a note, the catalogue's by the indicators' keys. Only the page being
 * left (its signal aborted) ends the page's loading.
 *
 * @param {string} regionId @param {string} mandateId @param {AbortSignal} signal
 * @returns {Promise<{mandate: Mandate | null, indicatorNames: Map<string, string>}>}
 */
export async function loadBasis(regionId, mandateId, signal) {
  const [mandate, catalogue] = await Promise.all([
    api.mandate(regionId, mandateId, signal).catch(() => null),
    monitoring.indicators(regionId, signal).catch(() => null),
  ]);
  if (signal.aborted) throw signal.reason;
  const indicatorNames = new Map((catalogue?.items ?? []).map((indicator) => [indicator.key, localized(indicator.name)]));
  return { mandate, indicatorNames };
}

/**
 * "Entscheidungsgrundlage": the question and goals of the mandate, for an
 * option ballot each option as a card in the ballot's order (so the radio
 * buttons below follow the cards), the data the dossier rests on, when the
 * dossier was frozen and its checksum, and the link to the full dossier
 * with its charts.
 *
 * @param {string} regionId @param {Vote} vote @param {Awaited<ReturnType<typeof loadBasis>>} basis
 */
export function basisSection(regionId, vote, { mandate, indicatorNames }) {
  const mandateId = vote.subject.mandateId ?? '';
  const dossierLink = h(
    'ul',
    { class: 'link-list' },
    h('li', {}, h('a', { id: 'subject-dossier', class: 'touch', href: dossierHash(regionId, mandateId) }, t('vote.live.dossierLink'))),
  );
  if (!mandate) return section('basis', t('vote.basis.title'), h('p', { id: 'basis-unavailable', class: 'hint' }, t('vote.basis.unavailable')), dossierLink);

  return section(
    'basis',
    t('vote.basis.title'),
    definitionList([
      [t('vote.basis.question'), h('p', { class: 'prewrap motion' }, mandate.question)],
      [
        t('vote.basis.goals'),
        mandate.goals.length === 0
          ? null
          : h(
              'ul',
              {},
              mandate.goals.map((goal) => h('li', {}, goal)),
            ),
      ],
    ]),
    vote.ballot.kind === 'options' ? optionCards(vote, mandate) : null,
    dataTable(mandate, indicatorNames, vote.ballot.kind === 'options'),
    mandate.dossier ? dossierState(mandate.dossier) : null,
    dossierLink,
  );
}

/** The ballot's options as cards, with what the mandate says of each. @param {Vote} vote @param {Mandate} mandate */
function optionCards(vote, mandate) {
  const byId = new Map(mandate.options.map((option) => [option.id, option]));
  return h(
    'ol',
    { class: 'basis-options', id: 'basis-options' },
    vote.ballot.options.map((choice) => {
      const option = byId.get(choice.id);
      return h(
        'li',
        {},
        h(
          'article',
          { class: 'card basis-option' },
          h('h3', {}, choice.title),
          option?.description ? h('p', { class: 'prewrap' }, option.description) : null,
          option
            ? definitionList([
                [t('vote.basis.cost'), option.cost === null ? null : h('span', { class: 'number' }, formatCurrency(option.cost))],
                [t('vote.basis.resources'), option.resources],
                [t('vote.basis.expectedEffect'), option.expectedEffect],
              ])
            : null,
        ),
      );
    }),
  );
}

/**
 * The data recorded for the dossier: those of the evaluation came after the
 * decision. A narrow screen scrolls the table sideways; having no links, it
 * takes the focus itself so the arrow keys can scroll it.
 *
 * @param {Mandate} mandate @param {Map<string, string>} indicatorNames @param {boolean} decision whether an empty dossier is worth saying
 */
function dataTable(mandate, indicatorNames, decision) {
  const points = mandate.data.filter((point) => point.phase !== 'evaluation');
  if (points.length === 0) return decision ? h('p', { id: 'basis-no-data' }, t('vote.basis.noData')) : null;
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { id: 'basis-data', tabindex: '0' },
      h('caption', {}, t('vote.basis.data')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['indicator', 'period', 'value', 'source'].map((column) => h('th', { scope: 'col' }, t(`vote.basis.col.${column}`))),
        ),
      ),
      h(
        'tbody',
        {},
        points.map((point) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, indicatorNames.get(point.indicator) ?? point.indicator),
            h('td', {}, point.period),
            // A no-break space keeps the unit with its number ("27,4 %").
            h('td', {}, h('span', { class: 'number' }, [formatNumber(point.value), point.unit].filter(Boolean).join('\u00a0'))),
            h('td', {}, point.source ?? ''),
          ),
        ),
      ),
    ),
  );
}

/**
 * "Stand der Vorlage: 12.05.2026, SHA-256 3f5a…": the day the dossier was
 * frozen and the start of its checksum, which the dossier page and the
 * decision record give in full.
 *
 * @param {{hash: string, takenAt: string}} dossier
 */
function dossierState(dossier) {
  const parts = {
    date: h('time', { datetime: dossier.takenAt }, formatDate(dossier.takenAt)),
    hash: h('code', { class: 'hash' }, dossier.hash.slice(0, 12)),
  };
  // The message is split at its placeholders so the date and the checksum can be elements.
  const pieces = t('vote.basis.state')
    .split(/\{(\w+)\}/)
    .map((piece, index) => (index % 2 === 1 ? (parts[/** @type {keyof typeof parts} */ (piece)] ?? piece) : piece));
  return h('p', { id: 'basis-state', class: 'meta' }, pieces);
}
