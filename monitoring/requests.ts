import type { TaskSnapshot } from '../domain/tasks/task';
import { periodSchema } from '../domain/monitoring/values';
import { DIMENSION_NAMES, VALUE_STATUSES, type Breakdown, type ValueStatus } from '../domain/monitoring/types';
import type { Models } from '../store/models';
import { commitRequestValues, getMonitoringSettings, listIndicators, type NewValue } from '../store/monitoring';

interface AnswerPoint {
  indicator: string;
  period: string;
  value?: number;
  status?: string;
  breakdown?: Record<string, string>;
  area?: string;
  caseCount?: number;
  source?: string;
}

/**
 * The values of a data request once its answer is approved (or done without
 * review), written to the monitoring store as a release of their own with the
 * request as provenance. Points that name no indicator of the catalogue, or no
 * proper period (answers from before the catalogue), stay only in the task.
 * Returns the request's values, or null when it has none for the store.
 */
export async function recordRequestValues(models: Models, task: TaskSnapshot, at: string): Promise<NewValue[] | null> {
  if (task.type !== 'data-request' || task.status !== 'done' || !task.output) return null;
  const output = task.output as { points?: AnswerPoint[]; fileName?: string; note?: string };
  const [catalogue, settings] = await Promise.all([listIndicators(models, task.regionId), getMonitoringSettings(models, task.regionId)]);
  const known = new Set(catalogue.map((i) => i.key));
  const points = (output.points ?? []).filter((p) => known.has(p.indicator) && periodSchema.safeParse(p.period).success);
  if (points.length === 0) return null;
  const values: NewValue[] = points.map((p) => ({
    indicatorKey: p.indicator,
    period: p.period,
    breakdown: Object.fromEntries(Object.entries(p.breakdown ?? {}).filter(([d]) => (DIMENSION_NAMES as string[]).includes(d))) as Breakdown,
    area: p.area ?? settings.defaultArea,
    value: typeof p.value === 'number' ? p.value : null,
    status: ((VALUE_STATUSES as readonly string[]).includes(p.status ?? 'value') ? (p.status ?? 'value') : 'value') as ValueStatus,
    caseCount: typeof p.caseCount === 'number' ? p.caseCount : null,
  }));
  const enteredBy = task.completedBy ?? task.assignee ?? { id: 'system', name: 'System' };
  const review = task.reviewDecision ? `approved by ${task.reviewDecision.by.name}` : null;
  await commitRequestValues(
    models,
    task.regionId,
    task.id,
    values,
    {
      source: points[0]?.source ?? 'Datenanfrage',
      referenceDate: null,
      territorialStatus: null,
      origin: 'request',
      enteredBy,
      fileName: output.fileName ?? null,
      taskId: task.id,
      note: [review, output.note].filter(Boolean).join('; ') || null,
    },
    at,
  );
  // Also when an earlier attempt wrote them: the follow-up tasks that hang on them are started idempotently.
  return values;
}
