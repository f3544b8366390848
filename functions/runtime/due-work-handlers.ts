import type { DueWorkHandlers } from '#domain/due-work-dispatcher';

/**
 * Work kinds the dispatcher knows, by name. Later features register theirs here (agreement
 * reminders, invites, check-ins, term ends). Work of an unknown kind is parked and reported,
 * never silently dropped.
 */
export function dueWorkHandlers(): DueWorkHandlers {
  return {};
}
