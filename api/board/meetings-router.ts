import { Router } from 'express';
import type { ApiContext } from '../context';

export function meetingsRouter(_ctx: ApiContext): Router {
  return Router({ mergeParams: true });
}
