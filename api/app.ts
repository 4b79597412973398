import { randomUUID } from 'node:crypto';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express, type RequestHandler } from 'express';
import { attachmentsRouter } from './attachments/router';
import { authRouter, meRouter } from './auth/router';
import type { ApiContext } from './context';
import { commentsRouter } from './comments/router';
import { errorHandler, notFoundHandler } from './errors';
import { mandatesRouter } from './mandates/router';
import { notificationsRouter } from './notifications/router';
import { buildOpenApi } from './openapi';
import { regionsRouter } from './regions/router';
import { absencesRouter } from './absences/router';
import { officeWorkRouter, taskTypesRouter } from './tasks/router';
import { importUploadRouter, monitoringRouter } from './monitoring/router';
import { reportsRouter } from './monitoring/reports-router';
import { boardRouters } from './board';

const WEB_ROOT = path.resolve(__dirname, '../web');

export interface Probes {
  ready(): Promise<boolean>;
}

export function createApp(ctx: ApiContext, probes: Probes, metrics: RequestHandler): Express {
  const app = express();
  app.use(metrics);
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((req, res, next) => {
    const requestId = randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      ctx.logger.debug({ requestId, method: req.method, path: req.path, status: res.statusCode, ms, userId: res.locals.caller?.user.id }, 'request');
    });
    next();
  });
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });

  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', async (_req, res) => {
    const ready = await probes.ready();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });

  const openApi = buildOpenApi();
  const api = express.Router();
  // Before the JSON parser: an upload is a raw body of whatever type the file has.
  api.use('/regions/:regionId', attachmentsRouter(ctx));
  api.use('/regions/:regionId', importUploadRouter(ctx));
  api.use(express.json({ limit: '100kb' }));
  api.use(cookieParser());
  api.get('/openapi.json', (_req, res) => void res.json(openApi));
  api.use('/auth', authRouter(ctx));
  api.use('/me', notificationsRouter(ctx));
  api.use('/me', meRouter(ctx));
  api.use('/regions', regionsRouter(ctx));
  api.use('/regions/:regionId', commentsRouter(ctx));
  api.use('/regions/:regionId/mandates', mandatesRouter(ctx));
  api.use('/regions/:regionId/absences', absencesRouter(ctx));
  api.use('/regions/:regionId', officeWorkRouter(ctx));
  api.use('/regions/:regionId', monitoringRouter(ctx));
  api.use('/regions/:regionId', reportsRouter(ctx));
  api.use('/regions/:regionId', boardRouters(ctx));
  api.use('/task-types', taskTypesRouter(ctx));
  api.use(notFoundHandler);
  app.use('/api', api);

  app.use(
    express.static(WEB_ROOT, {
      setHeaders: (res) => {
        res.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'");
      },
    }),
  );
  app.use(errorHandler(ctx.logger));
  return app;
}
