import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../../domain/errors';
import { parseOrThrow } from '../../domain/fields';
import { effectiveRoles, isOnlyDataProvider, type Actor, type Role } from '../../domain/roles';
import { assertTaskDate, type TaskActor, type TaskSnapshot } from '../../domain/tasks/task';
import { readsRawAnswers, valueErrors } from '../../domain/monitoring/values';
import type { IndicatorDefinition } from '../../domain/monitoring/types';
import { claimImport, getMonitoringSettings, listIndicators, releaseImport, type ImportRecord } from '../../store/monitoring';
import { findTask } from '../../store/tasks';
import { ImportRefusedError, reanalyse, type ImportScope } from '../../monitoring/imports';
import { actorInRegion, type Caller } from '../auth/authenticate';
import type { ApiContext } from '../context';
import { regionMember } from '../tasks/context';
import { TaskWorkflows } from '../tasks/workflow-client';
import { mandateForNewTask, startNewTask } from '../tasks/create';
import { answerSchema, dataRequestSchema, importAnswerSchema } from './schemas';

const rolesIn = (caller: Caller, regionId: string): Role[] => caller.user.memberships.find((m) => m.regionId === regionId)?.roles ?? [];

/**
 * The caller and a data request of the region: office members see every
 * request; a data provider only those addressed to them (403 for any other).
 */
export async function providerOrMember(ctx: ApiContext, caller: Caller, regionId: string, taskId: string): Promise<{ task: TaskSnapshot; actor: TaskActor }> {
  const roles = rolesIn(caller, regionId);
  const provider = isOnlyDataProvider(roles);
  const actor: Actor = provider ? { id: caller.user.id, name: caller.user.name, roles } : actorInRegion(caller, regionId);
  const task = await findTask(ctx.models, taskId);
  if (provider && (!task || task.regionId !== regionId || task.type !== 'data-request' || task.assignee?.id !== actor.id)) {
    throw new ForbiddenError('Data providers see only the data requests addressed to them.');
  }
  if (!task || task.regionId !== regionId || task.type !== 'data-request') throw new NotFoundError(`No data request '${taskId}' in region '${regionId}'.`);
  return { task, actor: { ...actor, actingFor: [] } };
}

/** Data requests: tasks of type data-request, addressed to a source (a data provider) or done by the office itself. */
export class DataRequests {
  private readonly workflows: TaskWorkflows;

  constructor(private readonly ctx: ApiContext) {
    this.workflows = new TaskWorkflows(ctx.temporal, ctx.config.temporal.taskQueue);
  }

  private async catalogue(regionId: string): Promise<IndicatorDefinition[]> {
    return listIndicators(this.ctx.models, regionId);
  }

  async present(task: TaskSnapshot, actor: TaskActor) {
    const indicator = (await this.catalogue(task.regionId)).find((i) => i.key === task.params.indicator) ?? null;
    const output = task.output as { points?: unknown[]; fileName?: string; note?: string } | null;
    return {
      id: task.id,
      title: task.title,
      status: task.status,
      dueDate: task.dueDate,
      indicator: indicator
        ? {
            key: indicator.key,
            name: indicator.name,
            unit: indicator.unit,
            decimals: indicator.decimals,
            breakdowns: indicator.breakdowns,
            source: indicator.source,
          }
        : null,
      indicatorText: task.params.indicator ?? null,
      periods: task.params.periods ?? [],
      note: task.params.note ?? (task.description || null),
      provider: task.assignee,
      mandate: task.mandateId ? { id: task.mandateId, title: task.mandateTitle } : null,
      // The answer may hold small numbers: only for the office, those overseeing it and the provider who gave it.
      answer:
        output && (readsRawAnswers(actor.roles) || task.assignee?.id === actor.id)
          ? { points: output.points ?? [], fileName: output.fileName ?? null, note: output.note ?? null, by: task.completedBy }
          : null,
      review: task.reviewDecision ? { decision: task.reviewDecision.decision, comment: task.reviewDecision.comment } : null,
      canAnswer: task.status === 'claimed' && task.assignee?.id === actor.id,
      createdAt: task.createdAt,
    };
  }

  async list(caller: Caller, regionId: string) {
    const roles = rolesIn(caller, regionId);
    const provider = isOnlyDataProvider(roles);
    const actor: TaskActor = { ...(provider ? { id: caller.user.id, name: caller.user.name, roles } : actorInRegion(caller, regionId)), actingFor: [] };
    const filter = provider ? { regionId, type: 'data-request', assigneeId: actor.id } : { regionId, type: 'data-request' };
    const [open, done] = await Promise.all([
      this.ctx.models.Task.find(filter, { snapshot: 1 }).lean(),
      this.ctx.models.TaskArchive.find(filter, { snapshot: 1 }).sort({ updatedAt: -1 }).limit(100).lean(),
    ]);
    const tasks = [...open, ...done].map((doc) => doc.snapshot as TaskSnapshot).sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
    return Promise.all(tasks.map((task) => this.present(task, actor)));
  }

