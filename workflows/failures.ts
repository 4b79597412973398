import { ApplicationFailure } from '@temporalio/workflow';
import { AppError } from '../domain/errors';

/** Domain errors leave a workflow as ApplicationFailures typed by their code; the API maps them back. */
export function toFailure(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  return ApplicationFailure.create({
    type: error.code,
    message: error.message,
    nonRetryable: true,
    details: [{ status: error.status, extras: error.extras }],
  });
}
