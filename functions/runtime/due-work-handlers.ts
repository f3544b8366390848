import type { DueWorkHandlers } from '#domain/due-work-dispatcher';
import { type PairingWorkDependencies, pairingWorkHandlers } from '#domain/pairing-work';

/**
 * Work kinds the dispatcher knows, by name. Features register theirs here. Work of an unknown
 * kind is parked and reported, never silently dropped.
 */
export function dueWorkHandlers(pairing: PairingWorkDependencies): DueWorkHandlers {
  return { ...pairingWorkHandlers(pairing) };
}
