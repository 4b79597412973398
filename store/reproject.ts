import type { Client } from '@temporalio/client';
import { toSnapshot } from '../domain/mandate';
import { stateQuery } from '../workflows/mandate/messages';
import type { Models } from './models';
import { saveMandateProjection } from './mandates';
import { toTaskSnapshot } from '../domain/tasks/task';
import { taskStateQuery } from '../workflows/task/messages';
import { saveTaskProjection } from './tasks';
import { voteStateQuery } from '../workflows/vote/messages';
import { saveVoteProjection } from './votes';
import { meetingStateQuery } from '../workflows/meeting/messages';
import { saveMeetingProjection } from './meetings';

export interface ReprojectResult {
  mandates: number;
  events: number;
  tasks: number;
  taskEvents: number;
  votes: number;
  meetings: number;
}

const latestRunsOf = (type: string, taskQueue: string) =>
  `WorkflowType = '${type}' AND ExecutionStatus != 'ContinuedAsNew' AND TaskQueue = '${taskQueue.replace(/'/g, "\\'")}'`;

/**
 * Rebuilds the mandate, task, vote and meeting read models and histories from the workflows, the
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
  let mandates = 0;
  let events = 0;
  for await (const execution of client.workflow.list({ query: latestRunsOf('mandateWorkflow', taskQueue) })) {
    const state = await client.workflow.getHandle(execution.workflowId, execution.runId).query(stateQuery);
    await saveMandateProjection(models, toSnapshot(state), state.events, null);
    mandates += 1;
    events += state.events.length;
    onProgress(mandates);
  }
  // The office's tasks the same way (their notifications were sent when they happened and are not sent again).
  let tasks = 0;
  let taskEvents = 0;
  for await (const execution of client.workflow.list({ query: latestRunsOf('taskWorkflow', taskQueue) })) {
    const state = await client.workflow.getHandle(execution.workflowId, execution.runId).query(taskStateQuery);
    await saveTaskProjection(models, toTaskSnapshot(state), state.events, null);
    tasks += 1;
    taskEvents += state.events.length;
    onProgress(mandates + tasks);
  }
  // The board's votes and meetings. Decision records, recusals, the composition and implementation items live in MongoDB only.
  let votes = 0;
  for await (const execution of client.workflow.list({ query: latestRunsOf('voteWorkflow', taskQueue) })) {
    await saveVoteProjection(models, await client.workflow.getHandle(execution.workflowId, execution.runId).query(voteStateQuery));
    votes += 1;
    onProgress(mandates + tasks + votes);
  }
  let meetings = 0;
  for await (const execution of client.workflow.list({ query: latestRunsOf('meetingWorkflow', taskQueue) })) {
    await saveMeetingProjection(models, await client.workflow.getHandle(execution.workflowId, execution.runId).query(meetingStateQuery));
    meetings += 1;
    onProgress(mandates + tasks + votes + meetings);
  }
  return { mandates, events, tasks, taskEvents, votes, meetings };
}
