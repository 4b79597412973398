import { createHash } from 'node:crypto';
import { createTask, type TaskState } from '../domain/tasks/task';
import { addDays, berlinDate } from '../domain/time';
import { breakdownKey, targetCheck } from '../domain/monitoring/values';
import type { IndicatorDefinition } from '../domain/monitoring/types';
import type { NewValue } from '../store/monitoring';
import type { Models } from '../store/models';
import { getTaskSettings } from '../store/tasks';

/** Days the office lead has to look at new data. */
const REVIEW_DAYS = 14;

/** Mandates whose decision is being implemented or evaluated, or was completed: new data on their indicators is news for them. */
async function decidedMandates(models: Models, regionId: string): Promise<{ id: string; title: string; indicators: string[] }[]> {
  const docs = await models.Mandate.find({ regionId, phase: { $in: ['implementation', 'evaluation', 'closed'] } }, { snapshot: 1 }).lean();
  return docs
    .map((doc) => doc.snapshot as { id: string; title: string; indicators: string[]; decision: unknown; outcome: string | null })
    .filter((m) => m.decision && m.outcome !== 'rejected' && m.outcome !== 'withdrawn')
    .map(({ id, title, indicators }) => ({ id, title, indicators }));
}

export interface FollowUpReason {
  indicatorKey: string;
  mandates: { id: string; title: string }[];
  missed: { period: string; value: number; target: number }[];
}

/**
 * Why the newly arrived values of a release need the office lead's review:
 * per indicator, the decided mandates that rest on it and the values that miss
 * the target. Indicators with neither need nothing.
 */
export async function followUpReasons(
  models: Models,
  regionId: string,
  catalogue: IndicatorDefinition[],
  values: readonly NewValue[],
): Promise<FollowUpReason[]> {
  const mandates = await decidedMandates(models, regionId);
  const keys = [...new Set(values.map((v) => v.indicatorKey))];
  return keys.flatMap((key): FollowUpReason[] => {
    const indicator = catalogue.find((i) => i.key === key);
    if (!indicator) return [];
    const linked = mandates.filter((m) => m.indicators.includes(key)).map(({ id, title }) => ({ id, title }));
    const missed = values
      .filter((v) => v.indicatorKey === key)
      .flatMap((v) => {
        const check = targetCheck(indicator, { ...v, breakdownKey: breakdownKey(v.breakdown) });
        return check?.missed && v.value !== null ? [{ period: v.period, value: v.value, target: check.target }] : [];
      });
    return linked.length > 0 || missed.length > 0 ? [{ indicatorKey: key, mandates: linked, missed }] : [];
  });
}

/** One task per release and indicator: the id is derived from both, so a retried commit finds it already there. */
export const followUpTaskId = (releaseId: string, indicatorKey: string) =>
  `fu${createHash('sha256').update(`${releaseId}\n${indicatorKey}`).digest('hex').slice(0, 20)}`;

/** The review tasks for the office lead, ready to start. */
export async function followUpTasks(
  models: Models,
  regionId: string,
  releaseId: string,
  catalogue: IndicatorDefinition[],
  values: readonly NewValue[],
  at: string,
): Promise<TaskState[]> {
  const reasons = await followUpReasons(models, regionId, catalogue, values);
  if (reasons.length === 0) return [];
  const settings = await getTaskSettings(models, regionId);
  return reasons.map((reason) => {
    const indicator = catalogue.find((i) => i.key === reason.indicatorKey) as IndicatorDefinition;
    const lines = [
      ...reason.mandates.map((m) => `Beschluss umgesetzt/ausgewertet: ${m.title} (${m.id})`),
      ...reason.missed.map((m) => `Ziel verfehlt: ${m.period} ${m.value} (Ziel ${m.target})`),
    ];
    return createTask(
      {
        id: followUpTaskId(releaseId, reason.indicatorKey),
        regionId,
        mandateId: null,
        mandateTitle: null,
        phase: null,
        round: null,
        templateKey: 'data-follow-up',
        type: 'general',
        title: `Neue Daten prüfen: ${indicator.name.de}`,
        description: `Neue Werte für „${indicator.name.de}“ (Lieferung ${releaseId}).\n${lines.join('\n')}`,
        params: { indicator: reason.indicatorKey },
        required: false,
        priority: reason.missed.length > 0 ? 'high' : 'normal',
        dueDate: addDays(berlinDate(at), REVIEW_DAYS),
        followUpDate: null,
        candidateRole: 'office_lead',
        assignee: null,
        settings,
        createdBy: null,
      },
      at,
    );
  });
}
