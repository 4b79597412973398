import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { buildForm } from '../forms.js';
import { t } from '../i18n/index.js';
import { office } from '../office-api.js';
import { problemText } from '../task-labels.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */

/** How and in which language the user gets emails about notifications. */
export async function settingsView(/** @type {ViewContext} */ ctx) {
  const preferences = await office.preferences(ctx.signal);
  const choices = (/** @type {string} */ prefix, /** @type {string[]} */ values) => values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));
  const form = buildForm({
    id: 'settings',
    fields: [
      {
        name: 'email',
        type: 'radio',
        label: t('settings.email'),
        required: true,
        value: preferences.email,
        choices: choices('settings.email', ['immediate', 'digest', 'off']),
      },
      {
        name: 'locale',
        type: 'radio',
        label: t('settings.locale'),
        required: true,
        value: preferences.locale,
        choices: choices('settings.locale', ['de', 'en']),
      },
    ],
    submitLabel: t('settings.save'),
    async onSubmit(values) {
      try {
        await office.savePreferences(/** @type {{email: string, locale: string}} */ (values));
      } catch (error) {
        throw error instanceof ApiError ? new ApiError(error.status, { ...error.problem, detail: problemText(error.problem, error.status) }) : error;
      }
      ctx.announce(t('settings.saved'));
    },
  });
  return h('div', { class: 'narrow' }, h('h1', { tabindex: '-1' }, t('settings.title')), form);
}
