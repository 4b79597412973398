import type { Request } from 'express';
import { NotFoundError } from '../domain/errors';
import type { Models } from '../store/models';
import { findTarget, type Target, type TargetRef } from '../store/targets';

/** The region from the router's path (mounted at /regions/:regionId with mergeParams). */
export const regionOf = (req: Request) => (req.params as Record<string, string>).regionId as string;

/** The task or mandate a comment or attachment belongs to; 404 also for one of another region, whose existence is not the caller's business. */
export async function loadTarget(models: Models, regionId: string, ref: TargetRef): Promise<Target> {
  const target = await findTarget(models, ref);
  if (!target || target.regionId !== regionId) throw new NotFoundError(`No ${ref.kind} '${ref.id}' in region '${regionId}'.`);
  return target;
}
