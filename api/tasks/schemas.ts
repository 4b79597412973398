import { z } from 'zod';
import { calendarDate, text } from '../../domain/fields';
import { candidateRoleSchema, prioritySchema, taskTypeSchema } from '../../domain/tasks/types';
import { INBOX_SORTS, INBOX_VIEWS } from '../../store/tasks';

const id = z.string().trim().min(1, { error: 'must not be empty' }).max(100);

/** A task created by hand; either an assignee or a candidate role (default: office staff). */
export const createTaskSchema = z
  .strictObject({
    title: text(200),
    description: z.string().trim().max(5000).default(''),
    type: taskTypeSchema.default('general'),
    mandateId: id.optional(),
    assigneeId: id.optional(),
    candidateRole: candidateRoleSchema.optional(),
    priority: prioritySchema.default('normal'),
    dueDate: calendarDate,
    followUpDate: calendarDate.optional(),
    required: z.boolean({ error: 'must be true or false' }).default(false),
    indicator: text(200).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.assigneeId && input.candidateRole) {
      ctx.addIssue({ code: 'custom', path: ['candidateRole'], message: 'give either an assignee or a candidate role', params: { code: 'not_allowed' } });
    }
    if (input.required && !input.mandateId) {
      ctx.addIssue({ code: 'custom', path: ['required'], message: 'only a mandate’s task can be required', params: { code: 'not_allowed' } });
    }
  });
export type CreateTaskBody = z.infer<typeof createTaskSchema>;

/** Bodies that name a person by id; the API turns the id into the person after checking their membership. */
export const assigneeBodySchema = z.strictObject({ assigneeId: id, note: text(1000).optional() });

export const bulkSchema = z.strictObject({
  taskIds: z.array(id).min(1, { error: 'must name at least one task' }).max(100),
  assigneeId: id.optional(),
});

const inboxFields = {
  view: z.enum(INBOX_VIEWS).default('mine'),
  mandateId: id.optional(),
  type: taskTypeSchema.optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(INBOX_SORTS).default('due'),
};

export const inboxQuerySchema = z.object({
  ...inboxFields,
  page: z.coerce.number({ error: 'must be a whole number ≥ 1' }).int().min(1).default(1),
  pageSize: z.coerce.number({ error: 'must be a whole number from 1 to 100' }).int().min(1).max(100).default(25),
});

export const savedFilterSchema = z.strictObject({
  name: text(100),
  query: z.strictObject({ ...inboxFields, q: z.string().trim().max(200).optional() }),
});

export const membersQuerySchema = z.object({ role: z.enum(['board_member', 'board_chair', 'office_staff', 'office_lead', 'manager', 'admin']).optional() });

export const absenceSchema = z
  .strictObject({
    userId: id.optional(),
    substituteId: id,
    from: calendarDate,
    until: calendarDate,
    note: z.string().trim().max(500).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.until < input.from) ctx.addIssue({ code: 'custom', path: ['until'], message: 'must not be before from', params: { code: 'before_from' } });
    if (input.userId !== undefined && input.userId === input.substituteId) {
      ctx.addIssue({ code: 'custom', path: ['substituteId'], message: 'must be someone else', params: { code: 'same_person' } });
    }
  });
