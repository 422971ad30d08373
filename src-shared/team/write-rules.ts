import * as Y from 'yjs';
import { TEAM_DOC_NAME } from './team-doc';

/**
 * Who may write what in the team's shared documents. A Y.Doc accepts any update from
 * anyone, so without these rules a member's client could write a decision under another
 * member's key ("5:alice"), rewrite a change set someone else staged, or publish results
 * in another's name. The team server applies them to every update a member sends and
 * refuses the update whole when one entry breaks them (see team-server.ts).
 *
 * The rules, per document:
 * - a change set (`changeset/KEY`): `meta` and `rows` only by its author, whose name
 *   starts the key (`alice-12`); `decisions` only under the writer's own `row:member`
 *   key with that member inside; `comments` only under `row:member/…`, never removed;
 *   `results` only with the writer as `by`;
 * - the team doc: an index entry only by its author, under the author's key prefix;
 *   dismissals and mappings are shared decisions anyone may make or replace; the
 *   approval policy is the team's, any member may set it.
 */
export interface WriteRefusal {
  map: string;
  key: string;
  reason: string;
}

/** Where an entry lives: the root map's name and its key in that map. */
interface Place {
  map: string;
  key: string;
}

/**
 * Places of entries accepted from earlier updates that the document may not hold yet
 * (the server checks a message before applying it, and a second message can be
 * checked before the first is applied). Forgotten once the document holds them.
 */
export class AcceptedPlaces {
  private readonly places = new Map<number, { clock: number; length: number; place: Place }[]>();

  remember(id: Y.ID, length: number, place: Place): void {
    const list = this.places.get(id.client) ?? [];
    list.push({ clock: id.clock, length, place });
    this.places.set(id.client, list);
  }

  find(doc: Y.Doc, id: Y.ID): Place | undefined {
    const list = this.places.get(id.client);
    if (!list) return undefined;
    // Entries the document already holds are looked up there from now on.
    const held = Y.getState(doc.store, id.client);
    const pending = list.filter((e) => e.clock + e.length > held);
    if (pending.length === 0) this.places.delete(id.client);
    else if (pending.length !== list.length) this.places.set(id.client, pending);
    return list.find((e) => id.clock >= e.clock && id.clock < e.clock + e.length)?.place;
  }
}

/** The place of an entry the document already holds, if it is a root map's entry. */
function heldPlace(doc: Y.Doc, id: Y.ID): Place | 'unknown' | 'not-a-map-entry' {
  if (id.clock >= Y.getState(doc.store, id.client)) return 'unknown';
  const struct = Y.getItem(doc.store, id) as Y.Item | Y.GC;
  if (!(struct instanceof Y.Item)) return 'not-a-map-entry';
  const parent = struct.parent as Y.AbstractType<unknown> | null;
  if (!parent || parent._item !== null || struct.parentSub === null) return 'not-a-map-entry';
  return { map: Y.findRootTypeKey(parent), key: struct.parentSub };
}

function valueOf(item: Y.Item): Record<string, unknown> | null | undefined {
  if (item.content instanceof Y.ContentDeleted) return undefined;
  if (!(item.content instanceof Y.ContentAny)) return null;
  const value = (item.content as Y.ContentAny).arr[0];
  if (typeof value !== 'string') return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : { value };
  try {
    const parsed = JSON.parse(value) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : { value: parsed };
  } catch {
    return { value };
  }
}

/** The author a change set doc already has, or the one this update gives it. */
function authorOf(doc: Y.Doc, structs: readonly Y.Item[], places: Map<Y.Item, Place>): string | undefined {
  const held = doc.getMap('meta').get('author');
  if (typeof held === 'string') return held;
  for (const item of structs) {
    const p = places.get(item);
    if (p?.map === 'meta' && p.key === 'author' && item.content instanceof Y.ContentAny) {
      const v = (item.content as Y.ContentAny).arr[0];
      if (typeof v === 'string') return v;
    }
  }
  return undefined;
}

function changeSetKey(docName: string): string | undefined {
  return docName.startsWith('changeset/') ? docName.slice('changeset/'.length) : undefined;
}

/** What one entry written by `member` may be; a sentence when it may not. */
function writeRefusal(docName: string, place: Place, value: Record<string, unknown> | null | undefined, member: string, author: string | undefined): string | null {
  const csKey = changeSetKey(docName);
  if (docName === TEAM_DOC_NAME) {
    if (place.map === 'changeSets') {
      if (!place.key.startsWith(`${member}-`)) return `${member} cannot list a change set under another member's name`;
      if (value !== undefined && value?.author !== member) return `${member} cannot list a change set with another author`;
      return null;
    }
    if (['policy', 'dismissals', 'mappings'].includes(place.map)) return null;
    return `the team document has no "${place.map}"`;
  }
  if (csKey === undefined) return `there is no shared document named ${docName}`;
  switch (place.map) {
    case 'meta':
    case 'rows':
      if (author !== member) return `only the change set's author (${author ?? 'not yet staged'}) can change its rows`;
      if (!csKey.startsWith(`${member}-`)) return `${member} cannot stage a change set under another member's name`;
      return null;
    case 'decisions':
      if (!place.key.endsWith(`:${member}`)) return `${member} cannot decide for another member`;
      if (value !== undefined && value?.member !== member) return `${member} cannot decide for another member`;
      return null;
    case 'comments':
      if (!place.key.includes(`:${member}/`)) return `${member} cannot comment as another member`;
      if (value !== undefined && value?.member !== member) return `${member} cannot comment as another member`;
      return null;
    case 'results':
      if (value !== undefined && value?.by !== member) return `${member} cannot publish results as another member`;
      return null;
    default:
      return `a shared change set has no "${place.map}"`;
  }
}

