import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { VoteDefinition, VoteState } from '../domain/board/types';
import { openedUpdate, voteWorkflowId, type VoteWorkflowInput } from '../workflows/vote/messages';

/**
 * Starts a vote's workflow and waits until its read model is written
 * (update-with-start). Idempotent: the vote's id is its workflow's id, so a
 * retry finds the running vote; for one already finished it returns null.
 */
export async function startVoteWorkflow(client: Client, taskQueue: string, definition: VoteDefinition): Promise<VoteState | null> {
  const args: VoteWorkflowInput = { create: { definition } };
  const startWorkflowOperation = new WithStartWorkflowOperation('voteWorkflow', {
    workflowId: voteWorkflowId(definition.id),
    taskQueue,
    args: [args],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
  });
  try {
    return await client.workflow.executeUpdateWithStart(openedUpdate, { updateId: 'opened', startWorkflowOperation });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return null;
    throw error;
  }
}
