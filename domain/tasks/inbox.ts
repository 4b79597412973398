import { effectiveRoles, type PersonRef, type Role } from '../roles';
import { seesAllTasks } from '../policies/task-policy';
import { addDays, berlinDate, endOfBerlinDay } from '../time';
import type { TaskSnapshot } from './task';
import { CANDIDATE_ROLES, type TaskType } from './types';

/**
 * The inbox's views, decided per task in memory: the open work of a region is
 * small (finished tasks live in the archive), so one read of it gives every
 * view's items and counts from the same moment.
 */
export const INBOX_VIEWS = ['mine', 'role', 'overdue', 'due-soon', 'review', 'done', 'all'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];
export const ACTIVE_VIEWS = INBOX_VIEWS.filter((view) => view !== 'done');
export const INBOX_SORTS = ['due', '-due', 'created', '-created'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

export interface InboxViewer {
  id: string;
  roles: readonly Role[];
  /** The absent colleagues the viewer stands in for today. */
  actingFor: readonly PersonRef[];
}

export interface InboxFilter {
  mandateId?: string;
  type?: TaskType;
  q?: string;
}

/** Which views an unfinished task is in, for one viewer at one moment. */
export function viewsOf(task: TaskSnapshot, viewer: InboxViewer, now: string, dueSoonDays: number): Set<InboxView> {
  const views = new Set<InboxView>();
  const holders = new Set([viewer.id, ...viewer.actingFor.map((p) => p.id)]);
  const roles = effectiveRoles(viewer.roles);
  // Mine: what I hold, also while it waits for someone else's review.
  const mine = (task.status === 'claimed' || task.status === 'in_review') && task.assignee !== null && holders.has(task.assignee.id);
  const claimable = task.status === 'open' && CANDIDATE_ROLES.some((role) => role === task.candidateRole && roles.has(role));
  // The lead, managers and admins see the whole region's work; staff what they hold or may claim.
  const inScope = seesAllTasks(viewer.roles) || mine || claimable;
  const working = task.status === 'open' || task.status === 'claimed';
  const dueAt = endOfBerlinDay(task.dueDate);
  if (mine) views.add('mine');
  if (claimable) views.add('role');
  if (inScope && working && dueAt < now) views.add('overdue');
  if (inScope && working && dueAt >= now && dueAt <= endOfBerlinDay(addDays(berlinDate(now), dueSoonDays))) views.add('due-soon');
  if (task.status === 'in_review' && task.completedBy?.id !== viewer.id && roles.has('office_staff')) views.add('review');
  if (inScope && task.status !== 'done' && task.status !== 'cancelled') views.add('all');
  return views;
}

export function matchesFilter(task: TaskSnapshot, filter: InboxFilter): boolean {
  if (filter.mandateId && task.mandateId !== filter.mandateId) return false;
  if (filter.type && task.type !== filter.type) return false;
  if (filter.q) {
    const text = `${task.title} ${task.mandateTitle ?? ''}`.toLowerCase();
    if (!text.includes(filter.q.toLowerCase())) return false;
  }
  return true;
}

/** Orders tasks by due date or creation; ties by id, so pages never overlap. */
export function compareTasks(sort: InboxSort): (a: TaskSnapshot, b: TaskSnapshot) => number {
  const key = sort.endsWith('due') ? (t: TaskSnapshot) => endOfBerlinDay(t.dueDate) : (t: TaskSnapshot) => t.createdAt;
  const direction = sort.startsWith('-') ? -1 : 1;
  return (a, b) => direction * key(a).localeCompare(key(b)) || a.id.localeCompare(b.id);
}
