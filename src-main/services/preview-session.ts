import { failed } from '../../src-shared/errors';
import type { ChangeSet } from '../../src-shared/model/change-set';
import type { PreviewComparison, PreviewRowView, PreviewSummary, RenamedIdWords } from '../../src-shared/model/preview';
import { RENAMED_ID_CODE, RENAMED_ID_REWRITTEN_CODE, renamedIdSentence } from '../../src-shared/plain-words';
import type { ResolveMode } from '../../src-shared/resolver';
import type { ServiceContext } from './context';
import type { ImportMapping, IncomingRow } from './import-columns';
import { columnsAsRows, EMAIL, EXTERNAL_ID } from './import-plan';
import { headerSignature } from './import-columns';
import { conflictsFirst, isConflictAction, previewImport, previewRow, type ImportPreview } from './preview';
import { manyFromPreview, renamedIn, type ManyPreview } from './preview-many';
import { byHandCount, rowStepByHand } from './preview-by-hand';
import { byHandCounts, previewManyPlanCsv, previewManyReportHtml, stepByHand } from './preview-many-report';
import { previewPlanCsv, previewPlanCsvParts, previewReportHtml } from './preview-report';
import { addDownload, releaseUpload, uploadBytes } from './file-transfers';
import type { FileDownload } from '../../src-shared/contract/api';
import { stageImport } from './stage-import';

/**
 * The app's current preview, kept in main: a million planned rows stay here and the
 * renderer asks for the window it shows. One per open workspace (per context).
 * Scrolling asks for a window many times a second, so the ordered, filtered view of the
 * last query is kept and only sliced until the query changes.
 */
interface Session {
  preview: ImportPreview;
  /** The upload it was read from: kept while the person may preview it again (another mapping), removed once staged or replaced. */
  upload?: string;
  /** "Use the new ids" was asked for: every connection compared or staged maps old ids by its own renames. */
  rewriteRenamed?: boolean;
  view?: { key: string; rows: Int32Array };
  /** The last comparison's plans: its report and plan CSV reuse them rather than plan every connection again. */
  many?: { key: string; many: ManyPreview };
}
const sessions = new WeakMap<ServiceContext, Session>();

function session(ctx: ServiceContext): Session {
  const s = sessions.get(ctx);
  if (!s) throw failed('no_preview', 'no import preview yet: choose a CSV file first');
  return s;
}
const current = (ctx: ServiceContext): ImportPreview => session(ctx).preview;

/**
 * A preview of what the app names: an upload (the file the person chose, read here in
 * main from disk), or a script's CSV text or .xlsx bytes in base64.
 */
export async function runPreview(
  ctx: ServiceContext,
  input: { connection: string; csv?: string; xlsxBase64?: string; upload?: string; sheet?: string; fileName: string; mapping?: ImportMapping; rewriteRenamed?: boolean; rewriteExcept?: number[] },
): Promise<PreviewSummary> {
  const uploaded = input.upload !== undefined ? uploadBytes(ctx, input.upload) : undefined;
  const file = uploaded
    ? { bytes: new Uint8Array(uploaded.bytes.buffer, uploaded.bytes.byteOffset, uploaded.bytes.length), sheet: input.sheet }
    : input.csv !== undefined
      ? { text: input.csv }
      : { bytes: new Uint8Array(Buffer.from(input.xlsxBase64 ?? '', 'base64')), sheet: input.sheet };
  const fileName = uploaded?.fileName ?? input.fileName;
  const preview = await previewImport(ctx, { connection: input.connection, ...file, file: fileName, mapping: input.mapping, rewriteRenamed: input.rewriteRenamed === true, rewriteExcept: input.rewriteExcept ?? [] });
  if (input.mapping) ctx.workspace.importMappings.save(headerSignature(preview.header), input.mapping, new Date().toISOString());
  const before = sessions.get(ctx)?.upload;
  if (before !== undefined && before !== input.upload) releaseUpload(ctx, before);
  sessions.set(ctx, { preview, rewriteRenamed: input.rewriteRenamed === true, ...(input.upload !== undefined ? { upload: input.upload } : {}) });
  ctx.workspace.write({ action: 'import.previewed', subject: fileName, detail: { connection: preview.connection, rows: preview.rows.rows, problems: preview.problemCount, sha256: preview.sha256, ...renamedDetail(preview) } }, () => undefined);
  return summary(preview);
}