  /** The office lead addresses a request to a data provider (or to an office member). */
  async create(caller: Caller, regionId: string, body: unknown, key?: string) {
    const actor = actorInRegion(caller, regionId);
    if (!effectiveRoles(actor.roles).has('office_lead')) throw new ForbiddenError('Only the office lead sends data requests.');
    const input = parseOrThrow(dataRequestSchema, body);
    const now = new Date().toISOString();
    assertTaskDate('dueDate', input.dueDate, now);
    const indicator = (await this.catalogue(regionId)).find((i) => i.key === input.indicatorKey);
    if (!indicator) throw new ValidationError([{ field: 'indicatorKey', code: 'unknown_indicator', message: 'is not in the region’s catalogue' }]);
    const provider = await regionMember(this.ctx.models, regionId, input.providerId, 'data_provider', 'providerId').catch(() =>
      regionMember(this.ctx.models, regionId, input.providerId, 'office_staff', 'providerId'),
    );
    const mandate = await mandateForNewTask(this.ctx.models, regionId, input.mandateId);
    const saved = await startNewTask(
      this.ctx.models,
      this.workflows,
      regionId,
      mandate,
      actor,
      {
        type: 'data-request',
        title: `Datenanfrage: ${indicator.name.de} (${input.periods.join(', ')})`,
        description: input.note ?? '',
        params: { indicator: indicator.key, periods: input.periods, ...(input.note ? { note: input.note } : {}) },
        required: false,
        priority: 'normal',
        dueDate: input.dueDate,
        followUpDate: null,
        candidateRole: null,
        assignee: provider,
      },
      now,
      key,
    );
    return this.present(saved, { ...actor, actingFor: [] });
  }

  /** What an upload for a request may contain: only the request's indicator and periods. */
  async scopeForUpload(caller: Caller, regionId: string, taskId: string): Promise<{ actor: TaskActor; scope: ImportScope }> {
    const { task, actor } = await providerOrMember(this.ctx, caller, regionId, taskId);
    if (task.assignee?.id !== actor.id) throw new ForbiddenError('Only the person the request is addressed to answers it.');
    const [catalogue, settings] = await Promise.all([this.catalogue(regionId), getMonitoringSettings(this.ctx.models, regionId)]);
    const periods = task.params.periods ?? [];
    return { actor, scope: { catalogue, settings, indicatorKey: task.params.indicator ?? null, allowedPeriods: periods.length > 0 ? periods : null } };
  }

  private async complete(task: TaskSnapshot, actor: TaskActor, output: Record<string, unknown>) {
    const result = await this.workflows.act(task.id, actor, { action: 'complete', payload: { output } });
    const saved = result ?? (await findTask(this.ctx.models, task.id));
    if (!saved) throw new NotFoundError(`No data request '${task.id}'.`);
    return this.present(saved, actor);
  }

  /** The answer as a form: one point per period and category; the office reviews it before its values count. */
  async answer(caller: Caller, regionId: string, taskId: string, body: unknown) {
    const { task, actor } = await providerOrMember(this.ctx, caller, regionId, taskId);
    const input = parseOrThrow(answerSchema, body);
    const indicator = (await this.catalogue(regionId)).find((i) => i.key === task.params.indicator);
    if (!indicator) throw new ConflictError('unknown_indicator', 'The request names no indicator of the catalogue; answer it as a task in the inbox.');
    const periods = task.params.periods ?? [];
    const errors: FieldError[] = input.points.flatMap((point, index) => {
      const found = valueErrors(indicator, point, `points.${index}.`);
      if (periods.length > 0 && !periods.includes(point.period)) {
        found.push({ field: `points.${index}.period`, code: 'period_not_requested', message: `was not asked for (asked: ${periods.join(', ')})` });
      }
      return found;
    });
    if (errors.length > 0) throw new ValidationError(errors);
    const source = input.source ?? `${indicator.source} (${actor.name})`;
    const points = input.points.map((point) => ({ indicator: indicator.key, ...point, source }));
    return this.complete(task, actor, { points, ...(input.note ? { note: input.note } : {}) });
  }

  /** The answer as a file: the import's values, checked again, become the request's answer. */
  async answerWithImport(caller: Caller, regionId: string, record: ImportRecord, scope: ImportScope, body: unknown) {
    const { task, actor } = await providerOrMember(this.ctx, caller, regionId, record.taskId as string);
    const { source } = parseOrThrow(importAnswerSchema, body ?? {});
    await claimImport(this.ctx.models, record.id, 'commit');
    try {
      const applied = await reanalyse(this.ctx.models, record, scope, null);
      if (applied.preview.issues.length > 0) throw new ImportRefusedError(applied.preview.issues);
      if (applied.values.length === 0)
        throw new ImportRefusedError([{ row: null, column: null, code: 'no_values', message: 'The file holds no values to import.' }]);
      const indicator = scope.catalogue.find((i) => i.key === task.params.indicator);
      const points = applied.values.map((v) => ({
        indicator: v.indicatorKey,
        period: v.period,
        ...(Object.keys(v.breakdown).length > 0 ? { breakdown: v.breakdown } : {}),
        area: v.area,
        ...(v.value !== null ? { value: v.value } : {}),
        status: v.status,
        ...(v.caseCount !== null ? { caseCount: v.caseCount } : {}),
        source: source ?? `${indicator?.source ?? ''} (${actor.name})`.trim(),
      }));
      const answered = await this.complete(task, actor, { points, fileName: record.fileName });
      // The file is the answer now; its values count once the office approves it (as the request's release).
      await this.ctx.models.ImportBatch.updateOne(
        { _id: record.id, status: 'committing' },
        { $set: { status: 'committed', committedAt: new Date().toISOString() } },
      );
      return answered;
    } catch (error) {
      await releaseImport(this.ctx.models, record.id).catch(() => undefined);
      throw error;
    }
  }
}
