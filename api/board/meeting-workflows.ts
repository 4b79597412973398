import { createHash, randomBytes } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { CreateMeetingInput, MeetingCommand } from '../../domain/board/meeting';
import type { MeetingState } from '../../domain/board/types';
import type { Actor } from '../../domain/roles';
import { meetingActionUpdate, meetingCreatedUpdate, meetingWorkflowId, type MeetingWorkflowInput } from '../../workflows/meeting/messages';
import { rethrowDomainFailure } from '../mandates/workflow-client';

/** A new meeting id; with an Idempotency-Key it is derived from it, so a retried create finds the first meeting. */
export function newMeetingId(regionId: string, actorId: string, idempotencyKey?: string): string {
  const bytes = idempotencyKey ? createHash('sha256').update(`meeting\n${regionId}\n${actorId}\n${idempotencyKey}`).digest().subarray(0, 10) : randomBytes(10);
  return `s${bytes.toString('hex')}`;
}

/** The API's door to the meeting workflows. */
export class MeetingWorkflows {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /** Starts the meeting's workflow and waits for its read model (update-with-start); null when it exists already. */
  async create(id: string, regionId: string, input: CreateMeetingInput, actor: Actor): Promise<MeetingState | null> {
    const args: MeetingWorkflowInput = { create: { id, regionId, input, actor } };
    const startWorkflowOperation = new WithStartWorkflowOperation('meetingWorkflow', {
      workflowId: meetingWorkflowId(id),
      taskQueue: this.taskQueue,
      args: [args],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    try {
      return await this.client.workflow.executeUpdateWithStart(meetingCreatedUpdate, { updateId: 'created', startWorkflowOperation });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return null;
      rethrowDomainFailure(error);
    }
  }

  /** One change; null when the meeting's workflow has ended (a cancelled meeting). */
  async act(meetingId: string, actor: Actor, command: MeetingCommand, updateId?: string): Promise<MeetingState | null> {
    try {
      return await this.client.workflow.getHandle(meetingWorkflowId(meetingId)).executeUpdate(meetingActionUpdate, { args: [{ actor, command }], updateId });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      rethrowDomainFailure(error);
    }
  }
}