function summary(p: ImportPreview): PreviewSummary {
  return {
    file: p.file,
    sha256: p.sha256,
    createdAt: p.createdAt,
    connection: p.connection,
    header: p.header,
    mapping: p.mapping,
    total: p.rows.rows,
    counts: p.counts,
    conflicts: { strict: conflictCount(p.counts.strict), lenient: conflictCount(p.counts.lenient) },
    problems: p.problems.slice(0, 1000),
    problemCount: p.problemCount,
    byHand: { strict: byHandCount(p.connectionKind, p.rows, p.plans.strict), lenient: byHandCount(p.connectionKind, p.rows, p.plans.lenient) },
    renamed: {
      rows: p.renamed.size,
      rewritten: p.rewritten.size,
      first: [...p.renamed.entries()].slice(0, 20).map(([i, r]) => ({
        line: p.lines[i]!,
        from: r.from,
        to: r.to,
        rewritten: p.rewritten.has(i),
        code: p.rewritten.has(i) ? RENAMED_ID_REWRITTEN_CODE : RENAMED_ID_CODE,
        says: renamedIdSentence({ ...r, rewritten: p.rewritten.has(i) }),
      })),
    },
  };
}

/** The audit entry of a preview names how many rows named a renamed-away id, and whether they were mapped. */
const renamedDetail = (p: ImportPreview) => (p.renamed.size ? { renamedIds: p.renamed.size, rewritten: p.rewritten.size } : {});

const conflictCount = (counts: Record<string, number>) => Object.entries(counts).reduce((n, [action, k]) => n + (isConflictAction(action) ? k : 0), 0);

/** A window of the plan: conflicts first, filtered by action, searched by email or id. */
export function previewRows(ctx: ServiceContext, q: { mode: ResolveMode; offset: number; limit: number; action?: string; search?: string }): { total: number; rows: PreviewRowView[] } {
  const s = session(ctx);
  const search = q.search?.trim().toLowerCase();
  const key = JSON.stringify([q.mode, q.action ?? '', search ?? '']);
  if (s.view?.key !== key) {
    const p = s.preview;
    const plan = p.plans[q.mode];
    const matches = (i: number) =>
      (!q.action || plan?.actionOf(i) === q.action) &&
      (!search || Boolean(p.rows.get(i, EMAIL)?.toLowerCase().includes(search) || p.rows.get(i, EXTERNAL_ID)?.toLowerCase().includes(search)));
    s.view = { key, rows: conflictsFirst(p, q.mode, matches) };
  }
  const { rows } = s.view;
  return {
    total: rows.length,
    rows: [...rows.subarray(q.offset, q.offset + q.limit)].map((i) => {
      const r = previewRow(s.preview, i);
      // The step a system's push leaves to a person rides in the plan, so its words show wherever the plan does.
      const withStep = (mode: ResolveMode, plan: Record<string, unknown>) => {
        const modePlan = s.preview.plans[mode];
        const step = modePlan && rowStepByHand(s.preview.connectionKind, s.preview.rows, modePlan, i);
        return step ? { ...plan, byHand: step } : plan;
      };
      return { index: r.index, line: r.line, email: r.email, externalId: r.externalId, name: r.name, strict: withStep('strict', r.strict), lenient: withStep('lenient', r.lenient), ...(r.renamedId ? { renamedId: r.renamedId } : {}) };
    }),
  };
}

