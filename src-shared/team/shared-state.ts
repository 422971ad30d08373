import type * as Y from 'yjs';
import { canonicalJson } from '../canonical-json';
import { readComments, readDecisions, readMeta, readResults, readRows } from './change-set-doc';
import { readDismissals, readIndex, readMappings, readPolicy } from './team-doc';

/**
 * Everything the team shares, as one canonical JSON text: two members whose workspaces
 * hold the same text hold the same shared state, whatever order their updates arrived
 * in. Its hash is what `rekey team status` shows and the convergence tests compare.
 */
export function sharedStateText(team: Y.Doc, changeSets: ReadonlyMap<string, Y.Doc>): string {
  const sets = [...changeSets.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, doc]) => ({
      key,
      meta: readMeta(doc) ?? null,
      rows: readRows(doc),
      decisions: readDecisions(doc).sort((a, b) => a.idx - b.idx || a.member.localeCompare(b.member)),
      comments: readComments(doc),
      results: readResults(doc),
    }));
  return canonicalJson({
    policy: readPolicy(team),
    index: readIndex(team),
    dismissals: readDismissals(team),
    mappings: readMappings(team),
    changeSets: sets,
  });
}
