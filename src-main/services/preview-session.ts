import { failed } from '../../src-shared/errors';
import type { ChangeSet } from '../../src-shared/model/change-set';
import type { PreviewRowView, PreviewSummary } from '../../src-shared/model/preview';
import type { ResolveMode } from '../../src-shared/resolver';
import type { ServiceContext } from './context';
import type { ImportMapping } from './import-columns';
import { conflictsFirst, headerSignature, isConflict, previewImport, type ImportPreview, type PreviewRow } from './preview';
import { previewPlanCsv, previewReportHtml } from './preview-report';
import { stageImport } from './stage-import';

/**
 * The app's current preview, kept in main: a million planned rows stay here and the
 * renderer asks for the window it shows. One per open workspace (per context).
 * Scrolling asks for a window many times a second, so the ordered, filtered view of the
 * last query is kept and only sliced until the query changes.
 */
interface Session {
  preview: ImportPreview;
  view?: { key: string; rows: PreviewRow[] };
}
const sessions = new WeakMap<ServiceContext, Session>();

function session(ctx: ServiceContext): Session {
  const s = sessions.get(ctx);
  if (!s) throw failed('no_preview', 'no import preview yet: choose a CSV file first');
  return s;
}
const current = (ctx: ServiceContext): ImportPreview => session(ctx).preview;

export function runPreview(ctx: ServiceContext, input: { connection: string; csv: string; fileName: string; mapping?: ImportMapping }): PreviewSummary {
  const preview = previewImport(ctx, { connection: input.connection, text: input.csv, file: input.fileName, mapping: input.mapping });
  if (input.mapping) ctx.workspace.importMappings.save(headerSignature(preview.header), input.mapping, new Date().toISOString());
  sessions.set(ctx, { preview });
  ctx.workspace.write({ action: 'import.previewed', subject: input.fileName, detail: { connection: preview.connection, rows: preview.rows.length, problems: preview.problems.length, sha256: preview.sha256 } }, () => undefined);
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
    total: p.rows.length,
    counts: p.counts,
    conflicts: { strict: p.rows.filter((r) => isConflict(r.strict)).length, lenient: p.rows.filter((r) => isConflict(r.lenient)).length },
    problems: p.problems.slice(0, 1000),
    problemCount: p.problems.length,
  };
}

/** A window of the plan: conflicts first, filtered by action, searched by email or id. */
export function previewRows(ctx: ServiceContext, q: { mode: ResolveMode; offset: number; limit: number; action?: string; search?: string }): { total: number; rows: PreviewRowView[] } {
  const s = session(ctx);
  const search = q.search?.trim().toLowerCase();
  const key = JSON.stringify([q.mode, q.action ?? '', search ?? '']);
  if (s.view?.key !== key) {
    const rows = conflictsFirst(s.preview.rows, q.mode).filter(
      (r) => (!q.action || r[q.mode].action === q.action) && (!search || r.email?.toLowerCase().includes(search) || r.externalId?.toLowerCase().includes(search)),
    );
    s.view = { key, rows };
  }
  const { rows } = s.view;
  return {
    total: rows.length,
    rows: rows.slice(q.offset, q.offset + q.limit).map((r) => ({ index: r.index, line: r.line, email: r.email, externalId: r.externalId, name: r.name, strict: r.strict, lenient: r.lenient })),
  };
}

export const previewReport = (ctx: ServiceContext, mode: ResolveMode) => ({ html: previewReportHtml(current(ctx), mode), fileName: `${current(ctx).file.replace(/\.[^.]+$/, '')}-preview.html` });
export const previewCsv = (ctx: ServiceContext) => ({ csv: previewPlanCsv(current(ctx)), fileName: `${current(ctx).file.replace(/\.[^.]+$/, '')}-plan.csv` });

/** "Stage this import" (SPEC §7.2): the previewed rows become an import change set (draft). */
export function stagePreview(ctx: ServiceContext, mode: ResolveMode): ChangeSet {
  const p = current(ctx);
  return stageImport(ctx, { connection: p.connection, rows: p.rows, mode, source: p.file, sourceSha256: p.sha256 });
}
