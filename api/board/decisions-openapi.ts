import { z } from 'zod';
import { editImplementationItemSchema, implementationItemSchema } from '../../domain/board/implementation';
import { json, keyHeader, pathParam as path, problem, queryParams as query } from '../openapi-parts';
import { correctionSchema, langQuerySchema, listQuerySchema } from './decisions-router';

const decision = {
  description: 'The decision record (number, subject, text, rationale, votes, dissent, decidedAt, corrects, correctionReason, …) with correctedBy and items',
};
const item = { description: 'The implementation item with its traffic light (light) and its task’s status (taskStatus)' };
const errors = {
  401: problem('Not logged in'),
  403: problem('Not a member of the region, or the role does not allow it'),
  404: problem('Unknown decision or implementation item (also one of another region or decision)'),
};
const invalid = (fields: string) => ({ 422: problem(`Invalid fields; names each (${fields})`) });
const region = path('regionId');
const id = path('decisionId');
const body = (schema: z.ZodType) => ({ required: true, content: json(schema) });
const pdf = (description: string) => ({ description, content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } });

/** OpenAPI paths of the board's decision records, their corrections and implementation items, and the status report. */
export function decisionPaths() {
  const base = '/api/regions/{regionId}/decisions/{decisionId}';
  return {
    '/api/regions/{regionId}/decisions': {
      get: {
        operationId: 'decisions-list',
        summary: 'Decision records of the region, newest number first, by year, mandate or meeting (every member of the region)',
        parameters: [region, ...query(listQuerySchema)],
        responses: { 200: { description: '{items: decision records}' }, 401: errors[401], 403: errors[403], ...invalid('year, mandateId, meetingId') },
      },
    },
    [base]: {
      get: {
        operationId: 'decisions-get',
        summary: 'One decision record with the ids of its corrections and its implementation items (every member of the region)',
        parameters: [region, id],
        responses: { 200: decision, ...errors },
      },
    },
    [`${base}/pdf`]: {
      get: {
        operationId: 'decisions-pdf',
        summary: 'The decision record as a PDF, in German or English (every member of the region)',
        parameters: [region, id, ...query(langQuerySchema)],
        responses: { 200: pdf('The decision record'), ...errors, ...invalid('lang') },
      },
    },
    [`${base}/corrections`]: {
      post: {
        operationId: 'decisions-correct',
        summary: 'Correct the text, rationale or dissent of the latest version by a new record that names the reason (board chair, office lead)',
        parameters: [region, id],
        requestBody: body(correctionSchema),
        responses: {
          201: { ...decision, headers: { Location: { description: 'The new record’s URL', schema: { type: 'string' } } } },
          ...errors,
          409: problem('The decision has been corrected already; correct the latest version (decision_corrected)'),
          ...invalid('text (nothing_to_correct), rationale, dissent.N.memberId (not_a_member), dissent.N.text, reason'),
        },
      },
    },
    [`${base}/items`]: {
      post: {
        operationId: 'decisions-add-item',
        summary: 'Add an implementation item; starts a task for the person responsible (board chair, office lead)',
        parameters: [region, id, keyHeader],
        requestBody: body(implementationItemSchema),
        responses: {
          201: item,
          ...errors,
          409: problem('The decision’s mandate closed meanwhile (mandate_closed)'),
          ...invalid('title, responsibleId (not_a_member), dueDate (not_in_past, too_far)'),
        },
      },
    },
    [`${base}/items/{itemId}`]: {
      patch: {
        operationId: 'decisions-edit-item',
        summary: 'Change an implementation item’s due date or delay reason (office staff, or the person responsible)',
        parameters: [region, id, path('itemId')],
        requestBody: body(editImplementationItemSchema),
        responses: { 200: item, ...errors, ...invalid('delayReason, dueDate (not_in_past, too_far)') },
      },
    },
    '/api/regions/{regionId}/implementation-report': {
      get: {
        operationId: 'implementation-report',
        summary: 'The status report of the implementation of decisions as of today, with traffic lights (every member of the region)',
        parameters: [region],
        responses: {
          200: { description: '{regionId, regionName, boardName, generatedAt, today, yellowDays, counts, entries: [{decision, items}]}' },
          401: errors[401],
          403: errors[403],
        },
      },
    },
    '/api/regions/{regionId}/implementation-report.pdf': {
      get: {
        operationId: 'implementation-report-pdf',
        summary: 'The status report as a PDF, in German or English (every member of the region)',
        parameters: [region, ...query(langQuerySchema)],
        responses: { 200: pdf('The status report'), 401: errors[401], 403: errors[403], ...invalid('lang') },
      },
    },
  };
}
