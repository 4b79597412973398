import { isGrpcServiceError, ServiceError } from '@temporalio/client';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import mongoose from 'mongoose';
import { AppError, NotFoundError } from '../domain/errors';
import type { Logger } from 'pino';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  [extra: string]: unknown;
}

export function problemOf(status: number, code: string, detail: string, extras: Record<string, unknown> = {}): Problem {
  // Extras add members; they never replace the standard ones.
  return { ...extras, type: `https://mandate-engine.example/problems/${code}`, title: TITLES[status] ?? 'Error', status, detail, code };
}

/** Unknown API paths get a problem too, never Express's HTML page. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`No such endpoint: ${req.method} ${req.path}`));
};

/** Body-parser errors carry an HTTP status and a `type`; they are the client's fault. */
interface HttpLikeError {
  status?: number;
  type?: string;
}

const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

/**
 * Temporal or MongoDB cannot be reached right now. The request changed
 * nothing that the client cannot safely retry (with the same Idempotency-Key).
 */
function isBackendUnavailable(error: unknown): boolean {
  const grpc = error instanceof ServiceError ? error.cause : error;
  if (isGrpcServiceError(grpc) && (grpc.code === GRPC_UNAVAILABLE || grpc.code === GRPC_DEADLINE_EXCEEDED)) return true;
  return error instanceof mongoose.mongo.MongoServerSelectionError || error instanceof mongoose.mongo.MongoNetworkError;
}

/**
 * The one error handler: AppErrors become their problem+json, malformed bodies
 * a 400, anything else a 500 that is logged with the request id and says nothing
 * of its internals.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const requestId = String(res.locals.requestId ?? '');
    let problem: Problem;
    if (error instanceof AppError) {
      problem = problemOf(error.status, error.code, error.message, error.extras);
    } else if ((error as HttpLikeError).type === 'entity.parse.failed') {
      problem = problemOf(400, 'malformed_json', 'The request body is not valid JSON.');
    } else if ((error as HttpLikeError).type === 'entity.too.large') {
      problem = problemOf(413, 'payload_too_large', 'The request body is too large.');
    } else if ((error as HttpLikeError).status === 400) {
      problem = problemOf(400, 'bad_request', 'The request could not be read.');
    } else if (isBackendUnavailable(error)) {
      logger.warn({ err: error, requestId }, 'backend unavailable');
      res.setHeader('Retry-After', '5');
      problem = problemOf(
        503,
        'service_unavailable',
        'The service is briefly unavailable. Please retry in a few seconds; retries with the same Idempotency-Key are safe.',
      );
    } else {
      logger.error({ err: error, requestId, method: req.method, path: req.path }, 'unhandled error');
      problem = problemOf(500, 'internal_error', 'Something went wrong on our side. Please try again; if it persists, report the request id.');
    }
    res
      .status(problem.status)
      .type('application/problem+json')
      .json({ ...problem, instance: req.originalUrl, requestId });
  };
}
