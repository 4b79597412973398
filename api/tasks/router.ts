import { Router, type Request } from 'express';
import { AppError, NotFoundError, ValidationError } from '../../domain/errors';
import { parseOrThrow } from '../../domain/fields';
import { assertCanConfigureTasks, assertCanCreateTask } from '../../domain/policies/task-policy';
import { effectiveRoles, type Role } from '../../domain/roles';
import { assertTaskCommand, assertTaskDate, taskActionSchema, taskSettingsSchema, type TaskCommand, type TaskSnapshot } from '../../domain/tasks/task';
import { isTaskPhase, taskTemplatesSchema } from '../../domain/tasks/templates';
import { TASK_OUTPUT_SCHEMAS, TASK_TYPES, TASK_TYPE_INFO } from '../../domain/tasks/types';
import { z } from 'zod';
import {
  findTask,
  getTaskSettings,
  getTaskTemplates,
  hasAppliedTaskUpdate,
  listTaskEvents,
  queryInbox,
  setTaskSettings,
  setTaskTemplates,
} from '../../store/tasks';
import { deleteSavedFilter, listSavedFilters, saveFilter } from '../../store/saved-filters';
import { actorInRegion, authenticate, callerOf } from '../auth/authenticate';
import type { ApiContext } from '../context';
import { idempotencyKey } from '../mandates/router';
import { keyedUpdateId } from '../../workflows/mandate/messages';
import { presentTask, presentTaskEvent } from '../presenters/task';
import { regionMember, taskContext, type TaskContext } from './context';
import { assigneeBodySchema, bulkSchema, createTaskSchema, inboxQuerySchema, membersQuerySchema, savedFilterSchema } from './schemas';
import { TaskWorkflows } from './workflow-client';
import { mandateForNewTask, startNewTask } from './create';

const param = (req: Request, name: string) => (req.params as Record<string, string>)[name] as string;
const regionOf = (req: Request) => param(req, 'regionId');

/** The type catalogue: for building completion forms. */
export function taskTypesRouter(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', authenticate(ctx), (_req, res) => {
    res.json({
      items: TASK_TYPES.map((type) => ({ type, ...TASK_TYPE_INFO[type], outputSchema: z.toJSONSchema(TASK_OUTPUT_SCHEMAS[type], { io: 'input' }) })),
    });
  });
  return router;
}

