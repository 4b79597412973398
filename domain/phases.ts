import { z } from 'zod';

export const PHASES = ['draft', 'approval', 'preparation', 'decision', 'implementation', 'evaluation', 'closed'] as const;
export const phaseSchema = z.enum(PHASES);
export type Phase = (typeof PHASES)[number];

export const OUTCOMES = ['completed', 'rejected', 'withdrawn'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * The actions a person can take on a mandate. One name per transition: the
 * same string is the policy action, the workflow update's argument, the
 * `:action` URL segment, the audit event's `action` and the UI's message key.
 */
export const ACTIONS = [
  'submit',
  'vote',
  'extend-vote',
  'add-option',
  'record-data',
  'submit-dossier',
  'report-progress',
  'complete-implementation',
  'close',
  'withdraw',
] as const;
export const actionSchema = z.enum(ACTIONS);
export type Action = (typeof ACTIONS)[number];

/**
 * Events the system records without a person's action on the mandate itself:
 * its creation, a vote closed at its deadline, the office's tasks created on
 * entering a phase or by hand, and a task finished or cancelled.
 */
export type SystemEventName = 'create' | 'close-vote' | 'tasks-created' | 'add-task' | 'task-done' | 'task-cancelled';
export type EventName = Action | SystemEventName;

const OPEN_PHASES = PHASES.filter((p) => p !== 'closed');

/** The phase machine: in which phases each action may be taken. */
export const ACTION_PHASES: Readonly<Record<Action, readonly Phase[]>> = {
  submit: ['draft'],
  vote: ['approval', 'decision'],
  'extend-vote': ['approval', 'decision'],
  'add-option': ['preparation'],
  'record-data': ['preparation', 'evaluation'],
  'submit-dossier': ['preparation'],
  'report-progress': ['implementation'],
  'complete-implementation': ['implementation'],
  close: ['evaluation'],
  withdraw: OPEN_PHASES,
};
