import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ACTIONS } from '../domain/phases';

const ACTION_ROUTE = '/api/regions/:regionId/mandates/:mandateId/actions/';
const ACTION_NAMES = new Set<string>(ACTIONS);

/**
 * The route pattern of a path, never the raw path: ids would explode the
 * number of series. Region and mandate ids become placeholders; an action
 * keeps its name only when it is one of ours.
 */
export function routeOf(path: string): string {
  if (!path.startsWith('/api/')) return path === '/healthz' || path === '/readyz' ? path : 'static';
  const segments = path.split('/');
  return segments
    .map((segment, i) => {
      const before = segments[i - 1];
      if (before === 'regions') return ':regionId';
      if (before === 'mandates') return ':mandateId';
      if (before === 'actions') return ACTION_NAMES.has(segment) ? segment : ':action';
      return segment;
    })
    .join('/');
}

/** Prometheus metrics of one API process: request rate, latency and outcome, and actions by result. */
export function createApiMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const actions = new Counter({
    name: 'mandate_actions_total',
    help: 'Mandate actions by action and HTTP status',
    labelNames: ['action', 'status'] as const,
    registers: [registry],
  });

  const middleware: RequestHandler = (req, res, next) => {
    const stop = requestDuration.startTimer();
    res.on('finish', () => {
      const status = String(res.statusCode);
      // originalUrl: req.path is relative to whichever router handled the request last.
      const route = res.statusCode === 404 ? 'unmatched' : routeOf(req.originalUrl.split('?')[0] ?? '/');
      stop({ method: req.method, route, status });
      const action = route.startsWith(ACTION_ROUTE) ? route.slice(ACTION_ROUTE.length) : undefined;
      if (req.method === 'POST' && action) actions.inc({ action, status });
    });
    next();
  };

  return { registry, middleware };
}

/** Serves /metrics on its own port, so it is never reachable through the public API listener. */
export async function serveMetrics(registry: Registry, port: number, host: string): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry
      .metrics()
      .then((body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body))
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
