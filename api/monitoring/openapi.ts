import { customIndicatorSchema } from '../../domain/monitoring/catalogue';
import { monitoringSettingsSchema, targetSchema, valueEntrySchema } from '../../domain/monitoring/values';
import { json, pathParam, problem, queryParams } from '../openapi-parts';
import {
  answerSchema,
  areaQuerySchema,
  chartQuerySchema,
  dataRequestSchema,
  historyQuerySchema,
  importQuerySchema,
  langQuerySchema,
  provenanceSchema,
  remapSchema,
} from './schemas';

const errors = {
  401: problem('Not logged in'),
  403: problem('Not a member of the region, a role that may not do this, or a data provider outside their own requests'),
  404: problem('Unknown indicator, import, data request or mandate (also one of another region)'),
  422: problem('Invalid fields; names each (an import with problems lists them in `issues`)'),
};
const ok = (description: string) => ({ 200: { description }, ...errors });
const file = (type: string, description: string) => ({
  200: { description, content: { [type]: { schema: { type: 'string', format: 'binary' } } } },
  ...errors,
});

/** OpenAPI paths of the education monitoring: catalogue, values, imports, data requests, dossier and reports. */
export function monitoringPaths() {
  const region = pathParam('regionId');
  const key = pathParam('key');
  const base = '/api/regions/{regionId}';
  return {
    [`${base}/indicators`]: {
      get: { parameters: [region], responses: ok('{items: [IndicatorDefinition & {latest, mandates}], areas}') },
      post: {
        summary: 'A region’s own indicator (office lead)',
        parameters: [region],
        requestBody: { required: true, content: json(customIndicatorSchema) },
        responses: { 201: { description: 'The indicator' }, ...errors },
      },
    },
    [`${base}/indicators/{key}`]: {
      get: { parameters: [region, key], responses: ok('{indicator, values: current versions (suppressed without number), mandates, settings}') },
    },
    [`${base}/indicators/{key}/target`]: {
      put: { parameters: [region, key], requestBody: { required: true, content: json(targetSchema) }, responses: ok('The indicator') },
      delete: { parameters: [region, key], responses: ok('The indicator, without target') },
    },
    [`${base}/indicators/{key}/chart`]: { get: { parameters: [region, key, ...queryParams(chartQuerySchema)], responses: ok('{chart: ChartInput, svg}') } },
    [`${base}/indicators/{key}/chart.svg`]: {
      get: { parameters: [region, key, ...queryParams(chartQuerySchema)], responses: file('image/svg+xml', 'The accessible SVG chart') },
    },
    [`${base}/indicators/{key}/history`]: {
      get: {
        parameters: [region, key, ...queryParams(historyQuerySchema)],
        responses: ok('{items: every version of the cell, newest first, with provenance}'),
      },
    },
    [`${base}/indicators/{key}/values`]: {
      post: {
        summary: 'A value or a correction (office staff; a correction needs `note`)',
        parameters: [region, key],
        requestBody: { required: true, content: json(valueEntrySchema) },
        responses: { 201: { description: 'The value as shown' }, ...errors },
      },
    },
    [`${base}/indicators/{key}/export.csv`]: {
      get: { parameters: [region, key, ...queryParams(langQuerySchema)], responses: file('text/csv', 'Current values; suppressed ones left out') },
    },
    [`${base}/monitoring-settings`]: {
      get: { parameters: [region], responses: ok('{suppressionThreshold, shareAggregates, defaultArea}') },
      put: { parameters: [region], requestBody: { required: true, content: json(monitoringSettingsSchema) }, responses: ok('The settings') },
    },
    [`${base}/imports`]: {
      get: { parameters: [region], responses: ok('{items: ImportPreview[]}, newest first') },
      post: {
        summary: 'Upload a CSV or XLSX file (raw body); nothing counts until it is committed',
        parameters: [region, ...queryParams(importQuerySchema)],
        requestBody: { required: true, content: { 'text/csv': {}, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {} } },
        responses: { 201: { description: 'ImportPreview: mapping, first rows, sample values and every issue' }, 413: problem('File too large'), ...errors },
      },
    },
    [`${base}/imports/{importId}`]: {
      get: { parameters: [region, pathParam('importId')], responses: ok('ImportPreview') },
      delete: { parameters: [region, pathParam('importId')], responses: { 204: { description: 'Discarded' }, ...errors } },
    },
    [`${base}/imports/{importId}/mapping`]: {
      put: {
        parameters: [region, pathParam('importId')],
        requestBody: { required: true, content: json(remapSchema) },
        responses: ok('ImportPreview with the mapping applied'),
      },
    },
    [`${base}/imports/{importId}/commit`]: {
      post: {
        summary: 'All or nothing: every value is stored, or none (422 with issues)',
        parameters: [region, pathParam('importId')],
        requestBody: { required: true, content: json(provenanceSchema) },
        responses: { ...ok('ImportPreview, status committed'), 409: problem('Not a preview any more') },
      },
    },
    [`${base}/data-requests`]: {
      get: { parameters: [region], responses: ok('{items: DataRequest[]} (a data provider: only their own)') },
      post: {
        summary: 'A data request to a provider (office lead)',
        parameters: [region],
        requestBody: { required: true, content: json(dataRequestSchema) },
        responses: { 201: { description: 'DataRequest' }, ...errors },
      },
    },
    [`${base}/data-requests/{taskId}`]: { get: { parameters: [region, pathParam('taskId')], responses: ok('DataRequest') } },
    [`${base}/data-requests/{taskId}/answer`]: {
      post: {
        summary: 'The holder answers; the office reviews (four eyes)',
        parameters: [region, pathParam('taskId')],
        requestBody: { required: true, content: json(answerSchema) },
        responses: ok('DataRequest, in review'),
      },
    },
    [`${base}/mandates/{mandateId}/dossier`]: {
      get: { parameters: [region, pathParam('mandateId'), ...queryParams(langQuerySchema)], responses: ok('{content, hash (SHA-256), frozen, charts}') },
    },
    [`${base}/mandates/{mandateId}/dossier.pdf`]: {
      get: { parameters: [region, pathParam('mandateId'), ...queryParams(langQuerySchema)], responses: file('application/pdf', 'The dossier as PDF') },
    },
    [`${base}/mandates/{mandateId}/evaluation-report`]: {
      get: { parameters: [region, pathParam('mandateId'), ...queryParams(langQuerySchema)], responses: ok('Before and after the decision, per indicator') },
    },
    [`${base}/mandates/{mandateId}/evaluation-report.pdf`]: {
      get: { parameters: [region, pathParam('mandateId'), ...queryParams(langQuerySchema)], responses: file('application/pdf', 'The evaluation report') },
    },
    [`${base}/education-report.pdf`]: {
      get: { parameters: [region, ...queryParams(areaQuerySchema)], responses: file('application/pdf', 'A chapter draft of the education report') },
    },
    [`${base}/education-report.csv`]: {
      get: { parameters: [region, ...queryParams(areaQuerySchema)], responses: file('text/csv', 'The chapter’s numbers; suppressed values left out') },
    },
  };
}