export const previewReport = (ctx: ServiceContext, mode: ResolveMode) => ({ html: previewReportHtml(current(ctx), mode), fileName: `${current(ctx).file.replace(/\.[^.]+$/, '')}-preview.html` });
export const previewCsv = (ctx: ServiceContext) => ({ csv: previewPlanCsv(current(ctx)), fileName: previewCsvName(ctx) });
const previewCsvName = (ctx: ServiceContext) => `${current(ctx).file.replace(/\.[^.]+$/, '')}-plan.csv`;

/** "Stage this import" (SPEC §7.2): the previewed rows become an import change set (draft). */
export function stagePreview(ctx: ServiceContext, mode: ResolveMode): ChangeSet {
  const p = current(ctx);
  const staged = stageImport(ctx, { connection: p.connection, rows: previewedRows(p), mode, source: p.file, sourceSha256: p.sha256 });
  stagedFrom(ctx);
  return staged;
}

/** Once staged, the upload the preview was read from is removed (a later preview of it asks the renderer to send it again). */
function stagedFrom(ctx: ServiceContext): void {
  const s = session(ctx);
  if (s.upload !== undefined) releaseUpload(ctx, s.upload);
  delete s.upload;
}

/** The previewed rows as staging takes them: a row planned with a renamed id's new one keeps the mapping. */
function previewedRows(p: ImportPreview): IncomingRow[] {
  const rows = columnsAsRows(p.rows, p.lines);
  for (const i of p.rewritten) rows[i] = { ...rows[i]!, renamedFrom: p.renamed.get(i)! };
  return rows;
}

/**
 * The current preview planned in the chosen connections too. A comparison plans afresh
 * (a pull since may have changed the users); its downloads reuse those plans, so they
 * say what the comparison on screen says.
 */
function many(ctx: ServiceContext, q: { connections: string[]; mode: ResolveMode }, fresh = false): ManyPreview {
  const s = session(ctx);
  const key = JSON.stringify([q.mode, [...new Set([s.preview.connection, ...q.connections])]]);
  if (fresh || s.many?.key !== key) s.many = { key, many: manyFromPreview(ctx, s.preview, q.connections, q.mode, rewritesOthers(s)) };
  return s.many.many;
}

/**
 * The current preview's rows planned in other connections too (issue 19): read once,
 * each connection planned by its own system's rules, counts per connection and the
 * first rows with their outcome in each, side by side.
 */
export function comparePreview(ctx: ServiceContext, q: { connections: string[]; mode: ResolveMode; limit: number }): PreviewComparison {
  const m = many(ctx, q, true);
  const p = m.preview;
  return {
    connections: m.connections,
    mode: q.mode,
    total: p.rows.rows,
    counts: Object.fromEntries(m.connections.map((n) => [n, m.plans[n]!.counts()])),
    byHand: byHandCounts(m),
    renamed: Object.fromEntries(m.connections.map((n) => [n, { rows: m.renamed[n]!.size, rewritten: m.rewritten[n]!.size }])),
    stagesRewritten: rewritesOthers(session(ctx)),
    rows: Array.from({ length: Math.min(q.limit, p.rows.rows) }, (_, i) => ({
      index: i,
      line: p.lines[i]!,
      email: p.rows.get(i, EMAIL),
      externalId: p.rewritten.has(i) ? p.renamed.get(i)!.from : p.rows.get(i, EXTERNAL_ID),
      outcomes: Object.fromEntries(m.connections.map((n) => [n, m.plans[n]!.planOf(i)])),
      byHand: Object.fromEntries(m.connections.map((n) => [n, stepByHand(m, n, i) ?? null])),
      renamed: Object.fromEntries(m.connections.map((n) => [n, renamedWords(m, n, i)])),
    })),
  };
}

/**
 * Whether the other connections map old ids by their own renames: when "Use the new ids"
 * was asked for, or this preview mapped any row. The comparison and "Stage into each"
 * follow the same rule, so what is compared is what is staged.
 */
