import de from './de.js';
import en from './en.js';
import boardDe from './board-de.js';
import boardEn from './board-en.js';
import meetingsDe from './meetings-de.js';
import meetingsEn from './meetings-en.js';

/** @typedef {'de' | 'en'} Locale */

/** @type {Record<Locale, Record<string, string>>} */
const catalogues = { de: { ...de, ...boardDe, ...meetingsDe }, en: { ...en, ...boardEn, ...meetingsEn } };
const STORAGE_KEY = 'mandate-engine.locale';

/** @type {Locale} */
let locale = readStoredLocale();

/** @returns {Locale} */
function readStoredLocale() {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'de';
  } catch {
    // Storage can be blocked by browser settings; German is the default then.
    return 'de';
  }
}

/** @returns {Locale} */
export function getLocale() {
  return locale;
}

/** @param {Locale} next */
export function setLocale(next) {
  locale = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // The choice then lasts until the page is reloaded.
  }
}

/** Whether the catalogue has a message for a key built from API data (roles, detail keys). */
export function has(/** @type {string} */ key) {
  return key in catalogues[locale];
}

/**
 * The message for `key` in the current language, with `{name}` placeholders
 * filled from `params`.
 *
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 */
export function t(key, params = {}) {
  const message = catalogues[locale][key];
  if (message === undefined) {
    console.warn(`missing message: ${locale}.${key}`);
    return key;
  }
  return message.replace(/\{(\w+)\}/g, (placeholder, name) => (name in params ? String(params[name]) : placeholder));
}

/**
 * A message with a plural form: looks up `key.one` or `key.other` by the
 * language's plural rules and passes `count` as a parameter, unless `params`
 * gives it in another form (e.g. formatted as 5.000).
 *
 * @param {string} key
 * @param {number} count
 * @param {Record<string, string | number>} [params]
 */
export function tCount(key, count, params = {}) {
  const form = new Intl.PluralRules(locale).select(count);
  return t(`${key}.${form === 'one' ? 'one' : 'other'}`, { count, ...params });
}
