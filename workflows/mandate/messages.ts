import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ActionCommand, CreateMandateInput } from '../../domain/fields';
import type { BoardVoteReport, MandateSnapshot, MandateState, TaskOutcome } from '../../domain/mandate';
import type { NewTask, TaskSnapshot } from '../../domain/tasks/task';
import type { Actor } from '../../domain/roles';

/**
 * Definitions shared by the workflow and its callers (the API, reproject).
 * Side-effect free: importing this from Node code loads no workflow runtime.
 */
export const TASK_QUEUE_DEFAULT = 'mandates';

export const mandateWorkflowId = (mandateId: string) => `mandate-${mandateId}`;

const KEYED = 'key:';

/** The update id for a client's Idempotency-Key, scoped to the caller so two people's keys never collide. */
export const keyedUpdateId = (actorId: string, key: string) => `${KEYED}${actorId}:${key}`;

/** Only ids from client keys are remembered across continue-as-new; generated ids are never retried. */
export const isKeyedUpdateId = (updateId: string) => updateId.startsWith(KEYED);

export type MandateWorkflowInput =
  { create: { id: string; regionId: string; input: CreateMandateInput; actor: Actor } } | { resume: { state: MandateState; appliedUpdateIds: string[] } };

export interface ActionUpdateArgs {
  actor: Actor;
  command: ActionCommand;
}

/** Sent together with the start (update-with-start): returns once the new mandate's read model is written. */
export const createdUpdate = defineUpdate<MandateSnapshot>('created');

/** Every action on a mandate; the update id is the caller's Idempotency-Key. */
export const actionUpdate = defineUpdate<MandateSnapshot, [ActionUpdateArgs]>('action');

/** The full state including the audit trail, for rebuilding the read models. */
export const stateQuery = defineQuery<MandateState>('state');

/** A task of the mandate has ended (from the task's activity). Reporting twice changes nothing. */
export const taskClosedUpdate = defineUpdate<void, [TaskOutcome]>('task-closed');

export interface AddTaskArgs {
  actor: Actor;
  /** The new task; phase, round and mandate title are filled in by the mandate. */
  task: NewTask;
}

/** The office lead adds a task to the mandate by hand; returns the new task. */
export const addTaskUpdate = defineUpdate<TaskSnapshot, [AddTaskArgs]>('add-task');

/** The mandate's board vote reports how it stands (from the vote's activity). Reporting twice changes nothing. */
export const boardVoteUpdate = defineUpdate<void, [BoardVoteReport]>('board-vote');
