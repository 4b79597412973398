import { z } from 'zod';
import { optionalText, text } from '../fields';
import { VALUE_STATUSES } from '../monitoring/types';
import { breakdownSchema, refineValueOrPlaceholder } from '../monitoring/values';

/**
 * The kinds of office work and what finishing each one produces. A type's
 * output schema is the form the office fills in when completing it; `review`
 * marks the types that need a second office member's approval (four eyes);
 * `yields` names what an approved result adds to the mandate.
 */
export const TASK_TYPES = [
  'consult',
  'options',
  'data-request',
  'compile-dossier',
  'implement',
  'progress-report',
  'evaluate',
  'release-data',
  'general',
] as const;
export const taskTypeSchema = z.enum(TASK_TYPES);
export type TaskType = (typeof TASK_TYPES)[number];

/** `in_review`: the work is done and waits for a second person's approval. */
export const TASK_STATUSES = ['open', 'claimed', 'in_review', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const ACTIVE_STATUSES: readonly TaskStatus[] = ['open', 'claimed', 'in_review'];
export const isTerminal = (status: TaskStatus) => status === 'done' || status === 'cancelled';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const prioritySchema = z.enum(PRIORITIES);
export type Priority = (typeof PRIORITIES)[number];

/** Who may claim an unassigned task. */
export const CANDIDATE_ROLES = ['office_staff', 'office_lead'] as const;
export const candidateRoleSchema = z.enum(CANDIDATE_ROLES);
export type CandidateRole = (typeof CANDIDATE_ROLES)[number];

/**
 * One value of a data request's answer. A value may instead be a statistics
 * placeholder (`status`: none "-", unknown ".", secret "x"); breakdown, area
 * and case count say which cell it is and let small numbers be suppressed.
 */
const dataPointSchema = z
  .strictObject({
    indicator: text(200),
    period: text(50),
    value: z.number({ error: 'must be a number' }).finite().optional(),
    status: z.enum(VALUE_STATUSES).optional(),
    breakdown: breakdownSchema.optional(),
    area: optionalText(200),
    caseCount: z.number({ error: 'must be a number' }).int().min(0).optional(),
    unit: optionalText(50),
    source: optionalText(200),
  })
  .superRefine(refineValueOrPlaceholder);

export const TASK_OUTPUT_SCHEMAS = {
  consult: z.strictObject({ notes: text(5000), actors: z.array(text(200)).min(1, { error: 'must name at least one actor' }).max(50) }),
  options: z.strictObject({
    title: text(200),
    description: text(5000),
    cost: z.number({ error: 'must be a number' }).finite().min(0, { error: 'must be 0 or more' }).optional(),
    resources: optionalText(2000),
    expectedEffect: optionalText(2000),
  }),
  'data-request': z.strictObject({
    points: z.array(dataPointSchema).min(1, { error: 'must contain at least one value' }).max(2000),
    /** The file the values were imported from, when the answer was an upload. */
    fileName: optionalText(255),
    note: optionalText(2000),
  }),
  'compile-dossier': z.strictObject({ summary: text(10000) }),
  implement: z.strictObject({ summary: text(10000) }),
  'progress-report': z.strictObject({ text: text(5000), percent: z.number({ error: 'must be a number' }).int().min(0).max(100).optional() }),
  evaluate: z.strictObject({ summary: text(10000) }),
  'release-data': z.strictObject({ summary: text(10000) }),
  general: z.strictObject({ note: optionalText(5000) }),
} satisfies Record<TaskType, z.ZodType>;

export type TaskOutputs = { [T in TaskType]: z.infer<(typeof TASK_OUTPUT_SCHEMAS)[T]> };
export type TaskYield = 'option' | 'data' | 'progress';

export interface TaskTypeInfo {
  review: boolean;
  yields: TaskYield | null;
}

export const TASK_TYPE_INFO: Readonly<Record<TaskType, TaskTypeInfo>> = {
  consult: { review: false, yields: null },
  options: { review: false, yields: 'option' },
  'data-request': { review: true, yields: 'data' },
  'compile-dossier': { review: true, yields: null },
  implement: { review: false, yields: null },
  'progress-report': { review: false, yields: 'progress' },
  evaluate: { review: false, yields: null },
  'release-data': { review: true, yields: null },
  general: { review: false, yields: null },
};
