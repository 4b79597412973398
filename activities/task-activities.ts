import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { TaskOutcome } from '../domain/mandate';
import { effectiveRoles, type PersonRef, type Role } from '../domain/roles';
import { effectiveHolder } from '../domain/tasks/absences';
import type { TaskEvent, TaskSnapshot } from '../domain/tasks/task';
import { berlinDate } from '../domain/time';
import { listCurrentAbsences } from '../store/absences';
import type { Models } from '../store/models';
import { createNotifications, type NotificationInput, type NotificationKind } from '../store/notifications';
import { saveTaskProjection } from '../store/tasks';
import { mandateWorkflowId, taskClosedUpdate } from '../workflows/mandate/messages';
import { TaskWorkflows } from '../api/tasks/workflow-client';
import { followUpTasks } from '../monitoring/follow-up';
import { recordRequestValues } from '../monitoring/requests';
import { listIndicators } from '../store/monitoring';
import { Context } from '@temporalio/activity';

/** Follow-up tasks run on the queue of the worker that runs this activity. */
const workflowInfoQueue = () => Context.current().info.taskQueue;

export interface SaveTaskInput {
  snapshot: TaskSnapshot;
  newEvents: TaskEvent[];
  updateId: string | null;
}

/** The region's members with a role (effective roles: the lead counts as staff). */
async function membersWithRole(models: Models, regionId: string, role: Role): Promise<PersonRef[]> {
  const docs = await models.User.find({ 'memberships.regionId': regionId }, { name: 1, memberships: 1 }).lean();
  return docs
    .filter((doc) => effectiveRoles((doc.memberships.find((m) => m.regionId === regionId)?.roles ?? []) as Role[]).has(role))
    .map((doc) => ({ id: doc._id, name: doc.name }));
}

/**
 * Who hears of an event of a task, and as what. Work goes to whoever holds it
 * today (the substitute while the assignee is away); escalations go to the
 * office lead; nobody is told of their own action.
 */
async function notificationsFor(models: Models, task: TaskSnapshot, events: TaskEvent[]): Promise<NotificationInput[]> {
  const interesting = events.filter((e) =>
    ['create', 'assign', 'delegate', 'complete', 'approve', 'reject', 'cancel', 'reminder', 'due', 'escalate', 'follow-up'].includes(e.action),
  );
  if (interesting.length === 0) return [];
  const absences = await listCurrentAbsences(models, task.regionId, berlinDate(Date.now()));
  const holderOf = (person: PersonRef) => effectiveHolder(person, absences, berlinDate(Date.now()));
  const result: NotificationInput[] = [];
  for (const event of interesting) {
    const send = (kind: NotificationKind, people: PersonRef[], extra: Record<string, string | number | null> = {}) => {
      const seen = new Set<string>();
      for (const person of people) {
        if (seen.has(person.id) || person.id === event.actor?.id) continue;
        seen.add(person.id);
        result.push({
          id: `task:${task.id}:${event.seq}:${person.id}`,
          userId: person.id,
          regionId: task.regionId,
          kind,
          taskId: task.id,
          mandateId: task.mandateId,
          params: {
            taskTitle: task.title,
            mandateTitle: task.mandateTitle,
            dueDate: task.dueDate,
            actorName: event.actor?.name ?? null,
            // Only for whoever stands in for the absent assignee, not for the lead hearing of an escalation.
            ...(task.assignee && person.id !== task.assignee.id && holderOf(task.assignee).id === person.id ? { substituteFor: task.assignee.name } : {}),
            ...extra,
          },
        });
      }
    };
    const holders = task.assignee ? [holderOf(task.assignee)] : await membersWithRole(models, task.regionId, task.candidateRole ?? 'office_staff');
    switch (event.action) {
      case 'create':
        if (task.assignee) send('task-assigned', [holderOf(task.assignee)]);
        break;
      case 'assign':
      case 'delegate': {
        const to = event.details.to as PersonRef | undefined;
        if (to) send(event.action === 'assign' ? 'task-assigned' : 'task-delegated', [holderOf(to)], { note: (event.details.note as string | null) ?? null });
        break;
      }
      case 'complete':
        if (event.details.review) {
          const reviewers = await membersWithRole(models, task.regionId, 'office_staff');
          send('task-review-requested', reviewers);
        }
        break;
      case 'approve':
        if (task.completedBy) send('task-approved', [task.completedBy], { comment: (event.details.comment as string | null) ?? null });
        break;
      case 'reject':
        if (task.assignee) send('task-rejected', [holderOf(task.assignee)], { comment: (event.details.comment as string | null) ?? null });
        break;
      case 'cancel':
        if (task.assignee) send('task-cancelled', [holderOf(task.assignee)], { reason: (event.details.reason as string | null) ?? null });
        break;
      case 'reminder':
        send('task-reminder', holders);
        break;
      case 'due':
        send('task-due', holders);
        break;
      case 'follow-up':
        if (task.assignee) send('task-follow-up', [holderOf(task.assignee)]);
        break;
      case 'escalate':
        send('task-escalated', await membersWithRole(models, task.regionId, 'office_lead'), { assigneeName: task.assignee?.name ?? null });
        break;
      default:
        break;
    }
  }
  return result;
}

/**
 * An approved data request's values go to the monitoring store as a release
 * of their own, and the office lead's review tasks for them are started (each
 * once: their ids come from the release, so a retried activity starts none twice).
 */
async function releaseRequestValues(models: Models, client: Client, task: TaskSnapshot): Promise<void> {
  // Dated by the approval (the moment they came to count), stable across retries of this activity.
  const at = task.reviewDecision?.at ?? task.completedAt ?? task.updatedAt;
  const values = await recordRequestValues(models, task, at);
  if (!values) return;
  const workflows = new TaskWorkflows(client, workflowInfoQueue());
  const catalogue = await listIndicators(models, task.regionId);
  for (const followUp of await followUpTasks(models, task.regionId, `request:${task.id}`, catalogue, values, at)) await workflows.createStandalone(followUp);
}

/** Side effects of the task workflow. */
export function createTaskActivities(models: Models, client: Client) {
  return {
    /** Writes the read model and history, and the notifications its new events cause; idempotent. */
    async saveTask({ snapshot, newEvents, updateId }: SaveTaskInput): Promise<void> {
      await saveTaskProjection(models, snapshot, newEvents, updateId);
      await createNotifications(models, await notificationsFor(models, snapshot, newEvents));
      if (snapshot.status === 'done' && newEvents.some((e) => e.action === 'approve' || e.action === 'complete')) {
        await releaseRequestValues(models, client, snapshot);
      }
    },

    /** Tells the mandate that one of its tasks ended; a mandate that has finished meanwhile needs nothing more. */
    async reportTaskToMandate({ mandateId, outcome }: { mandateId: string; outcome: TaskOutcome }): Promise<void> {
      try {
        await client.workflow
          .getHandle(mandateWorkflowId(mandateId))
          .executeUpdate(taskClosedUpdate, { args: [outcome], updateId: `task-closed:${outcome.taskId}` });
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return;
        throw error;
      }
    },
  };
}

export type TaskActivities = ReturnType<typeof createTaskActivities>;
