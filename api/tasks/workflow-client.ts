import { createHash, randomBytes } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Actor } from '../../domain/roles';
import type { NewTask, TaskActor, TaskCommand, TaskSnapshot, TaskState } from '../../domain/tasks/task';
import { addTaskUpdate, mandateWorkflowId } from '../../workflows/mandate/messages';
import { taskActionUpdate, taskCreatedUpdate, taskWorkflowId, type TaskWorkflowInput } from '../../workflows/task/messages';
import { rethrowDomainFailure } from '../mandates/workflow-client';

/** A new ad-hoc task id; with an Idempotency-Key it is derived from it, so a retried create finds the first task. */
export function newTaskId(regionId: string, actorId: string, idempotencyKey?: string): string {
  const bytes = idempotencyKey ? createHash('sha256').update(`task\n${regionId}\n${actorId}\n${idempotencyKey}`).digest().subarray(0, 10) : randomBytes(10);
  return `t${bytes.toString('hex')}`;
}

/** The API's door to the task workflows. */
export class TaskWorkflows {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /** A task of no mandate: its own workflow, started with update-with-start; null when it already exists. */
  async createStandalone(task: TaskState): Promise<TaskSnapshot | null> {
    const args: TaskWorkflowInput = { create: { task } };
    const startWorkflowOperation = new WithStartWorkflowOperation('taskWorkflow', {
      workflowId: taskWorkflowId(task.id),
      taskQueue: this.taskQueue,
      args: [args],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    try {
      return await this.client.workflow.executeUpdateWithStart(taskCreatedUpdate, { updateId: 'created', startWorkflowOperation });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return null;
      rethrowDomainFailure(error);
    }
  }

  /** A task of a mandate: the mandate adds it and starts it as its child. */
  async addToMandate(mandateId: string, actor: Actor, task: NewTask, updateId?: string): Promise<TaskSnapshot | null> {
    try {
      return await this.client.workflow.getHandle(mandateWorkflowId(mandateId)).executeUpdate(addTaskUpdate, { args: [{ actor, task }], updateId });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      rethrowDomainFailure(error);
    }
  }

  /** One action on a task; null when the task's workflow has already finished (a replayed key). */
  async act(taskId: string, actor: TaskActor, command: TaskCommand, updateId?: string): Promise<TaskSnapshot | null> {
    try {
      return await this.client.workflow.getHandle(taskWorkflowId(taskId)).executeUpdate(taskActionUpdate, { args: [{ actor, command }], updateId });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      rethrowDomainFailure(error);
    }
  }
}