const rewritesOthers = (s: Session) => s.rewriteRenamed === true || s.preview.rewritten.size > 0;

/** Row i's renamed-away id in connection n, in words with its code. */
function renamedWords(m: ManyPreview, n: string, i: number): RenamedIdWords | null {
  const r = renamedIn(m, n, i);
  if (!r) return null;
  return { line: m.preview.lines[i]!, from: r.from, to: r.to, rewritten: r.rewritten, code: r.rewritten ? RENAMED_ID_REWRITTEN_CODE : RENAMED_ID_CODE, says: renamedIdSentence(r) };
}

const baseName = (ctx: ServiceContext) => current(ctx).file.replace(/\.[^.]+$/, '');

/** The client report covering every compared connection. */
export const compareReport = (ctx: ServiceContext, q: { connections: string[]; mode: ResolveMode }) => ({ html: previewManyReportHtml(many(ctx, q)), fileName: `${baseName(ctx)}-preview-${many(ctx, q).connections.length}-systems.html` });

/** The plan CSV covering every compared connection. */
export const comparePlanCsv = (ctx: ServiceContext, q: { connections: string[]; mode: ResolveMode }) => ({ csv: [...previewManyPlanCsv(many(ctx, q))].join(''), fileName: comparePlanCsvName(ctx, q) });
const comparePlanCsvName = (ctx: ServiceContext, q: { connections: string[]; mode: ResolveMode }) => `${baseName(ctx)}-plan-${many(ctx, q).connections.length}-systems.csv`;

/** "Stage into each": one import change set (draft) per connection, all or none. */
export function stagePreviewInto(ctx: ServiceContext, input: { connections: string[]; mode: ResolveMode }): ChangeSet[] {
  const p = current(ctx);
  const rows = previewedRows(p);
  // Renames are per connection: another connection gets the file's own ids, mapped by its own pushed renames when any were mapped here.
  const asRead = rows.map((r) => (r.renamedFrom ? { ...r, externalId: r.renamedFrom.from, renamedFrom: undefined } : r));
  const staged = ctx.workspace.transaction(() =>
    [...new Set(input.connections)].map((connection) =>
      connection === p.connection
        ? stageImport(ctx, { connection, rows, mode: input.mode, source: p.file, sourceSha256: p.sha256 })
        : stageImport(ctx, { connection, rows: asRead, mode: input.mode, source: p.file, sourceSha256: p.sha256, rewriteRenamed: rewritesOthers(session(ctx)) }),
    ),
  );
  stagedFrom(ctx);
  return staged;
}

/**
 * "Download plan CSV" and "Download client report", of this preview or of the
 * comparison: written by main to a file it holds, for the renderer to fetch as an
 * attachment (browser mode) or the shell to save (Electron), so a plan of a million rows
 * never crosses as one string.
 */
export function previewDownload(ctx: ServiceContext, q: { file: 'planCsv' | 'report' | 'comparePlanCsv' | 'compareReport'; mode: ResolveMode; connections?: string[] }): FileDownload {
  const compared = { connections: q.connections ?? [], mode: q.mode };
  const file =
    q.file === 'planCsv'
      ? { fileName: previewCsvName(ctx), type: 'text/csv; charset=utf-8', parts: previewPlanCsvParts(current(ctx)) }
      : q.file === 'report'
        ? htmlFile(previewReport(ctx, q.mode))
        : q.file === 'compareReport'
          ? htmlFile(compareReport(ctx, compared))
          : { fileName: comparePlanCsvName(ctx, compared), type: 'text/csv; charset=utf-8', parts: previewManyPlanCsv(many(ctx, compared)) };
  const written = addDownload(ctx, file);
  return { download: written.id, fileName: written.fileName, bytes: written.bytes };
}

const htmlFile = (r: { html: string; fileName: string }) => ({ fileName: r.fileName, type: 'text/html; charset=utf-8', parts: [r.html] });
