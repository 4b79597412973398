import cookieParser from 'cookie-parser';
import { Router, type Request, type Response } from 'express';
import { ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors';
import { parseOrThrow } from '../../domain/fields';
import { effectiveRoles, type Actor, type Role } from '../../domain/roles';
import { AREA_NAMES, customIndicatorDefinition, customIndicatorSchema } from '../../domain/monitoring/catalogue';
import {
  assertValue,
  breakdownKey,
  cellKey,
  comparePeriods,
  monitoringSettingsSchema,
  presentValue,
  targetSchema,
  valueEntrySchema,
} from '../../domain/monitoring/values';
import type { IndicatorDefinition } from '../../domain/monitoring/types';
import {
  createCustomIndicator,
  discardImport,
  findImport,
  getMonitoringSettings,
  insertManualValue,
  manualEntryExists,
  manualEntryId,
  listImports,
  listIndicators,
  loadValues,
  setIndicatorTarget,
  setMonitoringSettings,
  type ImportRecord,
} from '../../store/monitoring';
import { deleteChunks } from '../../store/attachments';
import { findRegionName } from '../../store/users';
import { commitImport, reanalyse, remap, startImport, type ImportScope } from '../../monitoring/imports';
import { followUpTasks } from '../../monitoring/follow-up';
import { indicatorChart, presentedValues } from '../../monitoring/series';
import { csvCell } from '../../reports/csv';
import { actorInRegion, authenticate, callerOf } from '../auth/authenticate';
import { uploadReader } from '../attachments/router';
import type { ApiContext } from '../context';
import { TaskWorkflows } from '../tasks/workflow-client';
import { idempotencyKey } from '../mandates/router';
import { chartQuerySchema, historyQuerySchema, importQuerySchema, langQuerySchema, provenanceSchema, remapSchema } from './schemas';
import { DataRequests, providerOrMember } from './data-requests';

const param = (req: Request, name: string) => (req.params as Record<string, string>)[name] as string;
const regionOf = (req: Request) => param(req, 'regionId');

function requireRole(actor: Actor, role: Role, message: string): void {
  if (!effectiveRoles(actor.roles).has(role)) throw new ForbiddenError(message);
}

export const requireOffice = (actor: Actor) => requireRole(actor, 'office_staff', 'Only office staff enter and import monitoring data.');
const requireLead = (actor: Actor) => requireRole(actor, 'office_lead', 'Only the office lead changes the catalogue.');

/** Starts the office lead's review tasks for a release of new values (once per release and indicator). */
export async function startFollowUps(ctx: ApiContext, regionId: string, releaseId: string, values: Parameters<typeof followUpTasks>[4]): Promise<void> {
  const workflows = new TaskWorkflows(ctx.temporal, ctx.config.temporal.taskQueue);
  const catalogue = await listIndicators(ctx.models, regionId);
  for (const task of await followUpTasks(ctx.models, regionId, releaseId, catalogue, values, new Date().toISOString())) {
    await workflows.createStandalone(task);
  }
}

/**
 * Upload of statistics files: mounted before the API's JSON parser (the body
 * is the file), like attachments. A data provider may upload only for a data
 * request they hold.
 */
export function importUploadRouter(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  const readUpload = uploadReader(ctx.config.importMaxBytes);
  const requests = new DataRequests(ctx);

  router.post('/imports', cookieParser(), authenticate(ctx), async (req, res) => {
    const regionId = regionOf(req);
    const query = parseOrThrow(importQuerySchema, req.query);
    const scope = query.taskId ? await requests.scopeForUpload(callerOf(res), regionId, query.taskId) : null;
    const actor = scope ? scope.actor : actorInRegion(callerOf(res), regionId);
    if (!scope) requireOffice(actor);
    const content = await readUpload(req, res);
    if (content.length === 0) throw new ValidationError([{ field: 'body', code: 'empty', message: 'the file is empty' }]);
    const record = await startImport(
      ctx.models,
      {
        regionId,
        fileName: query.fileName,
        contentType: req.get('content-type') ?? 'application/octet-stream',
        content,
        taskId: query.taskId ?? null,
        createdBy: { id: actor.id, name: actor.name },
      },
      scope?.scope ?? (await regionScope(ctx, regionId)),
      new Date().toISOString(),
    );
    res.status(201).location(`${req.baseUrl}/imports/${record.id}`).json(presentImport(record));
  });
  return router;
}

async function regionScope(ctx: ApiContext, regionId: string): Promise<ImportScope> {
  const [catalogue, settings] = await Promise.all([listIndicators(ctx.models, regionId), getMonitoringSettings(ctx.models, regionId)]);
  return { catalogue, settings, indicatorKey: null, allowedPeriods: null };
}

export function presentImport(record: ImportRecord) {
  const { preview } = record;
  return {
    id: record.id,
    fileName: record.fileName,
    status: record.status,
    format: preview.format,
    encoding: preview.encoding,
    delimiter: preview.delimiter,
    sheet: preview.sheet,
    rowCount: preview.rowCount,
    rows: preview.rows,
    headers: preview.headers,
    mapping: record.mapping,
    valueCount: preview.valueCount,
    sample: preview.sample,
    issues: preview.issues,
    canCommit: record.status === 'preview' && preview.issues.length === 0 && preview.valueCount > 0,
    taskId: record.taskId,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    committedAt: record.committedAt,
    written: record.written,
  };
}

/** Everything else of monitoring under /api/regions/:regionId. */
export function monitoringRouter(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  const auth = authenticate(ctx);
  const requests = new DataRequests(ctx);

  async function indicatorOf(regionId: string, key: string): Promise<IndicatorDefinition> {
    const indicator = (await listIndicators(ctx.models, regionId)).find((i) => i.key === key);
    if (!indicator) throw new NotFoundError(`No indicator '${key}' in the catalogue of region '${regionId}'.`);
    return indicator;
  }

  /** The mandates of the region that name an indicator. */
  async function mandatesNaming(regionId: string): Promise<Map<string, { id: string; title: string; phase: string }[]>> {
    const docs = await ctx.models.Mandate.find({ regionId }, { snapshot: 1 }).lean();
    const byKey = new Map<string, { id: string; title: string; phase: string }[]>();
    for (const doc of docs) {
      const m = doc.snapshot as { id: string; title: string; phase: string; indicators: string[] };
      for (const key of m.indicators) byKey.set(key, [...(byKey.get(key) ?? []), { id: m.id, title: m.title, phase: m.phase }]);
    }
    return byKey;
  }

  router.get('/indicators', auth, async (req, res) => {
    const regionId = regionOf(req);
    actorInRegion(callerOf(res), regionId);
    const [catalogue, settings, values, mandates] = await Promise.all([
      listIndicators(ctx.models, regionId),
      getMonitoringSettings(ctx.models, regionId),
      loadValues(ctx.models, regionId),
      mandatesNaming(regionId),
    ]);
    const items = catalogue.map((indicator) => {
      const totals = values.current.filter((v) => v.indicatorKey === indicator.key && v.breakdownKey === 'total' && v.area === settings.defaultArea);
      const latest = totals.sort((a, b) => comparePeriods(a.period, b.period)).at(-1);
      return { ...indicator, latest: latest ? presentValue(latest, indicator, settings) : null, mandates: mandates.get(indicator.key) ?? [] };
    });
    res.json({ items, areas: Object.keys(AREA_NAMES) });
  });

  router.post('/indicators', auth, async (req, res) => {
    const regionId = regionOf(req);
    const actor = actorInRegion(callerOf(res), regionId);
    requireLead(actor);
    const definition = customIndicatorDefinition(parseOrThrow(customIndicatorSchema, req.body));
    await createCustomIndicator(ctx.models, regionId, definition, new Date().toISOString());
    res
      .status(201)
      .location(`${req.baseUrl}/indicators/${definition.key}`)
      .json(await indicatorOf(regionId, definition.key));
  });

  router.put('/indicators/:key/target', auth, async (req, res) => {
    const regionId = regionOf(req);
    requireLead(actorInRegion(callerOf(res), regionId));
    const indicator = await indicatorOf(regionId, param(req, 'key'));
    const target = parseOrThrow(targetSchema, req.body);
    await setIndicatorTarget(ctx.models, regionId, indicator.key, { value: target.value, period: target.period ?? null }, new Date().toISOString());
    res.json(await indicatorOf(regionId, indicator.key));
  });

  router.delete('/indicators/:key/target', auth, async (req, res) => {
    const regionId = regionOf(req);
    requireLead(actorInRegion(callerOf(res), regionId));
    const indicator = await indicatorOf(regionId, param(req, 'key'));
    await setIndicatorTarget(ctx.models, regionId, indicator.key, null, new Date().toISOString());
    res.json(await indicatorOf(regionId, indicator.key));
  });

  router.get('/indicators/:key', auth, async (req, res) => {
    const regionId = regionOf(req);
    actorInRegion(callerOf(res), regionId);
    const indicator = await indicatorOf(regionId, param(req, 'key'));
    const [values, settings, mandates] = await Promise.all([
      presentedValues(ctx.models, regionId, indicator),
      getMonitoringSettings(ctx.models, regionId),
      mandatesNaming(regionId),
    ]);
    res.json({
      indicator,
      values,
      mandates: mandates.get(indicator.key) ?? [],
      settings: { suppressionThreshold: settings.suppressionThreshold, defaultArea: settings.defaultArea },
    });
  });

  async function chartOf(req: Request, res: Response) {
    const regionId = regionOf(req);
    actorInRegion(callerOf(res), regionId);
    const query = parseOrThrow(chartQuerySchema, req.query);
    const indicator = await indicatorOf(regionId, param(req, 'key'));
    return indicatorChart(ctx.models, {
      regionId,
      regionName: await findRegionName(ctx.models, regionId),
      indicator,
      dimension: query.dimension ?? null,
      compare: query.compare,
      lang: query.lang,
      area: query.area,
    });
  }

  router.get('/indicators/:key/chart', auth, async (req, res) => {
    res.json(await chartOf(req, res));
  });

  router.get('/indicators/:key/chart.svg', auth, async (req, res) => {
    const { svg } = await chartOf(req, res);
    res.type('image/svg+xml').set('Cache-Control', 'private, no-store').send(svg);
  });

  router.get('/indicators/:key/history', auth, async (req, res) => {
    const regionId = regionOf(req);
    actorInRegion(callerOf(res), regionId);
    const indicator = await indicatorOf(regionId, param(req, 'key'));
    const query = parseOrThrow(historyQuerySchema, req.query);
    const settings = await getMonitoringSettings(ctx.models, regionId);
    const cell = cellKey({ period: query.period, breakdownKey: query.breakdownKey, area: query.area ?? settings.defaultArea });
    const { all } = await loadValues(ctx.models, regionId, indicator.key);
    const items = all
      .filter((v) => cellKey(v) === cell)
      .reverse()
      .map((v) => ({
        ...presentValue(v, indicator, settings),
        origin: v.origin,
        enteredBy: v.enteredBy,
        createdAt: v.createdAt,
        note: v.note,
        fileName: v.fileName,
        territorialStatus: v.territorialStatus,
        taskId: v.taskId,
      }));
    res.json({ items });
  });

  router.post('/indicators/:key/values', auth, async (req, res) => {
    const regionId = regionOf(req);
    const actor = actorInRegion(callerOf(res), regionId);
    requireOffice(actor);
    const indicator = await indicatorOf(regionId, param(req, 'key'));
    const entry = parseOrThrow(valueEntrySchema, req.body);
    assertValue(indicator, entry);
    const settings = await getMonitoringSettings(ctx.models, regionId);
    const value = {
      indicatorKey: indicator.key,
      period: entry.period,
      breakdown: entry.breakdown ?? {},
      area: entry.area ?? settings.defaultArea,
      value: entry.value ?? null,
      status: entry.status ?? 'value',
      caseCount: entry.caseCount ?? null,
    };
    const key = idempotencyKey(req);
    const entryId = manualEntryId(key ? { regionId, userId: actor.id, idempotencyKey: key } : undefined);
    // A retry of an entry already made answers with it, before the checks its own first write would now fail.
    const retried = key !== undefined && (await manualEntryExists(ctx.models, entryId, indicator.key));
    const cell = cellKey({ ...value, breakdownKey: breakdownKey(value.breakdown) });
    const existing = (await loadValues(ctx.models, regionId, indicator.key)).current.some((v) => cellKey(v) === cell);
    if (existing && !entry.note && !retried) {
      throw new ValidationError([{ field: 'note', code: 'required', message: 'is required for a correction: say why the value changes' }]);
    }
    const at = new Date().toISOString();
    const id = await insertManualValue(
      ctx.models,
      regionId,
      value,
      {
        source: entry.source,
        referenceDate: entry.referenceDate ?? null,
        territorialStatus: entry.territorialStatus ?? null,
        origin: 'manual',
        enteredBy: { id: actor.id, name: actor.name },
        fileName: null,
        taskId: null,
        note: entry.note ?? null,
      },
      at,
      entryId,
    );
    await startFollowUps(ctx, regionId, id, [value]);
    const saved = (await loadValues(ctx.models, regionId, indicator.key)).all.find((v) => v.id === id);
    if (!saved) throw new Error(`value ${id} not found after writing it`);
    res.status(201).json(presentValue(saved, indicator, settings));
  });

  router.get('/indicators/:key/export.csv', auth, async (req, res) => {
    const regionId = regionOf(req);
    actorInRegion(callerOf(res), regionId);
    const { lang } = parseOrThrow(langQuerySchema, req.query);
    const indicator = await indicatorOf(regionId, param(req, 'key'));
    const values = (await presentedValues(ctx.models, regionId, indicator)).filter((v) => !v.suppressed);
    const decimal = (n: number) => (lang === 'de' ? String(n).replace('.', ',') : String(n));
    const header =
      lang === 'de'
        ? ['Indikator', 'Zeitraum', 'Aufschlüsselung', 'Gebiet', 'Wert', 'Status', 'Quelle', 'Stichtag']
        : ['Indicator', 'Period', 'Breakdown', 'Area', 'Value', 'Status', 'Source', 'Reference date'];
    const rows = values.map((v) => [
      indicator.key,
      v.period,
      v.breakdownKey,
      v.area,
      v.value === null ? '' : decimal(v.value),
      v.status,
      v.source,
      v.referenceDate ?? '',
    ]);
    const csv = [header, ...rows].map((row) => row.map(csvCell).join(';')).join('\r\n');
    res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${indicator.key}.csv"`).send(`\uFEFF${csv}\r\n`);
  });

  router.get('/monitoring-settings', auth, async (req, res) => {
    actorInRegion(callerOf(res), regionOf(req));
    res.json(await getMonitoringSettings(ctx.models, regionOf(req)));
  });

  router.put('/monitoring-settings', auth, async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    const own = effectiveRoles(actor.roles);
    if (!own.has('office_lead') && !own.has('admin')) throw new ForbiddenError('Only the office lead or an admin changes monitoring settings.');
    const settings = parseOrThrow(monitoringSettingsSchema, req.body);
    await setMonitoringSettings(ctx.models, regionOf(req), settings);
    res.json(settings);
  });

  // ------------------------------------------------------------ imports

  async function importOf(req: Request, res: Response): Promise<{ record: ImportRecord; actor: Actor; scope: ImportScope }> {
    const regionId = regionOf(req);
    const record = await findImport(ctx.models, regionId, param(req, 'importId'));
    if (record.taskId) {
      const { actor, scope } = await requests.scopeForUpload(callerOf(res), regionId, record.taskId);
      if (record.createdBy.id !== actor.id && !effectiveRoles(actor.roles).has('office_staff')) throw new ForbiddenError('This import is not yours.');
      return { record, actor, scope };
    }
    const actor = actorInRegion(callerOf(res), regionId);
    requireOffice(actor);
    return { record, actor, scope: await regionScope(ctx, regionId) };
  }

  router.get('/imports', auth, async (req, res) => {
    requireOffice(actorInRegion(callerOf(res), regionOf(req)));
    res.json({ items: (await listImports(ctx.models, regionOf(req))).map(presentImport) });
  });

  router.get('/imports/:importId', auth, async (req, res) => {
    const { record } = await importOf(req, res);
    res.json(presentImport(record));
  });

  router.put('/imports/:importId/mapping', auth, async (req, res) => {
    const { record, scope } = await importOf(req, res);
    const { mapping } = parseOrThrow(remapSchema, req.body);
    if (record.status !== 'preview') throw new ValidationError([{ field: 'mapping', code: 'import_closed', message: `the import is ${record.status}` }]);
    const preview = await remap(ctx.models, record, scope, mapping);
    res.json(presentImport({ ...record, mapping, preview }));
  });

  router.post('/imports/:importId/commit', auth, async (req, res) => {
    const { record, actor, scope } = await importOf(req, res);
    if (record.taskId) {
      // A data request's file answers the request: its values count once the office approved the answer.
      const answered = await requests.answerWithImport(callerOf(res), regionOf(req), record, scope, req.body);
      res.json({ ...presentImport(await findImport(ctx.models, regionOf(req), record.id)), request: answered });
      return;
    }
    const provenance = parseOrThrow(provenanceSchema, req.body ?? {});
    if (record.status === 'committed') {
      // A retried commit: the values are there; the follow-ups (whose ids come from the release) may not be.
      const { values } = await reanalyse(ctx.models, record, scope, null);
      await startFollowUps(ctx, regionOf(req), record.id, values);
      res.json(presentImport(record));
      return;
    }
    const at = new Date().toISOString();
    const { values } = await commitImport(
      ctx.models,
      record,
      scope,
      {
        source: provenance.source,
        referenceDate: provenance.referenceDate ?? null,
        territorialStatus: provenance.territorialStatus ?? null,
        enteredBy: { id: actor.id, name: actor.name },
      },
      at,
    );
    await startFollowUps(ctx, regionOf(req), record.id, values);
    res.json(presentImport(await findImport(ctx.models, regionOf(req), record.id)));
  });

  router.delete('/imports/:importId', auth, async (req, res) => {
    const { record } = await importOf(req, res);
    // 409 unless it is a preview nobody is committing; a committed import is corrected value by value instead.
    await discardImport(ctx.models, record.id);
    await deleteChunks(ctx.models, record.id);
    res.status(204).end();
  });

  // ------------------------------------------------------------ data requests

  router.get('/data-requests', auth, async (req, res) => {
    res.json({ items: await requests.list(callerOf(res), regionOf(req)) });
  });

  router.post('/data-requests', auth, async (req, res) => {
    const created = await requests.create(callerOf(res), regionOf(req), req.body, idempotencyKey(req));
    res.status(201).location(`${req.baseUrl}/data-requests/${created.id}`).json(created);
  });

  router.get('/data-requests/:taskId', auth, async (req, res) => {
    const { task, actor } = await providerOrMember(ctx, callerOf(res), regionOf(req), param(req, 'taskId'));
    res.json(await requests.present(task, actor));
  });

  router.post('/data-requests/:taskId/answer', auth, async (req, res) => {
    res.json(await requests.answer(callerOf(res), regionOf(req), param(req, 'taskId'), req.body));
  });

  return router;
}
