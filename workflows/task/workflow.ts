import { allHandlersFinished, condition, continueAsNew, currentUpdateInfo, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { TaskActivities } from '../../activities/task-activities';
import { applyTaskCommand, assertTaskCommand, cancelTask, nextNotice, recordNotice, toTaskSnapshot, type TaskState } from '../../domain/tasks/task';
import { isTerminal } from '../../domain/tasks/types';
import { Lock } from '../lock';
import { toFailure } from '../failures';
import { isKeyedUpdateId } from '../mandate/messages';
import { cancelTaskSignal, taskActionUpdate, taskCreatedUpdate, taskStateQuery, type TaskWorkflowInput } from './messages';

/** Writes and reports must eventually succeed: the activities are idempotent and retry until MongoDB and Temporal answer. */
const { saveTask, reportTaskToMandate } = proxyActivities<TaskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const now = () => new Date().toISOString();
const REMEMBERED_UPDATE_IDS = 1000;

/**
 * One task of the office, from creation to done or cancelled. People act on
 * it with the `task-action` update; the workflow's durable timers send the
 * reminder before the due date, the notice on it and the escalation after it,
 * each once per due date, and start over when the due date changes.
 */
export async function taskWorkflow(input: TaskWorkflowInput): Promise<TaskState> {
  let state: TaskState = 'create' in input ? input.create.task : input.resume.state;
  const appliedUpdateIds = new Set('resume' in input ? input.resume.appliedUpdateIds : []);
  let persistedVersion = 'resume' in input ? state.version : 0;
  const lock = new Lock();

  /** Writes the read model, the history and the notifications before the caller hears back. */
  async function commit(next: TaskState, updateId: string | null): Promise<void> {
    const newEvents = next.events.filter((event) => event.seq > persistedVersion);
    await saveTask({ snapshot: toTaskSnapshot(next), newEvents, updateId });
    persistedVersion = next.version;
    state = next;
  }

  /** A finished task of a mandate tells the mandate (it may yield an option or data, and opens a phase gate). */
  async function report(): Promise<void> {
    if (!state.mandateId || !isTerminal(state.status)) return;
    await reportTaskToMandate({
      mandateId: state.mandateId,
      outcome: { taskId: state.id, status: state.status as 'done' | 'cancelled', output: state.output, completedBy: state.completedBy },
    });
  }

  setHandler(taskStateQuery, () => state);

  setHandler(taskCreatedUpdate, async () => {
    await condition(() => persistedVersion >= 1);
    return toTaskSnapshot(state);
  });

  setHandler(
    taskActionUpdate,
    ({ actor, command }) =>
      lock.run(async () => {
        const updateId = currentUpdateInfo()?.id ?? null;
        if (updateId && appliedUpdateIds.has(updateId)) return toTaskSnapshot(state);
        try {
          const next = applyTaskCommand(state, command, actor, now());
          if (updateId && isKeyedUpdateId(updateId)) appliedUpdateIds.add(updateId);
          await commit(next, updateId);
          await report();
          return toTaskSnapshot(state);
        } catch (error) {
          throw toFailure(error);
        }
      }),
    {
      validator: ({ actor, command }) => {
        const updateId = currentUpdateInfo()?.id;
        if (updateId && appliedUpdateIds.has(updateId)) return;
        try {
          assertTaskCommand(state, command, actor, now());
        } catch (error) {
          throw toFailure(error);
        }
      },
    },
  );

  // Returns its promise, so that continue-as-new waits for the cancellation to be written (allHandlersFinished).
  setHandler(cancelTaskSignal, ({ reason }) =>
    lock.run(async () => {
      const next = cancelTask(state, now(), null, reason);
      if (next !== state) await commit(next, null);
    }),
  );

  if (persistedVersion < state.version) await lock.run(() => commit(state, null));

  while (!isTerminal(state.status)) {
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof taskWorkflow>({ resume: { state, appliedUpdateIds: [...appliedUpdateIds].slice(-REMEMBERED_UPDATE_IDS) } });
    }
    const version = state.version;
    const changed = () => state.version !== version || workflowInfo().continueAsNewSuggested;
    const notice = nextNotice(state);
    if (!notice) {
      await condition(changed);
      continue;
    }
    const remaining = Date.parse(notice.at) - Date.now();
    if (remaining > 0 && (await condition(changed, remaining))) continue;
    await lock.run(async () => {
      const due = nextNotice(state);
      if (due && Date.parse(due.at) <= Date.now()) await commit(recordNotice(state, due.kind, now()), null);
    });
  }
  await condition(allHandlersFinished);
  return state;
}
