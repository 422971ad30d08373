import { linkPersons } from '../../src-shared/persons/link-persons';
import type { Workspace } from '../../src-main/store/workspace';

/**
 * The person keys a whole relink would store, by record id: linkPersons over every live
 * record as the workspace now holds them; NULL for a record that is its own key or vanished.
 * What a pull that links as it pages must end with (pull-persons.ts).
 */
export function relinkedKeys(ws: Workspace): Map<number, number | null> {
  const all = ws.records.scanAll();
  const keys = linkPersons(all.filter((r) => r.live));
  return new Map(all.map((r) => [r.id, keys.get(r.id) === undefined || keys.get(r.id) === r.id ? null : keys.get(r.id)!]));
}

/** The person keys the workspace stores, by record id. */
export function storedKeys(ws: Workspace): Map<number, number | null> {
  return new Map(ws.records.scanAll().map((r) => [r.id, r.personKey]));
}
