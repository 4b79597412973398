import { z } from 'zod';
import { ValidationError } from '../errors';
import { calendarDate, optionalText, parseOrThrow, text } from '../fields';
import type { Phase } from '../phases';
import type { Actor, PersonRef } from '../roles';
import { addDays, berlinDate, berlinWallTime } from '../time';
import { assertCanTakeTaskAction } from '../policies/task-policy';
import { TASK_OUTPUT_SCHEMAS, TASK_TYPE_INFO, prioritySchema, type CandidateRole, type Priority, type TaskStatus, type TaskType } from './types';

/** Deadlines and notices of a region's tasks, copied into each task when it is created. */
export interface TaskSettings {
  /** Days before the due date the holder is reminded; 0 turns the reminder off. */
  reminderDaysBefore: number;
  /** Days after the due date an unfinished task is escalated to the office lead. */
  escalationDaysAfter: number;
  /** Tasks due within this many days count as "due soon" in the inbox. */
  dueSoonDays: number;
}

export const DEFAULT_TASK_SETTINGS: TaskSettings = { reminderDaysBefore: 3, escalationDaysAfter: 2, dueSoonDays: 7 };

export const taskSettingsSchema = z.strictObject({
  reminderDaysBefore: z.number({ error: 'must be a number' }).int().min(0).max(60),
  escalationDaysAfter: z.number({ error: 'must be a number' }).int().min(1).max(60),
  dueSoonDays: z.number({ error: 'must be a number' }).int().min(1).max(60),
});

