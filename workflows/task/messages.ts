import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TaskActor, TaskCommand, TaskSnapshot, TaskState } from '../../domain/tasks/task';

/** Definitions shared by the task workflow and its callers. Side-effect free. */
export const taskWorkflowId = (taskId: string) => `task-${taskId}`;

export type TaskWorkflowInput = { create: { task: TaskState } } | { resume: { state: TaskState; appliedUpdateIds: string[] } };

export interface TaskActionArgs {
  actor: TaskActor;
  command: TaskCommand;
}

/** Sent with the start of an ad-hoc task (update-with-start): returns once its read model is written. */
export const taskCreatedUpdate = defineUpdate<TaskSnapshot>('task-created');

/** Every person's action on a task; the update id is the caller's Idempotency-Key. */
export const taskActionUpdate = defineUpdate<TaskSnapshot, [TaskActionArgs]>('task-action');

/** From the mandate when it closes: unfinished work ends without anyone acting. */
export const cancelTaskSignal = defineSignal<[{ reason: string }]>('cancel');

export const taskStateQuery = defineQuery<TaskState>('task-state');
