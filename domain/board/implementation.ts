import { z } from 'zod';
import { calendarDate, text } from '../fields';
import { addDays } from '../time';
import type { TrafficLight } from './types';

/**
 * Beschlusskontrolle: the traffic light of an implementation item, read
 * from its office task and due date. Dates are Berlin calendar dates
 * (YYYY-MM-DD), which compare correctly as strings.
 */
export function trafficLight(item: { dueDate: string }, taskStatus: string, today: string, yellowDays: number): TrafficLight {
  // The task carries the work: once it is finished (or called off) the due date no longer matters.
  if (taskStatus === 'done' || taskStatus === 'cancelled') return 'done';
  if (item.dueDate < today) return 'red';
  if (item.dueDate <= addDays(today, yellowDays)) return 'yellow';
  return 'green';
}

/** `POST /decisions/:decisionId/items`. */
export const implementationItemSchema = z.strictObject({
  title: text(200),
  responsibleId: text(100),
  dueDate: calendarDate,
});
export type ImplementationItemInput = z.infer<typeof implementationItemSchema>;

/** `PATCH /decisions/:decisionId/items/:itemId`: null or an empty text clears the delay reason. */
export const editImplementationItemSchema = z.strictObject({
  delayReason: z
    .string()
    .trim()
    .max(2000)
    .transform((reason) => (reason === '' ? null : reason))
    .nullable()
    .optional(),
  dueDate: calendarDate.optional(),
});
export type EditImplementationItemInput = z.infer<typeof editImplementationItemSchema>;
