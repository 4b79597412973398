import { actionPayloadSchemas, createMandateSchema } from '../domain/fields';
import { ACTIONS } from '../domain/phases';
import { attachmentPaths } from './attachments/openapi';
import { boardPaths } from './board/board-openapi';
import { decisionPaths } from './board/decisions-openapi';
import { meetingPaths } from './board/meetings-openapi';
import { votePaths } from './board/votes-openapi';
import { loginSchema } from './auth/router';
import { commentPaths } from './comments/openapi';
import { listQuerySchema } from './mandates/schemas';
import { taskPaths } from './tasks/openapi';
import { monitoringPaths } from './monitoring/openapi';
import { notificationListQuerySchema, notificationPreferencesSchema } from './notifications/schemas';
import { json, keyHeader, problem, queryParams } from './openapi-parts';

const snapshot = { description: 'The mandate', content: { 'application/json': { schema: { $ref: '#/components/schemas/Mandate' } } } };
const regionParam = { name: 'regionId', in: 'path', required: true, schema: { type: 'string' } };
const mandateParam = { name: 'mandateId', in: 'path', required: true, schema: { type: 'string' } };
const errors = {
  400: problem('Malformed JSON'),
  401: problem('Not logged in'),
  403: problem('Not a member of the region, or role not allowed'),
  404: problem('Unknown mandate (also one of another region)'),
  409: problem('Not allowed in the current phase; names the phase and the allowed actions'),
  422: problem('Invalid payload; names each field'),
};

/** The OpenAPI document, generated from the same zod schemas the API validates with. */
export function buildOpenApi() {
  const actionPaths = Object.fromEntries(
    ACTIONS.map((action) => [
      `/api/regions/{regionId}/mandates/{mandateId}/actions/${action}`,
      {
        post: {
          operationId: `action-${action}`,
          summary: `Action '${action}'`,
          parameters: [regionParam, mandateParam, keyHeader],
          requestBody: { required: true, content: json(actionPayloadSchemas[action]) },
          responses: { 200: snapshot, ...errors },
        },
      },
    ]),
  );
  const listParams = queryParams(listQuerySchema);
  return {
    openapi: '3.1.0',
    info: { title: 'mandate-engine', version: '0.1.0', description: 'Mandates of regional education networks, run as durable workflows.' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'me_session' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
            phase: { type: 'string' },
            allowedActions: { type: 'array', items: { type: 'string' } },
          },
        },
        Mandate: { type: 'object', description: 'Snapshot: phase, outcome, version, options, data, vote, decision, progress, tasks, allowedActions' },
        Task: {
          type: 'object',
          description:
            'id, regionId, mandateId, mandateTitle, type, title, description, params, required, status, priority, dueDate, dueAt, followUpDate, candidateRole, assignee, substitute, review, yields, output, reviewDecision, cancelReason, createdBy, completedBy, createdAt, updatedAt, completedAt, overdue, dueSoon, escalated, version, allowedActions',
        },
      },
    },
    security: [{ bearer: [] }, { cookie: [] }],
    paths: {
      '/api/auth/login': {
        post: {
          security: [],
          requestBody: { required: true, content: json(loginSchema) },
          responses: { 200: { description: 'user, token, csrfToken' }, 401: errors[401], 422: errors[422] },
        },
      },
      '/api/auth/logout': { post: { responses: { 204: { description: 'Logged out' }, 401: errors[401] } } },
      '/api/me': { get: { responses: { 200: { description: 'user, csrfToken' }, 401: errors[401] } } },
      '/api/me/notifications': {
        get: {
          parameters: queryParams(notificationListQuerySchema),
          responses: {
            200: {
              description: '{items: [{id, kind, regionId, taskId, mandateId, params, createdAt, readAt, link}], total, unread, page, pageSize}, newest first',
            },
            401: errors[401],
            422: errors[422],
          },
        },
      },
      '/api/me/notifications/unread-count': { get: { responses: { 200: { description: '{unread}' }, 401: errors[401] } } },
      '/api/me/notifications/{notificationId}/read': {
        post: {
          parameters: [{ name: 'notificationId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: 'The notification, with readAt' }, 401: errors[401], 404: problem("Unknown notification (also another user's)") },
        },
      },
      '/api/me/notifications/read-all': { post: { responses: { 200: { description: '{marked, unread}' }, 401: errors[401] } } },
      '/api/me/notification-preferences': {
        get: { responses: { 200: { description: "{email: 'immediate'|'digest'|'off', locale: 'de'|'en'}" }, 401: errors[401] } },
        put: {
          requestBody: { required: true, content: json(notificationPreferencesSchema) },
          responses: { 200: { description: 'The preferences after the change; fields left out keep their value' }, 401: errors[401], 422: errors[422] },
        },
      },
      '/api/regions': { get: { responses: { 200: { description: "The caller's regions" }, 401: errors[401] } } },
      '/api/regions/{regionId}/mandates': {
        get: {
          parameters: [regionParam, ...listParams],
          responses: { 200: { description: '{items, total, page, pageSize}' }, 401: errors[401], 403: errors[403], 422: errors[422] },
        },
        post: {
          parameters: [regionParam, keyHeader],
          requestBody: { required: true, content: json(createMandateSchema) },
          responses: { 201: snapshot, ...errors },
        },
      },
      '/api/regions/{regionId}/mandates/{mandateId}': {
        get: { parameters: [regionParam, mandateParam], responses: { 200: snapshot, 401: errors[401], 403: errors[403], 404: errors[404] } },
      },
      '/api/regions/{regionId}/mandates/{mandateId}/history': {
        get: {
          parameters: [regionParam, mandateParam],
          responses: { 200: { description: '{items: events}' }, 401: errors[401], 403: errors[403], 404: errors[404] },
        },
      },
      ...actionPaths,
      ...commentPaths(),
      ...attachmentPaths(),
      ...taskPaths(),
      ...monitoringPaths(),
      ...boardPaths(),
      ...votePaths(),
      ...meetingPaths(),
      ...decisionPaths(),
    },
  };
}
