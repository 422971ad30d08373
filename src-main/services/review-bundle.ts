import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../src-shared/canonical-json';
import { CHANGE_SET_KINDS } from '../../src-shared/changesets/lifecycle';
import { badInput, failed } from '../../src-shared/errors';
import type { ChangeRow, ChangeSet } from '../../src-shared/model/change-set';
import { parseJsonText, readJsonFile, writeFileAtomic } from './files';
import { requireChangeSet, reviewRows, type RowDecision } from './change-sets';
import type { ServiceContext } from './context';

/**
 * Review bundles (issue 8): a change set's rows and plan in one file that travels to a
 * reviewer with no shared server. The rows and the plan are locked by SHA-256 over
 * their canonical JSON; only the decisions may change on the way back.
 */
export const BUNDLE_FORMAT = 'rekey-review-bundle';

const decision = z
  .object({
    idx: z.number().int().min(0),
    review: z.enum(['pending', 'approved', 'rejected']),
    comment: z.string().nullable(),
    by: z.string().nullable(),
    at: z.string().nullable(),
  })
  .strict();

const bundleSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(1),
    exportedAt: z.string(),
    exportedBy: z.string(),
    changeSet: z
      .object({
        id: z.number().int().positive(),
        kind: z.enum(CHANGE_SET_KINDS),
        title: z.string(),
        connection: z.string(),
        mode: z.enum(['strict', 'lenient']).nullable(),
        windowDays: z.number().int().nullable(),
        source: z.string().nullable(),
        sourceSha256: z.string().nullable(),
        plan: z.record(z.string(), z.unknown()),
      })
      .strict(),
    rows: z.array(z.object({ idx: z.number().int().min(0), payload: z.record(z.string(), z.unknown()), plan: z.record(z.string(), z.unknown()) }).strict()),
    lock: z.object({ rowsSha256: z.string().regex(/^[0-9a-f]{64}$/), planSha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    decisions: z.array(decision),
  })
  .strict();

export type ReviewBundle = z.infer<typeof bundleSchema>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

type LockedSet = ReviewBundle['changeSet'];
type LockedRow = ReviewBundle['rows'][number];

function lockedSet(cs: ChangeSet): LockedSet {
  const { id, kind, title, connection, mode, windowDays, source, sourceSha256, plan } = cs;
  return { id, kind, title, connection, mode, windowDays, source, sourceSha256, plan };
}

const lockedRows = (rows: ChangeRow[]): LockedRow[] => rows.map(({ idx, payload, plan }) => ({ idx, payload, plan }));

/** What the plan lock covers: everything about the change set but its title. */
const planLock = (cs: LockedSet) => sha256(canonicalJson({ ...cs, title: undefined }));
const rowsLock = (rows: LockedRow[]) => sha256(canonicalJson(rows));

export function buildBundle(ctx: ServiceContext, id: number): ReviewBundle {
  const cs = requireChangeSet(ctx, id);
  const rows = ctx.workspace.changeSets.rows(id);
  const set = lockedSet(cs);
  const locked = lockedRows(rows);
  return {
    format: BUNDLE_FORMAT,
    version: 1,
    exportedAt: new Date().toISOString(),
    exportedBy: ctx.workspace.actor,
    changeSet: set,
    rows: locked,
    lock: { rowsSha256: rowsLock(locked), planSha256: planLock(set) },
    decisions: rows.map((r) => ({ idx: r.idx, review: r.review, comment: r.reviewComment, by: r.reviewedBy, at: r.reviewedAt })),
  };
}

/** A bundle as the text of its file, the export audited (the app downloads it; the CLI writes it). */
export function serializeBundle(ctx: ServiceContext, id: number, destination: string): { json: string; bundle: ReviewBundle } {
  const bundle = buildBundle(ctx, id);
  ctx.workspace.write({ action: 'review.exported', subject: String(id), detail: { to: destination, rowsSha256: bundle.lock.rowsSha256 } }, () => undefined);
  return { json: JSON.stringify(bundle, null, 2) + '\n', bundle };
}

export function exportBundle(ctx: ServiceContext, id: number, outPath: string): { path: string; rows: number; rowsSha256: string } {
  const { json, bundle } = serializeBundle(ctx, id, outPath);
  writeFileAtomic(outPath, json);
  return { path: outPath, rows: bundle.rows.length, rowsSha256: bundle.lock.rowsSha256 };
}

