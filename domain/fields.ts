import { z } from 'zod';
import type { Action } from './phases';
import { ValidationError, type FieldError } from './errors';

/** Field schemas shared by the API's request schemas and the workflow's validators. */
export const text = (max: number) => z.string().trim().min(1, { error: 'must not be empty' }).max(max);
export const optionalText = (max: number) => text(max).optional();

/** A calendar date, YYYY-MM-DD, that exists (no 2026-02-30). */
export const calendarDate = z.iso.date({ error: 'must be a date in the form YYYY-MM-DD' });

/** An instant, already normalised to UTC ISO 8601 by the caller. */
export const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });

export const createMandateSchema = z.strictObject({
  title: text(200),
  actionField: text(200),
  question: text(5000),
  goals: z.array(text(500)).min(1, { error: 'must name at least one goal' }).max(30),
  dueDate: calendarDate,
  indicators: z.array(text(200)).max(50).optional(),
});
export type CreateMandateInput = z.infer<typeof createMandateSchema>;

const VOTE_CHOICES = ['yes', 'no', 'abstain', 'option', 'revise', 'reject'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];
export const APPROVAL_CHOICES: readonly VoteChoice[] = ['yes', 'no', 'abstain'];
export const DECISION_CHOICES: readonly VoteChoice[] = ['option', 'revise', 'reject', 'abstain'];

const voteSchema = z.strictObject({ choice: z.enum(VOTE_CHOICES), optionId: text(100).optional() }).superRefine((vote, ctx) => {
  if (vote.choice === 'option' && !vote.optionId) {
    ctx.addIssue({ code: 'custom', path: ['optionId'], message: 'is required when choice is "option"', params: { code: 'required' } });
  }
  if (vote.choice !== 'option' && vote.optionId !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['optionId'], message: 'is only allowed when choice is "option"', params: { code: 'not_allowed' } });
  }
});

/** Payload schemas per action, after the API has normalised dates to UTC instants. */
export const actionPayloadSchemas = {
  submit: z.strictObject({
    voteDeadline: instant.optional(),
    voteMode: z.enum(['written', 'meeting']).optional(),
    secret: z.boolean().optional(),
    /** The meeting and agenda item the board votes in (the API checks that the item is this mandate's). */
    meetingId: text(100).optional(),
    itemId: text(100).optional(),
  }),
  vote: voteSchema,
  'extend-vote': z.strictObject({ deadline: instant }),
  'add-option': z.strictObject({
    title: text(200),
    description: text(5000),
    cost: z.number().finite().min(0, { error: 'must be 0 or more' }).optional(),
    resources: optionalText(2000),
    expectedEffect: optionalText(2000),
  }),
  'record-data': z.strictObject({
    indicator: text(200),
    period: text(50),
    value: z.number({ error: 'must be a number' }).finite(),
    unit: optionalText(50),
    source: optionalText(200),
  }),
  /** `dossierHash` is set by the API (the SHA-256 of the dossier it froze), never taken from the caller. */
  'submit-dossier': z.strictObject({
    voteDeadline: instant.optional(),
    /** `meeting`: the board votes in its meeting (live, or the chair records a show of hands); default `written` (Umlaufverfahren). */
    voteMode: z.enum(['written', 'meeting']).optional(),
    /** Overrides the board's default for this vote. */
    secret: z.boolean().optional(),
    meetingId: text(100).optional(),
    itemId: text(100).optional(),
    dossierHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  }),
  'report-progress': z.strictObject({
    text: text(5000),
    percent: z.number().min(0).max(100, { error: 'must be between 0 and 100' }).optional(),
  }),
  'complete-implementation': z.strictObject({ summary: text(5000) }),
  close: z.strictObject({ evaluation: text(5000) }),
  withdraw: z.strictObject({ reason: text(2000) }),
} satisfies Record<Action, z.ZodType>;

export type ActionPayloads = { [A in Action]: z.infer<(typeof actionPayloadSchemas)[A]> };

/**
 * A stable code and parameters for each zod issue, so clients can translate:
 * `required`, `empty`, `too_small`/`too_big` (with `minimum`/`maximum` and
 * `origin`), `invalid_type` (`expected`), `invalid_format` (`format`),
 * `invalid_value` (`allowed`), `unknown_field`, or a custom rule's own code.
 */
function describeIssue(issue: z.core.$ZodIssue): Pick<FieldError, 'code' | 'params'> {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? { code: 'required' } : { code: 'invalid_type', params: { expected: issue.expected } };
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return { code: 'empty' };
      return { code: 'too_small', params: { minimum: Number(issue.minimum), origin: issue.origin } };
    case 'too_big':
      return { code: 'too_big', params: { maximum: Number(issue.maximum), origin: issue.origin } };
    case 'invalid_format':
      return { code: 'invalid_format', params: { format: issue.format } };
    case 'invalid_value':
      return { code: 'invalid_value', params: { allowed: issue.values.map(String).join(', ') } };
    case 'custom':
      return { code: String(issue.params?.code ?? 'invalid') };
    default:
      return { code: issue.code };
  }
}

/** Turns zod issues into field errors named by their path (`goals.0`, `cost`); one per unknown key. */
export function toFieldErrors(error: z.ZodError): ValidationError {
  return new ValidationError(
    error.issues.flatMap((issue): FieldError[] => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), code: 'unknown_field', message: 'is not a known field' }));
      }
      return [{ field: issue.path.length > 0 ? issue.path.join('.') : '(body)', message: issue.message, ...describeIssue(issue) }];
    }),
  );
}

/** Parses with a schema or throws a ValidationError naming each bad field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  // reportInput: tells a missing value (`required`) from one of the wrong type (`invalid_type`).
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw toFieldErrors(result.error);
  return result.data;
}

export type ActionCommand = { [A in Action]: { action: A; payload: ActionPayloads[A] } }[Action];

/** Validates an action's payload; the result is the normalised command (trimmed strings). */
export function parseActionCommand(action: Action, payload: unknown): ActionCommand {
  const schema: z.ZodType = actionPayloadSchemas[action];
  return { action, payload: parseOrThrow(schema, payload ?? {}) } as ActionCommand;
}
