import type { Rename } from './types';

export type PatternResult = { ok: true; renames: Rename[] } | { ok: false; message: string };

const TOKEN = '{n}';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Pattern renames (SPEC §7.3): `legacy-{n}` → `usr_{n}` over the known ids. `{n}` matches
 * any non-empty text and must appear exactly once on each side. A pattern whose results
 * would collide (two ids to one new id, or onto an id in use that is not itself renamed
 * away first) is refused with the ids that collide.
 */
export function renamesFromPattern(from: string, to: string, knownIds: Iterable<string>, inUse: (id: string) => boolean): PatternResult {
  const count = (s: string) => s.split(TOKEN).length - 1;
  if (count(from) !== 1) return { ok: false, message: `the pattern to rename from must contain {n} exactly once: "${from}"` };
  if (count(to) !== 1) return { ok: false, message: `the pattern to rename to must contain {n} exactly once: "${to}"` };
  if (from === to) return { ok: false, message: 'the two patterns are the same' };
  const [prefix, suffix] = from.split(TOKEN) as [string, string];
  const matcher = new RegExp(`^${escape(prefix)}(.+)${escape(suffix)}$`, 's');
  const renames: Rename[] = [];
  const targets = new Map<string, string>();
  for (const id of knownIds) {
    const m = matcher.exec(id);
    if (!m) continue;
    const next = to.replace(TOKEN, m[1]!);
    const other = targets.get(next);
    if (other !== undefined) return { ok: false, message: `the pattern would rename both "${other}" and "${id}" to "${next}"` };
    targets.set(next, id);
    renames.push({ current_external_id: id, new_external_id: next });
  }
  if (renames.length === 0) return { ok: false, message: `no external id matches "${from}"` };
  const sources = new Set(renames.map((r) => r.current_external_id));
  const clash = renames.find((r) => inUse(r.new_external_id) && !sources.has(r.new_external_id));
  if (clash) return { ok: false, message: `"${clash.current_external_id}" would become "${clash.new_external_id}", which is already in use` };
  const loop = renames.find((r) => sources.has(r.new_external_id));
  if (loop) return { ok: false, message: `"${loop.new_external_id}" is both renamed and a rename target; the old id stays reserved while deprecated` };
  return { ok: true, renames };
}
