import { Router } from 'express';
import type { ApiContext } from '../context';

export function decisionsRouter(_ctx: ApiContext): Router {
  return Router({ mergeParams: true });
}
