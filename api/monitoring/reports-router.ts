import { Router, type Request, type Response } from 'express';
import { parseOrThrow } from '../../domain/fields';
import { dossierChart, dossierOf } from '../../monitoring/dossier';
import { educationReportChapter, evaluationReport } from '../../monitoring/reports';
import { dossierPdf, educationReportPdf, evaluationReportPdf } from '../../reports/pdf';
import { educationReportCsv } from '../../reports/csv';
import { actorInRegion, authenticate, callerOf } from '../auth/authenticate';
import type { ApiContext } from '../context';
import { loadRegionMandate } from '../mandates/router';
import { findRegionName } from '../../store/users';
import { areaQuerySchema, langQuerySchema } from './schemas';

const param = (req: Request, name: string) => (req.params as Record<string, string>)[name] as string;
const regionOf = (req: Request) => param(req, 'regionId');

function sendFile(res: Response, type: string, fileName: string, body: Buffer | string): void {
  res
    .status(200)
    .type(type)
    .set({ 'Content-Disposition': `attachment; filename="${fileName}"`, 'Cache-Control': 'private, no-store' })
    .send(body);
}

/** The decision dossier, the evaluation report and the education report chapter, as data and as PDF (and CSV). */
export function reportsRouter(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  const auth = authenticate(ctx);

  async function dossier(req: Request, res: Response) {
    const regionId = regionOf(req);
    actorInRegion(callerOf(res), regionId);
    const { lang } = parseOrThrow(langQuerySchema, req.query);
    const mandate = await loadRegionMandate(ctx.models, regionId, param(req, 'mandateId'));
    const found = await dossierOf(ctx.models, mandate, await findRegionName(ctx.models, regionId), new Date().toISOString());
    const charts = found.content.indicators.map((i) => dossierChart(i.definition, i.values, lang));
    return { ...found, charts, lang };
  }

  router.get('/mandates/:mandateId/dossier', auth, async (req, res) => {
    const { content, hash, frozen, charts } = await dossier(req, res);
    res.json({ content, hash, frozen, charts });
  });

  router.get('/mandates/:mandateId/dossier.pdf', auth, async (req, res) => {
    const { content, hash, frozen, charts, lang } = await dossier(req, res);
    sendFile(res, 'application/pdf', `dossier-${content.mandateId}.pdf`, await dossierPdf(content, charts, { hash, lang, frozen }));
  });

  async function evaluation(req: Request, res: Response) {
    const regionId = regionOf(req);
    actorInRegion(callerOf(res), regionId);
    const { lang } = parseOrThrow(langQuerySchema, req.query);
    const mandate = await loadRegionMandate(ctx.models, regionId, param(req, 'mandateId'));
    return evaluationReport(ctx.models, mandate, await findRegionName(ctx.models, regionId), lang, new Date().toISOString());
  }

  router.get('/mandates/:mandateId/evaluation-report', auth, async (req, res) => {
    res.json(await evaluation(req, res));
  });

  router.get('/mandates/:mandateId/evaluation-report.pdf', auth, async (req, res) => {
    const report = await evaluation(req, res);
    sendFile(res, 'application/pdf', `evaluation-${report.mandate.id}.pdf`, await evaluationReportPdf(report));
  });

  async function chapter(req: Request, res: Response) {
    const regionId = regionOf(req);
    actorInRegion(callerOf(res), regionId);
    const { area, lang } = parseOrThrow(areaQuerySchema, req.query);
    return educationReportChapter(ctx.models, regionId, await findRegionName(ctx.models, regionId), area, lang, new Date().toISOString());
  }

  router.get('/education-report.pdf', auth, async (req, res) => {
    const report = await chapter(req, res);
    sendFile(res, 'application/pdf', `bildungsbericht-${report.area}.pdf`, await educationReportPdf(report));
  });

  router.get('/education-report.csv', auth, async (req, res) => {
    const report = await chapter(req, res);
    sendFile(res, 'text/csv; charset=utf-8', `bildungsbericht-${report.area}.csv`, educationReportCsv(report));
  });

  return router;
}