export function parseBundle(path: string, text?: string): ReviewBundle {
  const value = text === undefined ? readJsonFile(path) : parseJsonText(text, path);
  const parsed = bundleSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badInput('bad_bundle', `${path}: not a Rekey review bundle (${issue.path.join('.') || 'top level'}: ${issue.message})`);
  }
  return parsed.data;
}

/** Names the rows whose locked content differs between two lists, by index. */
function differingRows(a: LockedRow[], b: LockedRow[]): number[] {
  const length = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < length; i++) {
    if (canonicalJson(a[i]) !== canonicalJson(b[i])) out.push(a[i]?.idx ?? b[i]?.idx ?? i);
  }
  return out;
}

const listRows = (idxs: number[]) => `row${idxs.length > 1 ? 's' : ''} ${idxs.slice(0, 10).join(', ')}${idxs.length > 10 ? ` and ${idxs.length - 10} more` : ''}`;

/**
 * Verifies a bundle came back with its rows and plan as exported and as the workspace
 * still holds them, then records its decisions. Refuses, naming what changed, otherwise.
 */
export function importBundle(ctx: ServiceContext, path: string, text?: string): { id: number; applied: number; unchanged: number } {
  const bundle = parseBundle(path, text);
  if (rowsLock(bundle.rows) !== bundle.lock.rowsSha256) {
    const cs = ctx.workspace.changeSets.get(bundle.changeSet.id);
    const changed = cs ? differingRows(bundle.rows, lockedRows(ctx.workspace.changeSets.rows(cs.id))) : [];
    throw badInput('bundle_tampered', `${path}: the rows were changed after export${changed.length ? ` (${listRows(changed)})` : ''}; ask for a fresh bundle`);
  }
  if (planLock(bundle.changeSet) !== bundle.lock.planSha256) {
    throw badInput('bundle_tampered', `${path}: the change set's plan was changed after export; ask for a fresh bundle`);
  }
  const cs = ctx.workspace.changeSets.get(bundle.changeSet.id);
  if (!cs) throw badInput('unknown_change_set', `${path}: change set ${bundle.changeSet.id} is not in this workspace`);
  const current = lockedRows(ctx.workspace.changeSets.rows(cs.id));
  if (rowsLock(current) !== bundle.lock.rowsSha256) {
    throw failed('bundle_stale', `${path}: change set ${cs.id} changed since this bundle was exported (${listRows(differingRows(bundle.rows, current))})`);
  }
  if (planLock(lockedSet(cs)) !== bundle.lock.planSha256) {
    throw failed('bundle_stale', `${path}: the plan of change set ${cs.id} changed since this bundle was exported`);
  }
  const known = new Set(current.map((r) => r.idx));
  const unknown = bundle.decisions.find((d) => !known.has(d.idx));
  if (unknown) throw badInput('bad_bundle', `${path}: decisions: row ${unknown.idx} is not in change set ${cs.id}`);

  const rows = ctx.workspace.changeSets.rows(cs.id);
  const changes: RowDecision[] = [];
  for (const d of bundle.decisions) {
    const row = rows[d.idx]!;
    if (d.review === 'pending' || (row.review === d.review && row.reviewComment === d.comment)) continue;
    changes.push({ idx: d.idx, review: d.review, comment: d.comment });
  }
  // The decisions and the record of their import are kept together, or not at all.
  ctx.workspace.transaction(() => {
    reviewRows(ctx, cs.id, changes);
    ctx.workspace.write({ action: 'review.imported', subject: String(cs.id), detail: { path, decisions: changes.length, from: bundle.exportedBy } }, () => undefined);
  });
  return { id: cs.id, applied: changes.length, unchanged: bundle.decisions.length - changes.length };
}

/** A reviewer's decision written into the bundle file itself (no workspace needed). */
export function decideInBundle(path: string, idx: number, review: 'approved' | 'rejected', comment: string | null, by: string): ReviewBundle {
  const bundle = parseBundle(path);
  const d = bundle.decisions.find((x) => x.idx === idx);
  if (!d) throw badInput('unknown_row', `${path}: no row ${idx}`);
  Object.assign(d, { review, comment, by, at: new Date().toISOString() });
  writeFileAtomic(path, JSON.stringify(bundle, null, 2) + '\n');
  return bundle;
}