/** Notices go out at the start of office hours, Berlin time. */
export const NOTICE_TIME = '08:00:00';
/** `follow-up`: the holder's own date to look at the task again (Wiedervorlage). */
export const NOTICE_KINDS = ['reminder', 'due', 'escalation', 'follow-up'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const TASK_ACTIONS = ['claim', 'unclaim', 'assign', 'delegate', 'complete', 'approve', 'reject', 'cancel', 'update'] as const;
export const taskActionSchema = z.enum(TASK_ACTIONS);
export type TaskAction = (typeof TASK_ACTIONS)[number];
export type TaskEventName = 'create' | TaskAction | 'reminder' | 'due' | 'escalate' | 'follow-up';

export interface TaskEvent {
  seq: number;
  at: string;
  /** null for what the system did on its own (a reminder, an escalation). */
  actor: PersonRef | null;
  /** Set when a substitute acted for the absent assignee. */
  onBehalfOf: PersonRef | null;
  action: TaskEventName;
  details: Record<string, unknown>;
}

export interface ReviewDecision {
  by: PersonRef;
  at: string;
  decision: 'approved' | 'rejected';
  comment: string | null;
}

export interface TaskState {
  id: string;
  regionId: string;
  mandateId: string | null;
  mandateTitle: string | null;
  /** The mandate phase and revision round the task was created for (template tasks). */
  phase: Phase | null;
  round: number | null;
  templateKey: string | null;
  type: TaskType;
  title: string;
  description: string;
  /** A data request's indicator (catalogue key), the periods asked for and a note to the source. */
  params: { indicator?: string; periods?: string[]; note?: string };
  /** Required tasks hold the mandate's next phase gate until they are done or cancelled. */
  required: boolean;
  review: boolean;
  status: TaskStatus;
  priority: Priority;
  dueDate: string;
  followUpDate: string | null;
  candidateRole: CandidateRole | null;
  assignee: PersonRef | null;
  output: Record<string, unknown> | null;
  reviewDecision: ReviewDecision | null;
  settings: TaskSettings;
  /** Per notice kind, the date it was sent (or passed over) for: at most one of each per due date (follow-up: per follow-up date). */
  notices: Record<NoticeKind, string | null>;
  escalated: boolean;
  createdBy: PersonRef | null;
  completedBy: PersonRef | null;
  cancelReason: string | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  version: number;
  events: TaskEvent[];
}

export type TaskSnapshot = Omit<TaskState, 'events'>;

export function toTaskSnapshot(state: TaskState): TaskSnapshot {
  const { events: _events, ...snapshot } = state;
  return snapshot;
}

/** Everything needed to create a task (the fields a person or a template decides); ids and the mandate context are filled in by the caller. */
export type NewTask = Pick<
  TaskState,
  | 'id'
  | 'regionId'
  | 'mandateId'
  | 'mandateTitle'
  | 'phase'
  | 'round'
  | 'templateKey'
  | 'type'
  | 'title'
  | 'description'
  | 'params'
  | 'required'
  | 'priority'
  | 'dueDate'
  | 'followUpDate'
  | 'candidateRole'
  | 'assignee'
  | 'settings'
  | 'createdBy'
>;

/** An actor on a task, with the absent colleagues they stand in for right now (resolved by the API). */
export interface TaskActor extends Actor {
  actingFor: PersonRef[];
}

const personSchema = z.strictObject({ id: text(100), name: text(200) });

export const taskCommandSchemas = {
  claim: z.strictObject({}),
  unclaim: z.strictObject({}),
  assign: z.strictObject({ assignee: personSchema }),
  delegate: z.strictObject({ assignee: personSchema, note: optionalText(1000) }),
  complete: z.strictObject({ output: z.unknown() }),
  approve: z.strictObject({ comment: optionalText(2000) }),
  reject: z.strictObject({ comment: text(2000) }),
  cancel: z.strictObject({ reason: text(1000) }),
  update: z
    .strictObject({
      dueDate: calendarDate.optional(),
      followUpDate: calendarDate.nullable().optional(),
      priority: prioritySchema.optional(),
      title: text(200).optional(),
      description: z.string().trim().max(5000).optional(),
    })
    .refine((p) => Object.keys(p).length > 0, { error: 'must change at least one field' }),
} satisfies Record<TaskAction, z.ZodType>;

export type TaskPayloads = { [A in TaskAction]: z.infer<(typeof taskCommandSchemas)[A]> };
export type TaskCommand = { [A in TaskAction]: { action: A; payload: TaskPayloads[A] } }[TaskAction];

export function parseTaskCommand(action: TaskAction, payload: unknown): TaskCommand {
  const schema: z.ZodType = taskCommandSchemas[action];
  return { action, payload: parseOrThrow(schema, payload ?? {}) } as TaskCommand;
}

/** The instants of a task's notices for its current due and follow-up dates; null when switched off or unset. */
export function noticeTimes(task: Pick<TaskState, 'dueDate' | 'settings'> & { followUpDate?: string | null }): Record<NoticeKind, string | null> {
  const { reminderDaysBefore, escalationDaysAfter } = task.settings;
  return {
    reminder: reminderDaysBefore > 0 ? berlinWallTime(addDays(task.dueDate, -reminderDaysBefore), NOTICE_TIME) : null,
    due: berlinWallTime(task.dueDate, NOTICE_TIME),
    escalation: berlinWallTime(addDays(task.dueDate, escalationDaysAfter), NOTICE_TIME),
    'follow-up': task.followUpDate ? berlinWallTime(task.followUpDate, NOTICE_TIME) : null,
  };
}

/** The date a notice kind is keyed by: one notice per kind and date. */
const noticeDate = (task: Pick<TaskState, 'dueDate' | 'followUpDate'>, kind: NoticeKind) => (kind === 'follow-up' ? task.followUpDate : task.dueDate);

/**
 * The next notice the task is waiting for, if any (the earliest). Work not yet
 * handed in gets them all; work waiting for review only the escalation (a
 * stalled review is stalled work); finished work none.
 */
export function nextNotice(task: TaskState): { kind: NoticeKind; at: string } | null {
  if (task.status !== 'open' && task.status !== 'claimed' && task.status !== 'in_review') return null;
  const times = noticeTimes(task);
  let next: { kind: NoticeKind; at: string } | null = null;
  for (const kind of task.status === 'in_review' ? (['escalation'] as const) : NOTICE_KINDS) {
    const at = times[kind];
    if (at !== null && task.notices[kind] !== noticeDate(task, kind) && (!next || at < next.at)) next = { kind, at };
  }
  return next;
}

/**
 * Passes over the notices whose moment is already gone when a due date is set
 * (a task due tomorrow gets no "due in three days" reminder), so that each
 * notice fires once, at its time, for the due date in force. `kinds` limits
 * which are passed over (a rejected review keeps a pending escalation).
 */
function scheduleNotices(task: TaskState, at: string, kinds: readonly NoticeKind[] = NOTICE_KINDS): TaskState {
  const times = noticeTimes(task);
  const notices = { ...task.notices };
  for (const kind of kinds) {
    const time = times[kind];
    if (time === null || Date.parse(time) <= Date.parse(at)) notices[kind] = noticeDate(task, kind);
  }
  return { ...task, notices };
}

function record(
  task: TaskState,
  at: string,
  actor: PersonRef | null,
  onBehalfOf: PersonRef | null,
  action: TaskEventName,
  details: Record<string, unknown>,
): TaskState {
  const seq = task.version + 1;
  return { ...task, version: seq, updatedAt: at, events: [...task.events, { seq, at, actor, onBehalfOf, action, details }] };
}

/** The first state of a task, with its `create` event. */
export function createTask(input: NewTask, at: string): TaskState {
  const assigned = input.assignee !== null;
  const task: TaskState = {
    ...input,
    candidateRole: assigned ? input.candidateRole : (input.candidateRole ?? 'office_staff'),
    review: TASK_TYPE_INFO[input.type].review,
    status: assigned ? 'claimed' : 'open',
    output: null,
    reviewDecision: null,
    notices: { reminder: null, due: null, escalation: null, 'follow-up': null },
    escalated: false,
    completedBy: null,
    cancelReason: null,
    createdAt: at,
    updatedAt: at,
    completedAt: null,
    version: 0,
    events: [],
  };
  const details = { type: task.type, title: task.title, dueDate: task.dueDate, assignee: task.assignee, candidateRole: task.candidateRole };
  return record(scheduleNotices(task, at), at, input.createdBy, null, 'create', details);
}

/** Whether the actor holds the task: they are its assignee, or stand in for the absent assignee. */
export function holdsTask(actor: Pick<TaskActor, 'id' | 'actingFor'>, task: Pick<TaskState, 'assignee'>): boolean {
  const assignee = task.assignee;
  return assignee !== null && (assignee.id === actor.id || actor.actingFor.some((p) => p.id === assignee.id));
}

/** The absent assignee the actor acts for, when they are not the assignee themselves. */
function actingFor(actor: TaskActor, task: TaskState): PersonRef | null {
  const assignee = task.assignee;
  if (!assignee || assignee.id === actor.id) return null;
  return actor.actingFor.find((p) => p.id === assignee.id) ?? null;
}

/** Dates further ahead than this are typing errors, not plans. */
export const MAX_YEARS_AHEAD = 10;

/** A task date must be today or later (Berlin) and within the horizon. */
export function assertTaskDate(field: string, date: string | null | undefined, at: string): void {
  if (!date) return;
  const today = berlinDate(at);
  if (date < today) throw new ValidationError([{ field, code: 'not_in_past', message: 'must be today or later' }]);
  const horizon = addDays(today, 366 * MAX_YEARS_AHEAD);
  if (date > horizon) throw new ValidationError([{ field, code: 'too_far', message: `must be within ${MAX_YEARS_AHEAD} years`, params: { maximum: horizon } }]);
}

/** Checks everything that needs no I/O; the workflow's update validator calls exactly this. */
export function assertTaskCommand(task: TaskState, raw: TaskCommand, actor: TaskActor, at: string): TaskCommand {
  const command = parseTaskCommand(raw.action, raw.payload);
  assertCanTakeTaskAction(actor, command, task);
  switch (command.action) {
    case 'complete':
      parseOutput(task, command.payload.output);
      break;
    case 'assign':
    case 'delegate':
      if (command.payload.assignee.id === task.assignee?.id) {
        throw new ValidationError([{ field: 'assigneeId', code: 'same_assignee', message: 'already holds this task' }]);
      }
      break;
    case 'update':
      assertTaskDate('dueDate', command.payload.dueDate, at);
      assertTaskDate('followUpDate', command.payload.followUpDate, at);
      break;
    default:
      break;
  }
  return command;
}

function parseOutput(task: TaskState, output: unknown): Record<string, unknown> {
  try {
    const schema: z.ZodType = TASK_OUTPUT_SCHEMAS[task.type];
    return parseOrThrow(schema, output ?? {}) as Record<string, unknown>;
  } catch (error) {
    // Name the fields as the client sent them: inside `output`.
    if (error instanceof ValidationError)
      throw new ValidationError(error.errors.map((e) => ({ ...e, field: e.field === '(body)' ? 'output' : `output.${e.field}` })));
    throw error;
  }
}

/** Applies a person's command after checking it; returns the new state with its event. */
export function applyTaskCommand(task: TaskState, raw: TaskCommand, actor: TaskActor, at: string): TaskState {
  const command = assertTaskCommand(task, raw, actor, at);
  const by: PersonRef = { id: actor.id, name: actor.name };
  const forWhom = actingFor(actor, task);
  const done = (next: TaskState, details: Record<string, unknown> = {}) => record(next, at, by, forWhom, command.action, details);

  switch (command.action) {
    case 'claim':
      return done({ ...task, status: 'claimed', assignee: by });
    case 'unclaim':
      return done({ ...task, status: 'open', assignee: null, candidateRole: task.candidateRole ?? 'office_staff' }, { from: task.assignee });
    case 'assign':
      return done({ ...task, status: 'claimed', assignee: command.payload.assignee }, { from: task.assignee, to: command.payload.assignee });
    case 'delegate':
      return done({ ...task, assignee: command.payload.assignee }, { from: task.assignee, to: command.payload.assignee, note: command.payload.note ?? null });
    case 'complete': {
      const output = parseOutput(task, command.payload.output);
      const status: TaskStatus = task.review ? 'in_review' : 'done';
      return done({ ...task, status, output, completedBy: by, completedAt: at, reviewDecision: null }, { output, review: task.review });
    }
    case 'approve': {
      const decision: ReviewDecision = { by, at, decision: 'approved', comment: command.payload.comment ?? null };
      return done({ ...task, status: 'done', reviewDecision: decision }, { comment: decision.comment, completedBy: task.completedBy });
    }
    case 'reject': {
      // Back to the holder, with the reviewer's comment; the draft output stays for them to correct.
      const decision: ReviewDecision = { by, at, decision: 'rejected', comment: command.payload.comment };
      const assignee = task.assignee ?? task.completedBy;
      const back: TaskState = { ...task, status: 'claimed', assignee, completedBy: null, completedAt: null, reviewDecision: decision };
      // Reminders that came due during the review are stale now; an escalation still owed is not.
      return done(scheduleNotices(back, at, ['reminder', 'due', 'follow-up']), { comment: decision.comment });
    }
    case 'cancel':
      return cancelTask(task, at, by, command.payload.reason);
    case 'update': {
      const p = command.payload;
      let next: TaskState = {
        ...task,
        ...(p.dueDate !== undefined ? { dueDate: p.dueDate } : {}),
        ...(p.followUpDate !== undefined ? { followUpDate: p.followUpDate } : {}),
        ...(p.priority !== undefined ? { priority: p.priority } : {}),
        ...(p.title !== undefined ? { title: p.title } : {}),
        ...(p.description !== undefined ? { description: p.description } : {}),
      };
      if (p.dueDate !== undefined && p.dueDate !== task.dueDate) next = scheduleNotices({ ...next, escalated: false }, at);
      else if (p.followUpDate !== undefined && p.followUpDate !== task.followUpDate) next = scheduleNotices(next, at);
      const changes = Object.fromEntries(
        Object.keys(p).map((key) => [key, { from: task[key as keyof TaskState] ?? null, to: next[key as keyof TaskState] ?? null }]),
      );
      return done(next, changes);
    }
  }
}

/** Cancels an unfinished task (by the lead, or by the system when its mandate ends: `by` null). */
export function cancelTask(task: TaskState, at: string, by: PersonRef | null, reason: string): TaskState {
  if (task.status === 'done' || task.status === 'cancelled') return task;
  return record({ ...task, status: 'cancelled', cancelReason: reason, completedAt: at }, at, by, null, 'cancel', { reason });
}

/** Records a notice that has come due (the workflow's timer fired). */
export function recordNotice(task: TaskState, kind: NoticeKind, at: string): TaskState {
  const next: TaskState = { ...task, notices: { ...task.notices, [kind]: noticeDate(task, kind) }, escalated: task.escalated || kind === 'escalation' };
  const details = kind === 'follow-up' ? { followUpDate: task.followUpDate } : { dueDate: task.dueDate };
  return record(next, at, null, null, kind === 'escalation' ? 'escalate' : kind, details);
}

/** Read-time state for lists: overdue from the end of the due date (Berlin), due soon within the region's window. */
export function dueState(task: Pick<TaskState, 'status' | 'dueDate'>, now: string, dueSoonDays: number): { overdue: boolean; dueSoon: boolean } {
  if (task.status === 'done' || task.status === 'cancelled') return { overdue: false, dueSoon: false };
  const today = berlinDate(now);
  const overdue = task.dueDate < today;
  return { overdue, dueSoon: !overdue && task.dueDate <= addDays(today, dueSoonDays) };
}