/** Everything under /api/regions/:regionId for the office's work. */
export function officeWorkRouter(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  const workflows = new TaskWorkflows(ctx.temporal, ctx.config.temporal.taskQueue);
  // Per route, not router.use: this router shares its mount point with the others under /regions/:regionId.
  const auth = authenticate(ctx);

  /** 404 also for a task of another region. */
  async function loadTask(regionId: string, taskId: string): Promise<TaskSnapshot> {
    const task = await findTask(ctx.models, taskId);
    if (!task || task.regionId !== regionId) throw new NotFoundError(`No task '${taskId}' in region '${regionId}'.`);
    return task;
  }

  router.get('/inbox', auth, async (req, res) => {
    const { actor, view } = await taskContext(ctx.models, callerOf(res), regionOf(req));
    const query = parseOrThrow(inboxQuerySchema, req.query);
    const page = await queryInbox(ctx.models, regionOf(req), actor, query, view.now, view.dueSoonDays);
    res.json({ items: page.items.map((t) => presentTask(t, actor, view)), total: page.total, page: query.page, pageSize: query.pageSize, counts: page.counts });
  });

  router.post('/tasks', auth, async (req, res) => {
    const regionId = regionOf(req);
    const { actor, view } = await taskContext(ctx.models, callerOf(res), regionId);
    assertCanCreateTask(actor);
    const body = parseOrThrow(createTaskSchema, req.body);
    assertTaskDate('dueDate', body.dueDate, view.now);
    assertTaskDate('followUpDate', body.followUpDate, view.now);
    const mandate = await mandateForNewTask(ctx.models, regionId, body.mandateId);
    if (mandate && body.required && !isTaskPhase(mandate.phase)) {
      // Only preparation, implementation and evaluation have a gate a task could hold.
      throw new ValidationError([
        { field: 'required', code: 'no_gate_in_phase', message: `cannot be true while the mandate is in ${mandate.phase}`, params: { phase: mandate.phase } },
      ]);
    }
    const assignee = body.assigneeId ? await regionMember(ctx.models, regionId, body.assigneeId, 'office_staff', 'assigneeId') : null;
    const key = idempotencyKey(req);
    const task = await startNewTask(
      ctx.models,
      workflows,
      regionId,
      mandate,
      actor,
      {
        type: body.type,
        title: body.title,
        description: body.description,
        params: body.indicator ? { indicator: body.indicator } : {},
        required: body.required,
        priority: body.priority,
        dueDate: body.dueDate,
        followUpDate: body.followUpDate ?? null,
        candidateRole: assignee ? null : (body.candidateRole ?? 'office_staff'),
        assignee,
      },
      view.now,
      key,
    );
    res
      .status(201)
      .location(`${req.baseUrl}/tasks/${task.id}`)
      .json(presentTask(task, actor, view));
  });

  router.get('/tasks/:taskId', auth, async (req, res) => {
    const { actor, view } = await taskContext(ctx.models, callerOf(res), regionOf(req));
    res.json(presentTask(await loadTask(regionOf(req), param(req, 'taskId')), actor, view));
  });

  router.get('/tasks/:taskId/history', auth, async (req, res) => {
    actorInRegion(callerOf(res), regionOf(req));
    const task = await loadTask(regionOf(req), param(req, 'taskId'));
    res.json({ items: (await listTaskEvents(ctx.models, task.id, task.version)).map(presentTaskEvent) });
  });

  /** The body of an action as the workflow takes it: person ids become persons of the region. */
  async function commandOf(regionId: string, action: TaskCommand['action'], body: unknown, taskId?: string): Promise<TaskCommand> {
    if (action === 'assign' || action === 'delegate') {
      const { assigneeId, note } = parseOrThrow(assigneeBodySchema, body ?? {});
      if (action === 'assign' && note !== undefined) throw new ValidationError([{ field: 'note', code: 'unknown_field', message: 'is not a known field' }]);
      // A data request may also be addressed to an external data provider.
      const dataRequest = action === 'assign' && taskId !== undefined && (await findTask(ctx.models, taskId))?.type === 'data-request';
      const assignee = await regionMember(ctx.models, regionId, assigneeId, 'office_staff', 'assigneeId').catch((error: unknown) => {
        if (!dataRequest) throw error;
        return regionMember(ctx.models, regionId, assigneeId, 'data_provider', 'assigneeId');
      });
      return action === 'assign' ? { action, payload: { assignee } } : { action, payload: { assignee, ...(note ? { note } : {}) } };
    }
    return { action, payload: body ?? {} } as TaskCommand;
  }

  /**
   * Runs one action: a fast check against the read model, then the task's
   * workflow, whose validator checks again. A request with an Idempotency-Key
   * that fails the fast check still goes to the workflow, which knows whether
   * it is the retry of an applied one; only when the workflow has finished is
   * the history asked.
   */
  async function act(req: Request, { actor, view }: TaskContext, taskId: string, raw: TaskCommand, key: string | undefined) {
    const regionId = regionOf(req);
    const task = await loadTask(regionId, taskId);
    const updateId = key ? keyedUpdateId(actor.id, key) : undefined;
    let command: TaskCommand = raw;
    let refused: unknown = null;
    try {
      command = assertTaskCommand({ ...task, events: [] }, raw, actor, view.now);
    } catch (error) {
      if (!updateId) throw error;
      refused = error;
    }
    const result = await workflows.act(task.id, actor, command, updateId);
    if (result) return presentTask(result, actor, view);
    // The workflow has finished: a retry of the action that finished it, or too late.
    if (updateId && (await hasAppliedTaskUpdate(ctx.models, task.id, updateId))) return presentTask(await loadTask(regionId, taskId), actor, view);
    if (refused) throw refused;
    assertTaskCommand({ ...(await loadTask(regionId, taskId)), events: [] }, raw, actor, view.now);
    // Allowed by the read model, yet no workflow: a task whose workflow is still starting.
    throw new AppError('task_unavailable', 503, 'The task is not ready yet. Please try again in a moment.');
  }

  router.post('/tasks/bulk/:action', auth, async (req, res) => {
    const action = z.enum(['claim', 'assign']).safeParse(param(req, 'action'));
    if (!action.success) throw new NotFoundError(`No such bulk action: '${param(req, 'action')}'.`);
    const body = parseOrThrow(bulkSchema, req.body);
    if (action.data === 'assign' && !body.assigneeId) throw new ValidationError([{ field: 'assigneeId', code: 'required', message: 'is required' }]);
    if (action.data === 'claim' && body.assigneeId) throw new ValidationError([{ field: 'assigneeId', code: 'not_allowed', message: 'is only for assign' }]);
    const ids = [...new Set(body.taskIds)];
    // The caller, the absences and the person to assign are looked up once for the whole bulk.
    const context = await taskContext(ctx.models, callerOf(res), regionOf(req));
    const command = await commandOf(regionOf(req), action.data, action.data === 'assign' ? { assigneeId: body.assigneeId } : {});
    const results = [];
    // One after another: a bulk of a hundred must not flood Temporal, and the order of results is the order asked.
    for (const taskId of ids) {
      try {
        const task = await act(req, context, taskId, command, undefined);
        results.push({ taskId, ok: true, task });
      } catch (error) {
        const e = error as { status?: number; code?: string; message?: string; errors?: unknown };
        if (!e.status || e.status >= 500 || e.status === 401) throw error;
        results.push({ taskId, ok: false, problem: { status: e.status, code: e.code, detail: e.message, ...(e.errors ? { errors: e.errors } : {}) } });
      }
    }
    res.json({ results, succeeded: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length });
  });

  router.post('/tasks/:taskId/actions/:action', auth, async (req, res) => {
    const action = taskActionSchema.safeParse(param(req, 'action'));
    if (!action.success) throw new NotFoundError(`No such action: '${param(req, 'action')}'.`);
    const context = await taskContext(ctx.models, callerOf(res), regionOf(req));
    const command = await commandOf(regionOf(req), action.data, req.body, param(req, 'taskId'));
    res.json(await act(req, context, param(req, 'taskId'), command, idempotencyKey(req)));
  });

  router.get('/members', auth, async (req, res) => {
    actorInRegion(callerOf(res), regionOf(req));
    const { role } = parseOrThrow(membersQuerySchema, req.query);
    const docs = await ctx.models.User.find({ 'memberships.regionId': regionOf(req) }, { name: 1, memberships: 1 })
      .sort({ name: 1, _id: 1 })
      .lean();
    const items = docs
      .map((doc) => ({ id: doc._id, name: doc.name, roles: (doc.memberships.find((m) => m.regionId === regionOf(req))?.roles ?? []) as Role[] }))
      .filter((member) => !role || effectiveRoles(member.roles).has(role));
    res.json({ items });
  });

  router.get('/saved-filters', auth, async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    res.json({ items: await listSavedFilters(ctx.models, actor.id, regionOf(req)) });
  });

  router.post('/saved-filters', auth, async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    const body = parseOrThrow(savedFilterSchema, req.body);
    const saved = await saveFilter(ctx.models, actor.id, regionOf(req), body.name, body.query);
    res.status(201).json(saved);
  });

  router.delete('/saved-filters/:filterId', auth, async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    if (!(await deleteSavedFilter(ctx.models, actor.id, regionOf(req), param(req, 'filterId')))) throw new NotFoundError('No such saved filter.');
    res.status(204).end();
  });

  router.get('/task-settings', auth, async (req, res) => {
    actorInRegion(callerOf(res), regionOf(req));
    res.json(await getTaskSettings(ctx.models, regionOf(req)));
  });

  router.put('/task-settings', auth, async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    assertCanConfigureTasks(actor.roles);
    const settings = parseOrThrow(taskSettingsSchema, req.body);
    await setTaskSettings(ctx.models, regionOf(req), settings);
    res.json(settings);
  });

  router.get('/task-templates', auth, async (req, res) => {
    actorInRegion(callerOf(res), regionOf(req));
    res.json(await getTaskTemplates(ctx.models, regionOf(req)));
  });

  router.put('/task-templates', auth, async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    assertCanConfigureTasks(actor.roles);
    const templates = parseOrThrow(taskTemplatesSchema, req.body);
    await setTaskTemplates(ctx.models, regionOf(req), templates);
    res.json(templates);
  });

  router.delete('/task-templates', auth, async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    assertCanConfigureTasks(actor.roles);
    await setTaskTemplates(ctx.models, regionOf(req), null);
    res.json(await getTaskTemplates(ctx.models, regionOf(req)));
  });

  return router;
}
