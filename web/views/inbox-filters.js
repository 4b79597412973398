import { h } from '../dom.js';
import { t } from '../i18n/index.js';
import { TASK_TYPES, typeLabel, withQuery } from '../task-labels.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */

export const VIEWS = ['mine', 'role', 'overdue', 'due-soon', 'review', 'done'];
export const SORTS = ['due', '-due', 'created', '-created'];

/**
 * The views as links with their counts; the current one is marked for
 * screen readers with aria-current. Each view is its own address, so the
 * back button and bookmarks work.
 *
 * @param {string} hash @param {Record<string, string>} query @param {Record<string, number | null>} counts @param {boolean} mayViewAll
 */
export function viewTabs(hash, query, counts, mayViewAll) {
  const views = mayViewAll && typeof counts.all === 'number' ? [...VIEWS, 'all'] : VIEWS;
  return h(
    'nav',
    { 'aria-label': t('inbox.views'), class: 'view-tabs' },
    h(
      'ul',
      {},
      views.map((view) => {
        const name = t(`inbox.view.${view}`);
        const text = typeof counts[view] === 'number' ? t('inbox.viewCount', { view: name, count: counts[view] ?? 0 }) : name;
        return h(
          'li',
          {},
          h('a', { id: `view-${view}`, href: withQuery(hash, { ...query, view, page: '' }), 'aria-current': view === query.view ? 'page' : null }, text),
        );
      }),
    ),
  );
}

/**
 * Filters apply on submit: a changing select must not move the page under a
 * keyboard user (WCAG 3.2.2).
 *
 * @param {ViewContext} ctx @param {string} hash @param {Record<string, string>} query @param {Array<{id: string, title: string}>} mandates
 */
export function filterForm(ctx, hash, query, mandates) {
  const select = (/** @type {string} */ name, /** @type {Array<[string, string]>} */ options) =>
    h(
      'select',
      { id: `filter-${name}`, name },
      options.map(([value, label]) => h('option', { value, selected: value === query[name] }, label)),
    );
  const mandateOptions = mandates.map((mandate) => /** @type {[string, string]} */ ([mandate.id, mandate.title]));
  if (query.mandateId && !mandates.some((mandate) => mandate.id === query.mandateId)) mandateOptions.push([query.mandateId, query.mandateId]);
  const controls = {
    mandateId: select('mandateId', [['', t('inbox.mandateAll')], ...mandateOptions]),
    type: select('type', [['', t('inbox.typeAll')], ...TASK_TYPES.map((type) => /** @type {[string, string]} */ ([type, typeLabel(type)]))]),
    q: h('input', { id: 'filter-q', name: 'q', type: 'search', value: query.q }),
    sort: select('sort', [['', t('inbox.sort.due')], ...SORTS.slice(1).map((sort) => /** @type {[string, string]} */ ([sort, t(`inbox.sort.${sort}`)]))]),
  };
  const field = (/** @type {keyof typeof controls} */ name, /** @type {string} */ label) =>
    h('div', { class: 'field' }, h('label', { for: `filter-${name}` }, label), controls[name]);
  return h(
    'form',
    {
      role: 'search',
      'aria-label': t('inbox.filter'),
      class: 'filters',
      onsubmit: (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        ctx.navigate(
          withQuery(hash, {
            view: query.view,
            mandateId: controls.mandateId.value,
            type: controls.type.value,
            q: controls.q.value.trim(),
            sort: controls.sort.value,
          }),
        );
      },
    },
    field('mandateId', t('inbox.mandate')),
    field('type', t('inbox.type')),
    field('q', t('inbox.search')),
    field('sort', t('inbox.sort')),
    h('button', { type: 'submit', id: 'filter-apply', class: 'button secondary' }, t('inbox.apply')),
  );
}
