import { findMandate } from './mandates';
import type { Models } from './models';
import { findTask } from './tasks';
import { findMeeting } from './meetings';

/** What comments and attachments hang on. */
export const TARGET_KINDS = ['task', 'mandate', 'meeting'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export interface TargetRef {
  kind: TargetKind;
  id: string;
}

/** A target as far as comments and attachments need it: its region, and titles for notifications. */
export interface Target extends TargetRef {
  regionId: string;
  title: string;
  taskId: string | null;
  mandateId: string | null;
  mandateTitle: string | null;
}

/** The task or mandate, read by _id; null when there is none. */
export async function findTarget(models: Models, ref: TargetRef): Promise<Target | null> {
  if (ref.kind === 'mandate') {
    const mandate = await findMandate(models, ref.id);
    if (!mandate) return null;
    return { ...ref, regionId: mandate.regionId, title: mandate.title, taskId: null, mandateId: mandate.id, mandateTitle: mandate.title };
  }
  if (ref.kind === 'meeting') {
    const meeting = await findMeeting(models, ref.id);
    if (!meeting) return null;
    return { ...ref, regionId: meeting.regionId, title: meeting.title, taskId: null, mandateId: null, mandateTitle: null };
  }
  const task = await findTask(models, ref.id);
  if (!task) return null;
  return { ...ref, regionId: task.regionId, title: task.title, taskId: task.id, mandateId: task.mandateId, mandateTitle: task.mandateTitle };
}
