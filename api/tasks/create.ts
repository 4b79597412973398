import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors';
import type { MandateSnapshot } from '../../domain/mandate';
import type { Actor } from '../../domain/roles';
import { createTask, type NewTask, type TaskSnapshot } from '../../domain/tasks/task';
import { findMandate } from '../../store/mandates';
import type { Models } from '../../store/models';
import { findTask, getTaskSettings } from '../../store/tasks';
import { keyedUpdateId } from '../../workflows/mandate/messages';
import { newTaskId, type TaskWorkflows } from './workflow-client';

/** The mandate a task made by hand is for: 422 naming `mandateId` when it is none of the region's, 409 when it is closed. */
export async function mandateForNewTask(models: Models, regionId: string, mandateId: string | undefined): Promise<MandateSnapshot | null> {
  if (!mandateId) return null;
  const mandate = await findMandate(models, mandateId);
  if (!mandate || mandate.regionId !== regionId) {
    throw new ValidationError([{ field: 'mandateId', code: 'unknown_mandate', message: 'is not a mandate of this region' }]);
  }
  if (mandate.phase === 'closed') throw new ConflictError('mandate_closed', 'The mandate is closed; it takes no more tasks.');
  return mandate;
}

/** What the caller decides of a task made by hand; the rest (id, region, mandate, settings, creator) is filled in. */
export type HandMadeTask = Omit<NewTask, 'id' | 'regionId' | 'mandateId' | 'mandateTitle' | 'phase' | 'round' | 'templateKey' | 'settings' | 'createdBy'>;

/**
 * Starts a task made by hand: its mandate adds it and starts it as a child,
 * or it runs on its own. When this returns, its read model is written; a
 * retried create (the same key) finds the first task.
 */
export async function startNewTask(
  models: Models,
  workflows: TaskWorkflows,
  regionId: string,
  mandate: MandateSnapshot | null,
  actor: Actor,
  fields: HandMadeTask,
  at: string,
  key?: string,
): Promise<TaskSnapshot> {
  const input: NewTask = {
    ...fields,
    id: newTaskId(regionId, actor.id, key),
    regionId,
    mandateId: mandate?.id ?? null,
    mandateTitle: mandate?.title ?? null,
    phase: null,
    round: null,
    templateKey: null,
    settings: await getTaskSettings(models, regionId),
    createdBy: { id: actor.id, name: actor.name },
  };
  if (mandate) {
    const added = await workflows.addToMandate(mandate.id, actor, input, key ? keyedUpdateId(actor.id, key) : undefined);
    if (!added) throw new ConflictError('mandate_closed', 'The mandate closed meanwhile; it takes no more tasks.');
  } else {
    const created = await workflows.createStandalone(createTask(input, at));
    if (created) return created;
  }
  // The mandate's answer means the read model is written; read it, as a retried add may find it long done.
  const task = await findTask(models, input.id);
  if (!task) throw new NotFoundError(`No task '${input.id}'.`);
  return task;
}
