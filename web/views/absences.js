import { api, ApiError } from '../api.js';
import { h, section } from '../dom.js';
import { buildForm } from '../forms.js';
import { formatDate, timeElement } from '../format.js';
import { t } from '../i18n/index.js';
import { office } from '../office-api.js';
import { berlinToday, hidden, problemText, rolesIn } from '../task-labels.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {import('../office-api.js').Absence} Absence */

/**
 * Absences and substitutes: the user's own absences and those in which they
 * stand in (the lead sees all), a form to record one, and delete buttons.
 */
export async function absencesView(/** @type {ViewContext} */ ctx) {
  const { regionId } = ctx.params;
  const userId = ctx.session.user?.id ?? '';
  // The lead may record an absence for someone else; the API checks it again.
  const isLead = rolesIn(ctx.session, regionId).includes('office_lead');
  const [regions, first, members] = await Promise.all([
    api.regions(ctx.signal),
    office.absences(regionId, ctx.signal),
    office.members(regionId, 'office_staff', ctx.signal),
  ]);
  const region = regions.items.find((/** @type {{id: string}} */ candidate) => candidate.id === regionId);
  const list = h('div', {});
  const problem = h('p', { class: 'bulk-problem', role: 'alert' });

  /** @param {Absence[]} items */
  function draw(items) {
    list.replaceChildren(items.length === 0 ? h('p', {}, t('absences.empty')) : absenceTable(items, userId, isLead, remove));
  }

  async function reload() {
    draw((await office.absences(regionId, ctx.signal)).items);
  }

  /** @param {Absence} absence */
  async function remove(absence) {
    problem.textContent = '';
    try {
      await office.deleteAbsence(regionId, absence.id);
      await reload();
      ctx.announce(t('absences.deleted', { name: absence.user.name }));
      document.getElementById('absences-heading')?.focus();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      problem.textContent = problemText(error.problem, error.status);
    }
  }

  const people = (/** @type {Array<{id: string, name: string}>} */ items) => items.map((member) => ({ value: member.id, label: member.name }));
  /** @type {Array<import('../forms.js').FieldSpec | null>} */
  const fields = [
    isLead ? { name: 'userId', type: 'select', label: t('absences.field.userId'), required: true, value: userId, choices: people(members.items) } : null,
    { name: 'from', type: 'date', label: t('absences.field.from'), required: true },
    { name: 'until', type: 'date', label: t('absences.field.until'), required: true },
    {
      name: 'substituteId',
      type: 'select',
      label: t('absences.field.substituteId'),
      required: true,
      // The lead may record someone else's absence with themselves as the substitute.
      choices: people(isLead ? members.items : members.items.filter((member) => member.id !== userId)),
    },
    { name: 'note', type: 'textarea', label: t('absences.field.note') },
  ];
  const form = buildForm({
    id: 'absence',
    fields: fields.filter((field) => field !== null),
    submitLabel: t('absences.submit'),
    async onSubmit(values, idempotencyKey) {
      try {
        await office.createAbsence(regionId, values, idempotencyKey);
      } catch (error) {
        throw error instanceof ApiError ? new ApiError(error.status, { ...error.problem, detail: problemText(error.problem, error.status) }) : error;
      }
      form.reset();
      await reload();
      ctx.announce(t('absences.created'));
    },
  });

  draw(first.items);
  return h(
    'div',
    {},
    h('h1', { tabindex: '-1' }, t('absences.title', { region: region?.name ?? regionId })),
    h('p', { class: 'lead' }, t('absences.intro')),
    h(
      'section',
      { id: 'absences', 'aria-labelledby': 'absences-heading' },
      h('h2', { id: 'absences-heading', tabindex: '-1' }, t('absences.list')),
      problem,
      list,
    ),
    section('create-absence', t('absences.create'), form),
  );
}

/**
 * @param {Absence[]} items @param {string} userId @param {boolean} isLead @param {(absence: Absence) => Promise<void>} remove
 */
function absenceTable(items, userId, isLead, remove) {
  const today = berlinToday();
  const state = (/** @type {Absence} */ absence) =>
    absence.active ? t('absences.active') : absence.until < today ? t('absences.past') : t('absences.upcoming');
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { 'aria-labelledby': 'absences-heading' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['user', 'period', 'substitute', 'note', 'state', 'actions'].map((column) => h('th', { scope: 'col' }, t(`absences.col.${column}`))),
        ),
      ),
      h(
        'tbody',
        {},
        items.map((absence) => {
          const mayDelete = absence.allowedActions
            ? absence.allowedActions.includes('delete')
            : absence.user.id === userId || absence.createdBy?.id === userId || isLead;
          const button = mayDelete
            ? h(
                'button',
                { type: 'button', id: `delete-absence-${absence.id}`, class: 'button small secondary' },
                t('absences.delete'),
                hidden(` ${absence.user.name}, ${t('absences.period', { from: formatDate(absence.from), until: formatDate(absence.until) })}`),
              )
            : null;
          button?.addEventListener('click', () => void remove(absence));
          return h(
            'tr',
            {},
            h('th', { scope: 'row' }, absence.user.name),
            h('td', {}, timeElement(absence.from), ' – ', timeElement(absence.until)),
            h('td', {}, absence.substitute.name),
            h('td', { class: 'text prewrap' }, absence.note ?? ''),
            h('td', {}, state(absence)),
            h('td', {}, button),
          );
        }),
      ),
    ),
  );
}
