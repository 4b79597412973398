import { api } from '../api.js';
import { h, section } from '../dom.js';
import { buildForm } from '../forms.js';
import { formatDate, timeElement } from '../format.js';
import { getLocale, t, tCount } from '../i18n/index.js';
import { monitoring } from '../monitoring-api.js';
import { PHASES, phaseBadge } from '../labels.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {{id: string, title: string, actionField: string, phase: string, outcome: string | null, dueDate: string,
 *   updatedAt: string, vote: null | {kind: string, status: string, deadline: string}}} MandateSummary */

const PAGE_SIZE = 20;

/** A region's mandates: filter by phase and text, page through, and create a new one. */
export async function mandateListView(/** @type {ViewContext} */ ctx) {
  const { regionId } = ctx.params;
  const phase = ctx.query.get('phase') ?? '';
  const q = ctx.query.get('q') ?? '';
  const page = Math.max(1, Number.parseInt(ctx.query.get('page') ?? '1', 10) || 1);
  const [regions, list] = await Promise.all([api.regions(ctx.signal), api.mandates(regionId, { phase, q, page, pageSize: PAGE_SIZE }, ctx.signal)]);
  const region = regions.items.find((/** @type {{id: string}} */ candidate) => candidate.id === regionId);
  // Only who may create a mandate needs the catalogue to pick its indicators from.
  const catalogue = region?.canCreate ? (await monitoring.indicators(regionId, ctx.signal)).items : [];
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const listHash = `#/regions/${encodeURIComponent(regionId)}/mandates`;
  const total = tCount('list.total', list.total);
  // On a new filter or page the focus stays put; the count is announced instead.
  if (ctx.samePage) ctx.announce(total);

  return h(
    'div',
    {},
    h('h1', { tabindex: '-1' }, t('list.title', { region: region?.name ?? regionId })),
    filterForm(ctx, listHash, phase, q),
    h('p', { class: 'total' }, total),
    list.items.length > 0 ? mandateTable(list.items, listHash, list.page, pages) : null,
    pagination(listHash, phase, q, list.page, pages),
    region?.canCreate ? createSection(ctx, regionId, catalogue) : null,
  );
}

/**
 * @param {ViewContext} ctx @param {string} listHash @param {string} phase @param {string} q
 */
function filterForm(ctx, listHash, phase, q) {
  const select = h(
    'select',
    { id: 'filter-phase', name: 'phase' },
    h('option', { value: '' }, t('list.phaseAll')),
    PHASES.map((value) => h('option', { value, selected: value === phase }, t(`phase.${value}`))),
  );
  const search = h('input', { id: 'filter-q', name: 'q', type: 'search', value: q });
  // Filters apply on submit, not on change: a changing select must not move
  // the page under a keyboard user (WCAG 3.2.2).
  return h(
    'form',
    {
      role: 'search',
      'aria-label': t('list.filter'),
      class: 'filters',
      onsubmit: (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        ctx.navigate(withQuery(listHash, { phase: select.value, q: search.value.trim() }));
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'filter-phase' }, t('list.phase')), select),
    h('div', { class: 'field' }, h('label', { for: 'filter-q' }, t('list.search')), search),
    h('button', { type: 'submit', id: 'filter-apply', class: 'button secondary' }, t('list.apply')),
  );
}

/**
 * @param {MandateSummary[]} items @param {string} listHash @param {number} page @param {number} pages
 */
function mandateTable(items, listHash, page, pages) {
  // The vote is told in the phase's cell: six columns would not fit a tablet.
  const columns = ['title', 'actionField', 'phase', 'dueDate', 'updatedAt'];
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      {},
      h('caption', {}, t('list.caption', { page, pages })),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((column) => h('th', { scope: 'col' }, t(`list.col.${column}`))),
        ),
      ),
      h(
        'tbody',
        {},
        items.map((mandate) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row', class: 'text title' }, h('a', { href: `${listHash}/${encodeURIComponent(mandate.id)}` }, mandate.title)),
            h('td', { class: 'text' }, mandate.actionField),
            h('td', {}, phaseBadge(mandate.phase, mandate.outcome), voteSummary(mandate.vote)),
            h('td', {}, timeElement(mandate.dueDate)),
            h('td', {}, timeElement(mandate.updatedAt)),
          ),
        ),
      ),
    ),
  );
}

/** "Abstimmung offen, Frist 09.12.2026" below the phase, when there is a vote. @param {MandateSummary['vote']} vote */
function voteSummary(vote) {
  if (!vote) return null;
  return h(
    'span',
    { class: 'vote-summary meta' },
    t('list.vote', {
      status: t(`vote.status.${vote.status}`),
      deadline: formatDate(vote.deadline),
    }),
  );
}

/**
 * Previous/next links keep the filter; the ids let the router keep the focus
 * on the link that was used.
 *
 * @param {string} listHash @param {string} phase @param {string} q @param {number} page @param {number} pages
 */
function pagination(listHash, phase, q, page, pages) {
  if (pages <= 1) return null;
  const link = (/** @type {string} */ id, /** @type {number} */ target, /** @type {string} */ label) =>
    h('li', {}, h('a', { id, href: withQuery(listHash, { phase, q, page: target > 1 ? String(target) : '' }) }, label));
  return h(
    'nav',
    { 'aria-label': t('pagination.label'), class: 'pagination' },
    h(
      'ul',
      {},
      page > 1 ? link('page-previous', page - 1, t('pagination.previous')) : null,
      h('li', { 'aria-current': 'page' }, t('pagination.status', { page, pages })),
      page < pages ? link('page-next', page + 1, t('pagination.next')) : null,
    ),
  );
}

/** @param {string} hash @param {Record<string, string>} query empty values are left out */
function withQuery(hash, query) {
  const params = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== ''));
  const search = params.toString();
  return search ? `${hash}?${search}` : hash;
}

/**
 * @param {ViewContext} ctx @param {string} regionId
 * @param {Array<{key: string, name: {de: string, en: string}}>} catalogue the indicators a mandate can name
 */
function createSection(ctx, regionId, catalogue) {
  const lang = getLocale() === 'en' ? 'en' : 'de';
  const form = buildForm({
    id: 'create',
    fields: [
      { name: 'title', type: 'text', label: t('field.title'), required: true },
      { name: 'actionField', type: 'text', label: t('field.actionField'), required: true },
      { name: 'question', type: 'textarea', label: t('field.question'), required: true },
      { name: 'goals', type: 'lines', label: t('field.goals'), hint: t('field.goals.hint'), required: true },
      { name: 'dueDate', type: 'date', label: t('field.dueDate'), required: true },
      {
        name: 'indicators',
        type: 'checkboxes',
        label: t('field.indicators'),
        hint: t('field.indicators.hint'),
        choices: catalogue.map((indicator) => ({ value: indicator.key, label: indicator.name[lang] })),
      },
    ],
    submitLabel: t('create.submit'),
    async onSubmit(values, idempotencyKey) {
      const mandate = await api.createMandate(regionId, values, idempotencyKey);
      ctx.navigate(`#/regions/${encodeURIComponent(regionId)}/mandates/${encodeURIComponent(mandate.id)}`, {
        notice: t('create.done', { title: mandate.title }),
      });
    },
  });
  return section('create-mandate', t('create.title'), form);
}
