import { createHash, randomBytes } from 'node:crypto';
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { rebuildAppError } from '../../domain/errors';
import type { CreateMandateInput, ActionCommand } from '../../domain/fields';
import type { MandateSnapshot } from '../../domain/mandate';
import type { Actor } from '../../domain/roles';
import { actionUpdate, createdUpdate, mandateWorkflowId, type MandateWorkflowInput } from '../../workflows/mandate/messages';

/**
 * The API's only door into Temporal. Update failures raised by the workflow's
 * validator or handler come back as ApplicationFailures typed by the domain
 * error code; they are turned back into the same AppErrors here.
 */
export function rethrowDomainFailure(error: unknown): never {
  const cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
  if (cause instanceof ApplicationFailure && cause.type) {
    const detail = (cause.details?.[0] ?? {}) as { status?: number; extras?: Record<string, unknown> };
    throw rebuildAppError(cause.type, detail.status ?? 409, cause.message, detail.extras ?? {});
  }
  throw error;
}

/** A new mandate id; with an Idempotency-Key it is derived from it, so a retried create finds the first one. */
export function newMandateId(regionId: string, actorId: string, idempotencyKey?: string): string {
  const bytes = idempotencyKey ? createHash('sha256').update(`${regionId}\n${actorId}\n${idempotencyKey}`).digest().subarray(0, 10) : randomBytes(10);
  return `m${bytes.toString('hex')}`;
}

export class MandateWorkflows {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /**
   * Starts the mandate's workflow and waits until its read model is written
   * (update-with-start). Returns null when the id belongs to an earlier,
   * already finished mandate — the caller then reads the read model.
   */
  async create(id: string, regionId: string, input: CreateMandateInput, actor: Actor): Promise<MandateSnapshot | null> {
    const args: MandateWorkflowInput = { create: { id, regionId, input, actor } };
    const startWorkflowOperation = new WithStartWorkflowOperation('mandateWorkflow', {
      workflowId: mandateWorkflowId(id),
      taskQueue: this.taskQueue,
      args: [args],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    try {
      return await this.client.workflow.executeUpdateWithStart(createdUpdate, { updateId: 'created', startWorkflowOperation });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return null;
      rethrowDomainFailure(error);
    }
  }

  /** Runs one action; returns null when the workflow has already finished (a replayed key on a closed mandate). */
  async act(mandateId: string, actor: Actor, command: ActionCommand, updateId?: string): Promise<MandateSnapshot | null> {
    const handle = this.client.workflow.getHandle(mandateWorkflowId(mandateId));
    try {
      return await handle.executeUpdate(actionUpdate, { args: [{ actor, command }], updateId });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      rethrowDomainFailure(error);
    }
  }
}
