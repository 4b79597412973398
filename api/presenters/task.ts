import { allowedTaskActions } from '../../domain/policies/task-policy';
import { readsRawAnswers } from '../../domain/monitoring/values';
import type { PersonRef } from '../../domain/roles';
import { effectiveHolder, type AbsencePeriod } from '../../domain/tasks/absences';
import { dueState, type TaskActor, type TaskEvent, type TaskSnapshot } from '../../domain/tasks/task';
import { TASK_TYPE_INFO } from '../../domain/tasks/types';
import { berlinDate, endOfBerlinDay } from '../../domain/time';

const ref = (p: PersonRef | null) => (p ? { id: p.id, name: p.name } : null);

/** What a presented task needs to know of the moment: now, today's absences and the region's due-soon window. */
export interface TaskView {
  now: string;
  absences: readonly AbsencePeriod[];
  dueSoonDays: number;
}

/** A task as the inbox and the task page show it, with who holds it today and what the caller may do now. */
export function presentTask(t: TaskSnapshot, actor: TaskActor, view: TaskView) {
  const holder = t.assignee ? effectiveHolder(t.assignee, view.absences, berlinDate(view.now)) : null;
  const { overdue, dueSoon } = dueState(t, view.now, view.dueSoonDays);
  return {
    id: t.id,
    regionId: t.regionId,
    mandateId: t.mandateId,
    mandateTitle: t.mandateTitle,
    type: t.type,
    title: t.title,
    description: t.description,
    params: { ...t.params },
    required: t.required,
    status: t.status,
    priority: t.priority,
    dueDate: t.dueDate,
    dueAt: endOfBerlinDay(t.dueDate),
    followUpDate: t.followUpDate,
    candidateRole: t.candidateRole,
    assignee: ref(t.assignee),
    substitute: holder && t.assignee && holder.id !== t.assignee.id ? ref(holder) : null,
    review: t.review,
    yields: TASK_TYPE_INFO[t.type].yields,
    // A data request's answer may hold small numbers: only for the office, those overseeing it and whoever answered.
    output: t.type === 'data-request' && !readsRawAnswers(actor.roles) && t.assignee?.id !== actor.id ? null : t.output,
    reviewDecision: t.reviewDecision ? { ...t.reviewDecision, by: ref(t.reviewDecision.by) } : null,
    cancelReason: t.cancelReason,
    createdBy: ref(t.createdBy),
    completedBy: ref(t.completedBy),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    completedAt: t.completedAt,
    overdue,
    dueSoon,
    escalated: t.escalated,
    version: t.version,
    allowedActions: allowedTaskActions(actor, t),
  };
}

export function presentTaskEvent(e: TaskEvent) {
  return { seq: e.seq, at: e.at, actor: ref(e.actor), onBehalfOf: ref(e.onBehalfOf), action: e.action, details: e.details };
}