/** What removing an entry placed at `place` by `member` may be. */
function removeRefusal(docName: string, place: Place, member: string, author: string | undefined): string | null {
  if (changeSetKey(docName) !== undefined) {
    if (place.map === 'comments') return 'comments are never removed';
    if (place.map === 'decisions' && !place.key.endsWith(`:${member}`)) return `${member} cannot withdraw another member's decision`;
    if ((place.map === 'meta' || place.map === 'rows') && author !== member) return `only the change set's author can remove its rows`;
    return null;
  }
  if (docName === TEAM_DOC_NAME && place.map === 'changeSets' && !place.key.startsWith(`${member}-`)) {
    return `${member} cannot unlist another member's change set`;
  }
  return null;
}

/**
 * Checks one Yjs update sent by `member` against the rules above, given the document as
 * the server holds it. Returns the first refusal, or null and remembers the accepted
 * entries' places in `accepted`.
 */
export function refuseMemberUpdate(doc: Y.Doc, docName: string, update: Uint8Array, member: string, accepted: AcceptedPlaces): WriteRefusal | null {
  const { structs, ds } = Y.decodeUpdate(update);
  const items = structs.filter((s): s is Y.Item => s instanceof Y.Item);
  const byClient = new Map<number, Y.Item[]>();
  for (const item of items) {
    const list = byClient.get(item.id.client);
    if (list) list.push(item);
    else byClient.set(item.id.client, [item]);
  }
  const places = new Map<Y.Item, Place>();
  const placeOfId = (id: Y.ID): Place | string => {
    const inUpdate = itemAt(byClient, id);
    const own = (inUpdate && places.get(inUpdate)) ?? accepted.find(doc, id);
    if (own) return own;
    const held = heldPlace(doc, id);
    if (held === 'unknown') return 'it refers to an entry the server has not received';
    if (held === 'not-a-map-entry') return 'shared documents hold only keyed entries';
    return held;
  };

  // Entries the server already holds change nothing when applied again: not checked.
  const fresh = items.filter((item) => item.id.clock + item.length > Y.getState(doc.store, item.id.client));
  // Items come in causal order per client, so an entry's origin is placed before it.
  for (const item of fresh) {
    let place: Place | string;
    if (typeof item.parent === 'string') {
      place = item.parentSub === null ? 'shared documents hold only keyed entries' : { map: item.parent, key: item.parentSub };
    } else if (item.parent !== null) {
      place = 'shared documents hold only keyed entries';
    } else {
      const origin = item.origin ?? item.rightOrigin;
      place = origin ? placeOfId(origin) : 'an entry without a place';
    }
    if (typeof place === 'string') return { map: '?', key: `${item.id.client}.${item.id.clock}`, reason: place };
    places.set(item, place);
  }

  const author = changeSetKey(docName) !== undefined ? authorOf(doc, fresh, places) : undefined;
  for (const item of fresh) {
    const place = places.get(item)!;
    const reason = writeRefusal(docName, place, valueOf(item), member, author);
    if (reason) return { ...place, reason };
  }
  // An update carries its sender's whole delete set, including what others removed long
  // ago; only removing an entry the server still holds live is a change to check.
  for (const [client, ranges] of ds.clients) {
    for (const range of ranges) {
      for (let clock = range.clock; clock < range.clock + range.len; ) {
        const id = Y.createID(client, clock);
        const own = itemAt(byClient, id);
        let span: number;
        let place: Place | string | null;
        if (own && places.has(own)) {
          span = own.id.clock + own.length - clock;
          place = places.get(own)!;
        } else if (clock < Y.getState(doc.store, client)) {
          const held = Y.getItem(doc.store, id) as Y.Item | Y.GC;
          span = held.id.clock + held.length - clock;
          place = held instanceof Y.GC || held.deleted ? null : placeOfId(id);
        } else {
          span = range.clock + range.len - clock;
          place = accepted.find(doc, id) ?? 'it removes an entry the server has not received';
        }
        if (typeof place === 'string') return { map: '?', key: `${client}.${clock}`, reason: place };
        if (place) {
          const reason = removeRefusal(docName, place, member, author);
          if (reason) return { ...place, reason };
        }
        clock += Math.max(1, span);
      }
    }
  }
  for (const item of fresh) accepted.remember(item.id, item.length, places.get(item)!);
  return null;
}

/** The item of this update that holds `id`, found by halving (an update can hold 10,000s). */
function itemAt(byClient: ReadonlyMap<number, Y.Item[]>, id: Y.ID): Y.Item | undefined {
  const list = byClient.get(id.client);
  if (!list) return undefined;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = list[mid]!;
    if (id.clock < item.id.clock) hi = mid - 1;
    else if (id.clock >= item.id.clock + item.length) lo = mid + 1;
    else return item;
  }
  return undefined;
}
