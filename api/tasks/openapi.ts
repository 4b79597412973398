import { z } from 'zod';
import { taskCommandSchemas, taskSettingsSchema, TASK_ACTIONS } from '../../domain/tasks/task';
import { taskTemplatesSchema } from '../../domain/tasks/templates';
import { absenceSchema, assigneeBodySchema, bulkSchema, createTaskSchema, inboxQuerySchema, membersQuerySchema, savedFilterSchema } from './schemas';
import { json, keyHeader, pathParam as path, problem, queryParams as query } from '../openapi-parts';

const task = {
  description: 'The task, with allowedActions for the caller',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Task' } } },
};
const errors = {
  401: problem('Not logged in'),
  403: problem('Not a member of the region, or not allowed for this person (four eyes included)'),
  404: problem('Unknown task (also one of another region)'),
  409: problem('Not allowed in the task’s status; names taskStatus and allowedActions'),
  422: problem('Invalid fields; names each'),
};

/** The body each task action takes through HTTP (persons by id). */
const actionBodies: Record<(typeof TASK_ACTIONS)[number], z.ZodType> = {
  ...taskCommandSchemas,
  assign: assigneeBodySchema.omit({ note: true }),
  delegate: assigneeBodySchema,
};

/** OpenAPI paths of the office's tasks, inbox, absences, saved filters and task settings. */
export function taskPaths() {
  const region = path('regionId');
  const actions = Object.fromEntries(
    TASK_ACTIONS.map((action) => [
      `/api/regions/{regionId}/tasks/{taskId}/actions/${action}`,
      {
        post: {
          operationId: `task-${action}`,
          summary: `Task action '${action}'`,
          parameters: [region, path('taskId'), keyHeader],
          requestBody: { required: true, content: json(actionBodies[action]) },
          responses: { 200: task, ...errors },
        },
      },
    ]),
  );
  return {
    '/api/task-types': { get: { responses: { 200: { description: '{items: [{type, review, yields, outputSchema}]}' }, 401: errors[401] } } },
    '/api/regions/{regionId}/inbox': {
      get: {
        parameters: [region, ...query(inboxQuerySchema)],
        responses: { 200: { description: '{items: Task[], total, page, pageSize, counts}' }, 401: errors[401], 403: errors[403], 422: errors[422] },
      },
    },
    '/api/regions/{regionId}/tasks': {
      post: {
        summary: 'A task by hand (office lead), on a mandate or on none',
        parameters: [region, keyHeader],
        requestBody: { required: true, content: json(createTaskSchema) },
        responses: { 201: task, ...errors },
      },
    },
    '/api/regions/{regionId}/tasks/{taskId}': { get: { parameters: [region, path('taskId')], responses: { 200: task, ...errors } } },
    '/api/regions/{regionId}/tasks/{taskId}/history': {
      get: { parameters: [region, path('taskId')], responses: { 200: { description: '{items: [{seq, at, actor, onBehalfOf, action, details}]}' }, ...errors } },
    },
    ...actions,
    '/api/regions/{regionId}/tasks/bulk/{action}': {
      post: {
        summary: 'Bulk claim or assign; one result per task',
        parameters: [region, { name: 'action', in: 'path', required: true, schema: { type: 'string', enum: ['claim', 'assign'] } }],
        requestBody: { required: true, content: json(bulkSchema) },
        responses: { 200: { description: '{results: [{taskId, ok, task | problem}], succeeded, failed}' }, ...errors },
      },
    },
    '/api/regions/{regionId}/members': {
      get: { parameters: [region, ...query(membersQuerySchema)], responses: { 200: { description: '{items: [{id, name, roles}]}' }, ...errors } },
    },
    '/api/regions/{regionId}/saved-filters': {
      get: { parameters: [region], responses: { 200: { description: '{items: [{id, name, query, createdAt}]}' }, ...errors } },
      post: {
        parameters: [region],
        requestBody: { required: true, content: json(savedFilterSchema) },
        responses: { 201: { description: 'The filter' }, ...errors },
      },
    },
    '/api/regions/{regionId}/saved-filters/{filterId}': {
      delete: { parameters: [region, path('filterId')], responses: { 204: { description: 'Deleted' }, ...errors } },
    },
    '/api/regions/{regionId}/absences': {
      get: { parameters: [region], responses: { 200: { description: '{items: [{id, user, substitute, from, until, note, active}]}' }, ...errors } },
      post: {
        parameters: [region],
        requestBody: { required: true, content: json(absenceSchema) },
        responses: { 201: { description: 'The absence' }, ...errors },
      },
    },
    '/api/regions/{regionId}/absences/{absenceId}': {
      delete: { parameters: [region, path('absenceId')], responses: { 204: { description: 'Deleted' }, ...errors } },
    },
    '/api/regions/{regionId}/task-settings': {
      get: { parameters: [region], responses: { 200: { description: '{reminderDaysBefore, escalationDaysAfter, dueSoonDays}' }, ...errors } },
      put: {
        parameters: [region],
        requestBody: { required: true, content: json(taskSettingsSchema) },
        responses: { 200: { description: 'The settings' }, ...errors },
      },
    },
    '/api/regions/{regionId}/task-templates': {
      get: { parameters: [region], responses: { 200: { description: '{preparation, implementation, evaluation}' }, ...errors } },
      put: {
        parameters: [region],
        requestBody: { required: true, content: json(taskTemplatesSchema) },
        responses: { 200: { description: 'The templates' }, ...errors },
      },
      delete: { parameters: [region], responses: { 200: { description: 'The default templates, now in force' }, ...errors } },
    },
  };
}
