import type { Client } from '@temporalio/client';
import { toSnapshot } from '../domain/mandate';
import { stateQuery } from '../workflows/mandate/messages';
import type { Models } from './models';
import { saveMandateProjection } from './mandates';

export interface ReprojectResult {
  mandates: number;
  events: number;
}

/**
 * Rebuilds the mandate read models and audit events from the workflows, the
 * system of record: MongoDB can be lost without losing a decision. Each
 * workflow's latest run is asked for its full state (closed ones too — a
 * worker replays them), and the idempotent projection writes it back.
 */
export async function reprojectMandates(
  client: Client,
  models: Models,
  taskQueue: string,
  onProgress: (done: number) => void = () => undefined,
): Promise<ReprojectResult> {
  // Scoped to this deployment's task queue: a shared namespace may hold other deployments' mandates.
  const query = `WorkflowType = 'mandateWorkflow' AND ExecutionStatus != 'ContinuedAsNew' AND TaskQueue = '${taskQueue.replace(/'/g, "\\'")}'`;
  let mandates = 0;
  let events = 0;
  for await (const execution of client.workflow.list({ query })) {
    const state = await client.workflow.getHandle(execution.workflowId, execution.runId).query(stateQuery);
    await saveMandateProjection(models, toSnapshot(state), state.events, null);
    mandates += 1;
    events += state.events.length;
    onProgress(mandates);
  }
  return { mandates, events };
}
