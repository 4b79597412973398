import { t } from './i18n/index.js';

/** The phases in the order of the cycle, for the filter. */
export const PHASES = ['draft', 'approval', 'preparation', 'decision', 'implementation', 'evaluation', 'closed'];

/**
 * The phase as text, with the outcome once the mandate is closed
 * ("Abgeschlossen (abgelehnt)").
 *
 * @param {string} phase @param {string | null} [outcome]
 */
export function phaseLabel(phase, outcome) {
  const label = t(`phase.${phase}`);
  return outcome ? t('phase.withOutcome', { phase: label, outcome: t(`outcome.${outcome}`) }) : label;
}

/** A badge that still reads as text: the phase is never told by colour alone. */
export function phaseBadge(/** @type {string} */ phase, /** @type {string | null} */ outcome) {
  const badge = document.createElement('span');
  badge.className = `phase phase-${phase}`;
  badge.textContent = phaseLabel(phase, outcome);
  return badge;
}

/**
 * A vote choice as text; an option choice is named by the option's title.
 *
 * @param {string} choice
 * @param {string | null | undefined} optionId
 * @param {Array<{id: string, title: string}>} options
 */
export function choiceLabel(choice, optionId, options) {
  if (choice !== 'option') return t(`choice.${choice}`);
  const option = options.find((candidate) => candidate.id === optionId);
  return t('choice.option', { title: option?.title ?? String(optionId) });
}
