import type { CallOutput, Channel, ParsedInput } from '../../src-shared/contract/api';
import { approveChangeSet, rejectChangeSet, requireChangeSet, reviewRow, submitChangeSet } from './change-sets';
import { testConnection } from './connection-test';
import { addConnection, listConnections, removeConnection, updateConnection } from './connections';
import { pullAll, pullWithEvents } from './pull-all';
import type { ServiceContext } from './context';
import { comparePreview, previewDownload, previewRows, runPreview, stagePreview, stagePreviewInto } from './preview-session';
import { pushChangeSet, pushDryRun, retryFailedRows } from './push';
import { importBundle, serializeBundle } from './review-bundle';
import { pushRenameBatch, renameBatchView, stagePatternAcross, stageRenameBatchAcross } from './rename-batch';
import { renamesFromFile } from './stage-rename';
import { addDownload, releaseUpload, uploadBytes } from './file-transfers';
import { decodeTextAuto } from '../csv/decode';
import { looksLikeZip } from '../xlsx/zip-entries';
import { planCandidate, stageCandidate, stageMergeUndo } from './merge-plans';
import { dismissCandidate, findMergeCandidates, mergeCandidatePage } from './merges';
import { closeWindows, listOpenWindows } from './migration-windows';
import { teamHandlers } from './team-handlers';

export type Handler<C extends Channel> = (input: ParsedInput<C>, ctx: ServiceContext) => CallOutput<C> | Promise<CallOutput<C>>;

/** One handler per contract entry; the type makes a missing one a compile error. */
export type Handlers = { [C in Channel]: Handler<C> };

/**
 * A rename file's renames as the app names it: an upload (read here, in main), or a
 * script's CSV text or .xlsx bytes in base64. An upload is read once: the form sends the
 * file again with each try.
 */
function renamesOf(ctx: ServiceContext, input: { csv?: string; xlsxBase64?: string; upload?: string; fileName: string }): ReturnType<typeof renamesFromFile> & { source: string } {
  if (input.upload === undefined) return { ...renamesFromFile(input.csv ?? Buffer.from(input.xlsxBase64!, 'base64'), input.fileName), source: input.fileName };
  try {
    const { bytes, fileName } = uploadBytes(ctx, input.upload);
    return { ...renamesFromFile(looksLikeZip(bytes) ? bytes : decodeTextAuto(fileName, bytes), fileName), source: fileName };
  } finally {
    releaseUpload(ctx, input.upload);
  }
}
const fromFile = (input: { csv?: string; xlsxBase64?: string; upload?: string }) => input.csv !== undefined || input.xlsxBase64 !== undefined || input.upload !== undefined;

export const handlers: Handlers = {
  'workspace.info': (_input, { workspace, mode }) => ({
    path: workspace.path,
    schemaVersion: workspace.schemaVersion,
    mode,
    counts: {
      connections: workspace.connections.count(),
      records: workspace.records.count(),
      auditEntries: workspace.audit.count(),
    },
  }),
  'workspace.check': (_input, { workspace }) => {
    const { ok, problems, pages, bytes, ms } = workspace.checkIntegrity();
    return { path: workspace.path, ok, problems, pages, bytes, ms };
  },
  'audit.list': ({ limit, beforeId }, { workspace }) => {
    const entries = workspace.audit.list(limit, beforeId);
    const last = entries.at(-1);
    return {
      entries,
      nextBeforeId: entries.length === limit && last ? last.id : null,
      total: workspace.audit.count(),
    };
  },
  'connections.list': (_input, ctx) => listConnections(ctx),
  'connections.test': ({ name }, ctx) => testConnection(ctx, name),
  'connections.pull': ({ name, full }, ctx) => pullWithEvents(ctx, name, { full: full === true }),
  'connections.pullAll': (_input, ctx) => pullAll(ctx),
  'connections.add': (input, ctx) => addConnection(ctx, input),
  'connections.update': (input, ctx) => updateConnection(ctx, input),
  'connections.remove': ({ name }, ctx) => removeConnection(ctx, name),
  'users.query': (query, { workspace }) => workspace.records.query(query),
  'changesets.list': ({ kind }, { workspace }) => workspace.changeSets.list().filter((cs) => !kind || cs.kind === kind),
  'changesets.get': ({ id }, ctx) => ({ changeSet: requireChangeSet(ctx, id) }),
  'changesets.rows': ({ id, offset, limit, review, result }, ctx) => {
    requireChangeSet(ctx, id);
    return ctx.workspace.changeSets.rowsPage(id, { ...(review ? { review } : {}), ...(result ? { result } : {}) }, offset, limit);
  },
  'changesets.submit': ({ id }, ctx) => submitChangeSet(ctx, id),
  'changesets.approve': ({ id, approveRemaining }, ctx) => approveChangeSet(ctx, id, { approveRemaining }),
  'changesets.reject': ({ id, reason }, ctx) => rejectChangeSet(ctx, id, reason),
  'changesets.reviewRow': ({ id, idx, review, comment }, ctx) => reviewRow(ctx, id, idx, review, comment),
  // One connection of any kind: Braze-style as before, the others by what their system does.
  'changesets.stageRenames': (input, ctx) =>
    (!fromFile(input)
      ? stagePatternAcross(ctx, { connections: [input.connection], from: input.from!, to: input.to!, windowDays: input.windowDays })
      : stageRenameBatchAcross(ctx, { connections: [input.connection], ...renamesOf(ctx, input), windowDays: input.windowDays })
    ).changeSets[0]!,
  'changesets.stageRenameBatch': (input, ctx) => {
    const common = { connections: input.connections, windowDays: input.windowDays, scimUserName: input.scimUserName };
    if (!fromFile(input)) return stagePatternAcross(ctx, { ...common, from: input.from!, to: input.to! });
    return stageRenameBatchAcross(ctx, { ...common, ...renamesOf(ctx, input) });
  },
  'changesets.batch': ({ key }, ctx) => renameBatchView(ctx, key),
  'changesets.pushBatch': ({ key }, ctx) => pushRenameBatch(ctx, key, { onProgress: (p) => ctx.events.emit('push.progress', p) }),
  'changesets.push': ({ id }, ctx) => pushChangeSet(ctx, id, { onProgress: (p) => ctx.events.emit('push.progress', p) }),
  'changesets.dryRun': ({ id }, ctx) => pushDryRun(ctx, id),
  'changesets.retry': ({ id }, ctx) => retryFailedRows(ctx, id),
  'preview.run': (input, ctx) => runPreview(ctx, input),
  'preview.rows': (query, ctx) => previewRows(ctx, query),
  'preview.download': (q, ctx) => previewDownload(ctx, q),
  'preview.stage': ({ mode }, ctx) => stagePreview(ctx, mode),
  'preview.compare': (q, ctx) => comparePreview(ctx, q),
  'preview.stageInto': (input, ctx) => stagePreviewInto(ctx, input),
  'review.downloadBundle': ({ id }, ctx) => {
    const fileName = `change-set-${id}-review.json`;
    const written = addDownload(ctx, { fileName, type: 'application/json', parts: [serializeBundle(ctx, id, fileName).json] });
    return { download: written.id, fileName, bytes: written.bytes };
  },
  'review.importBundle': ({ json, upload, fileName }, ctx) => {
    if (upload === undefined) return importBundle(ctx, fileName, json);
    try {
      const file = uploadBytes(ctx, upload);
      return importBundle(ctx, file.fileName, file.bytes.toString('utf8'));
    } finally {
      releaseUpload(ctx, upload);
    }
  },
  'merges.find': ({ minConfidence }, ctx) => findMergeCandidates(ctx, minConfidence === undefined ? {} : { minConfidence }),
  'merges.page': (query, ctx) => mergeCandidatePage(ctx, query),
  'merges.dismiss': ({ key, reason }, ctx) => dismissCandidate(ctx, key, reason),
  'merges.plan': (input, ctx) => planCandidate(ctx, input),
  'merges.stage': (input, ctx) => stageCandidate(ctx, input),
  'merges.stageUndo': ({ id }, ctx) => stageMergeUndo(ctx, id),
  'merges.records': ({ records }, { workspace }) => records.map((r) => workspace.records.one(r.connection, r.remoteId)).filter((r) => r !== undefined),
  'windows.list': ({ connection }, ctx) => listOpenWindows(ctx, connection),
  'windows.close': ({ ids }, ctx) => closeWindows(ctx, ids),
  'persons.get': ({ personKey }, { workspace }) => workspace.records.person(personKey),
  ...teamHandlers,
};
