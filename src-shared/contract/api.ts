import { z } from 'zod';
import type { AuditEntry } from '../model/audit';
import type { Connection, ConnectionSummary } from '../model/connection';
import type { ConnectionTestReport, PullAllResult, PullResult } from '../model/pull';
import type { UserRecordRow } from '../model/record';
import type { WorkspaceCheck } from '../model/workspace-check';
import { addConnectionInput, connectionRef, updateConnectionInput } from './connection-schemas';
import { CHANGE_SET_KINDS } from '../changesets/lifecycle';
import type { ChangeRow, ChangeSet } from '../model/change-set';
import type { MigrationWindow } from '../model/migration-window';
import type { DuplicateCandidate } from '../merges/find-duplicates';
import type { MergeCandidatePage, MergePlanView } from '../model/merge';
import type { PreviewComparison, PreviewRowView, PreviewSummary } from '../model/preview';
import type { PushResultValue } from '../model/push';
import type { RenameBatchView } from '../model/rename-batch';
import { call, type CallSpec } from './define';
import { teamApi } from './team-api';

const changeSetRef = z.object({ id: z.number().int().positive() }).strict();
const batchRef = z.object({ key: z.string().min(1).max(200) }).strict();

/** A candidate's merge as chosen in the side-by-side view: survivor and winning values. */
const mergeChoiceInput = z
  .object({
    key: z.string().min(1).max(2000),
    survivor: z.object({ connection: z.string().min(1), remoteId: z.string().min(1) }).strict().optional(),
    values: z.object({ email: z.string().max(500).nullable(), externalId: z.string().max(500).nullable(), name: z.string().max(500).nullable() }).partial().strict().default({}),
  })
  .strict();

/** What the renderer shows about the open workspace. */
export interface WorkspaceInfo {
  path: string;
  schemaVersion: number;
  /** 'electron' or 'browser': which door the renderer came through. */
  mode: 'electron' | 'browser' | 'cli';
  counts: { connections: number; records: number; auditEntries: number };
}

/** A file main wrote for the person to save: fetched from /download/ID in browser mode, saved by the shell in Electron. */
export interface FileDownload {
  download: string;
  fileName: string;
  bytes: number;
}

export interface ChangeRowsPage {
  /** Rows matching the filter, in the whole change set. */
  total: number;
  rows: ChangeRow[];
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `beforeId` for the next (older) page; null when none is left. */
  nextBeforeId: number | null;
  total: number;
}

/**
 * The one typed contract between the renderer and main (ARCHITECTURE "One typed
 * contract"). Adding a call = one entry here + one handler in src-main/services/handlers.
 */
export const api = {
  'workspace.info': call(z.object({}).strict(), 'The open workspace: path, schema version, counts').returns<WorkspaceInfo>(),
  'workspace.check': call(z.object({}).strict(), 'Check every page and index of the workspace file (as rekey doctor)').returns<WorkspaceCheck>(),
  'audit.list': call(
    z
      .object({
        limit: z.number().int().min(1).max(1000).default(200),
        beforeId: z.number().int().positive().optional(),
      })
      .strict(),
    'A page of the audit log, newest first',
  ).returns<AuditPage>(),
  'connections.list': call(z.object({}).strict(), 'Every connection with its last pull (never their tokens)').returns<ConnectionSummary[]>(),
  'connections.test': call(connectionRef, 'Check token, reachability, auth, version header, a first page').returns<ConnectionTestReport>(),
  'connections.pull': call(
    connectionRef.extend({ full: z.boolean().optional() }).strict(),
    "Pull a connection's users: only what changed where the API allows, unless full (progress as pull.progress events)",
  ).returns<PullResult>(),
  'connections.pullAll': call(z.object({}).strict(), 'Pull every connection, lookup kinds (Braze-style) after the kinds that list their users').returns<PullAllResult>(),
  'connections.add': call(addConnectionInput, 'Add a connection').returns<Connection>(),
  'connections.update': call(updateConnectionInput, "Change a connection's name, URL or token").returns<Connection>(),
  'connections.remove': call(connectionRef, 'Remove a connection and its records').returns<{ removed: string; records: number }>(),
  'users.query': call(
    z
      .object({
        connection: z.string().min(1).optional(),
        status: z.enum(['active', 'inactive', 'vanished']).optional(),
        search: z.string().max(200).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    'A window of the pulled records matching a filter',
  ).returns<{ total: number; rows: UserRecordRow[] }>(),
  'persons.get': call(
    z.object({ personKey: z.number().int().positive() }).strict(),
    'Every record of one person, across connections',
  ).returns<UserRecordRow[]>(),
  'changesets.list': call(
    z.object({ kind: z.enum(CHANGE_SET_KINDS).optional() }).strict(),
    'Change sets, newest first',
  ).returns<ChangeSet[]>(),
  'changesets.get': call(changeSetRef, 'One change set with its counts (its rows: changesets.rows, a page at a time)').returns<{ changeSet: ChangeSet }>(),
  'changesets.rows': call(
    changeSetRef
      .extend({
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
        review: z.enum(['pending', 'approved', 'rejected']).optional(),
        /** A push result; 'none' for rows not pushed (yet). */
        result: z.enum(['applied', 'failed', 'skipped', 'none']).optional(),
      })
      .strict(),
    "A page of a change set's rows in row order, optionally of one review or result, with how many match",
  ).returns<ChangeRowsPage>(),
  'changesets.submit': call(changeSetRef, 'Submit a draft for review').returns<ChangeSet>(),
  'changesets.approve': call(
    changeSetRef.extend({ approveRemaining: z.boolean().default(false) }),
    'Approve a change set in review',
  ).returns<ChangeSet>(),
  'changesets.reject': call(
    changeSetRef.extend({ reason: z.string().max(2000).nullable().default(null) }),
    'Send a change set in review back to draft',
  ).returns<ChangeSet>(),
  'changesets.reviewRow': call(
    changeSetRef.extend({
      idx: z.number().int().min(0),
      review: z.enum(['approved', 'rejected']),
      comment: z.string().max(2000).nullable().default(null),
    }),
    'Approve or reject one row, with a comment',
  ).returns<ChangeRow>(),
  'changesets.stageRenames': call(
    z
      .object({
        connection: z.string().min(1),
        /** The CSV's text (current_external_id,new_external_id), read in the renderer. */
        csv: z.string().max(64 * 1024 * 1024).optional(),
        /** Or an .xlsx's bytes in base64 (its first sheet is read). */
        xlsxBase64: z.string().max(90 * 1024 * 1024).optional(),
        /** Or a file the person chose, streamed to main beforehand (/upload, or its path in Electron): the renderer never holds it. */
        upload: z.string().min(1).max(100).optional(),
        fileName: z.string().max(500).default('renames.csv'),
        from: z.string().min(1).max(512).optional(),
        to: z.string().min(1).max(512).optional(),
        windowDays: z.number().int().min(0).max(3650).default(30),
      })
      .strict()
      .refine((v) => v.csv !== undefined || v.xlsxBase64 !== undefined || v.upload !== undefined || (v.from !== undefined && v.to !== undefined), { message: 'give a CSV, an .xlsx or a from/to pattern', path: ['csv'] }),
    'Stage a rename batch from a CSV or a pattern',
  ).returns<ChangeSet>(),
  'changesets.stageRenameBatch': call(
    z
      .object({
        /** One connection, or several for one linked batch (one change set each). */
        connections: z.array(z.string().min(1).max(200)).min(1).max(16),
        csv: z.string().max(64 * 1024 * 1024).optional(),
        /** Or an .xlsx's bytes in base64 (its first sheet is read). */
        xlsxBase64: z.string().max(90 * 1024 * 1024).optional(),
        /** Or a file the person chose, streamed to main beforehand (/upload, or its path in Electron): the renderer never holds it. */
        upload: z.string().min(1).max(100).optional(),
        fileName: z.string().max(500).default('renames.csv'),
        from: z.string().min(1).max(512).optional(),
        to: z.string().min(1).max(512).optional(),
        windowDays: z.number().int().min(0).max(3650).default(30),
        /** SCIM: also rename userName where it carries the old external id. */
        scimUserName: z.boolean().default(false),
      })
      .strict()
      .refine((v) => v.csv !== undefined || v.xlsxBase64 !== undefined || v.upload !== undefined || (v.from !== undefined && v.to !== undefined), { message: 'give a CSV, an .xlsx or a from/to pattern', path: ['csv'] }),
    'Stage a rename for one connection or a linked batch for several, each planned by what its system does',
  ).returns<{ batch: string; changeSets: ChangeSet[] }>(),
  'changesets.batch': call(batchRef, 'A rename batch side by side: each person in every system, what keeps working, the checklist').returns<RenameBatchView>(),
  'changesets.pushBatch': call(batchRef, "Push a batch's approved change sets side by side, each system under its own rate limit").returns<{ connection: string; result?: PushResultValue; error?: string }[]>(),
  'changesets.push': call(changeSetRef, 'Push an approved change set (progress as push.progress events)').returns<PushResultValue>(),
  'changesets.dryRun': call(changeSetRef, 'The exact requests a push would send now').returns<{ id: number; requests: { method: string; path: string; body: unknown }[] }>(),
  'changesets.retry': call(changeSetRef, 'Stage the rows that did not apply as a new draft').returns<ChangeSet>(),
  'preview.run': call(
    z
      .object({
        connection: z.string().min(1),
        csv: z.string().max(512 * 1024 * 1024).optional(),
        /** Or an .xlsx's bytes in base64; its first sheet, or `sheet`, is read. */
        xlsxBase64: z.string().max(360 * 1024 * 1024).optional(),
        /** Or a file the person chose, streamed to main beforehand (/upload, or its path in Electron): the renderer never holds it. */
        upload: z.string().min(1).max(100).optional(),
        sheet: z.string().min(1).max(200).optional(),
        fileName: z.string().min(1).max(500),
        mapping: z.object({ email: z.number().int().min(0).optional(), externalId: z.number().int().min(0).optional(), name: z.number().int().min(0).optional(), company: z.number().int().min(0).optional() }).strict().optional(),
        /** Plan rows naming an external id a pushed rename replaced with the new id (staged so, with the mapping kept). */
        rewriteRenamed: z.boolean().optional(),
        /** The file lines whose rows go the other way (a choice per row). */
        rewriteExcept: z.array(z.number().int().min(1)).max(100_000).optional(),
      })
      .strict()
      .refine((v) => [v.csv, v.xlsxBase64, v.upload].filter((x) => x !== undefined).length === 1, { message: 'give one CSV or .xlsx', path: ['csv'] }),
    'Preview how every row of a CSV or .xlsx resolves in a connection',
  ).returns<PreviewSummary>(),
  'preview.rows': call(
    z
      .object({
        mode: z.enum(['strict', 'lenient']),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
        action: z.string().max(50).optional(),
        search: z.string().max(200).optional(),
      })
      .strict(),
    'A window of the previewed plan, conflicts first',
  ).returns<{ total: number; rows: PreviewRowView[] }>(),
  'preview.download': call(
    z
      .object({
        /** The plan CSV or the client report, of this preview or (compare…) of the connections compared. */
        file: z.enum(['planCsv', 'report', 'comparePlanCsv', 'compareReport']),
        mode: z.enum(['strict', 'lenient']).default('strict'),
        connections: z.array(z.string().min(1).max(200)).min(1).max(16).optional(),
      })
      .strict()
      .refine((v) => !v.file.startsWith('compare') || v.connections !== undefined, { message: 'a comparison names its connections', path: ['connections'] }),
    'Write the plan CSV or the client report to a file main holds, to fetch (/download/ID) or save (Electron): it never crosses as one string',
  ).returns<FileDownload>(),
  'preview.stage': call(z.object({ mode: z.enum(['strict', 'lenient']) }).strict(), 'Stage the previewed import as a draft change set').returns<ChangeSet>(),
  'preview.compare': call(
    z.object({ connections: z.array(z.string().min(1).max(200)).min(1).max(16), mode: z.enum(['strict', 'lenient']), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    'The previewed file planned in other connections too, outcomes side by side',
  ).returns<PreviewComparison>(),
  'preview.stageInto': call(
    z.object({ connections: z.array(z.string().min(1).max(200)).min(1).max(16), mode: z.enum(['strict', 'lenient']) }).strict(),
    'Stage the previewed import into each connection: one import change set (draft) each',
  ).returns<ChangeSet[]>(),
  'review.downloadBundle': call(changeSetRef, 'A hash-locked review bundle written by main, to fetch (/download/ID) or save (Electron)').returns<FileDownload>(),
  'review.importBundle': call(
    z
      .object({
        json: z.string().max(256 * 1024 * 1024).optional(),
        /** Or the bundle the person chose, streamed to main beforehand: the renderer never holds it. */
        upload: z.string().min(1).max(100).optional(),
        fileName: z.string().max(500),
      })
      .strict()
      .refine((v) => (v.json === undefined) !== (v.upload === undefined), { message: 'give the bundle as JSON or an upload', path: ['json'] }),
    "Record a reviewer's decisions from a bundle",
  ).returns<{ id: number; applied: number; unchanged: number }>(),
  'merges.find': call(z.object({ minConfidence: z.number().min(0).max(1).optional() }).strict(), 'Duplicate candidates, highest confidence first').returns<DuplicateCandidate[]>(),
  'merges.page': call(
    z
      .object({
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
        minConfidence: z.number().min(0).max(1).optional(),
      })
      .strict(),
    'A page of the duplicate candidates, highest confidence first, with the count per kind: the find runs once and is kept until the workspace changes',
  ).returns<MergeCandidatePage>(),
  'merges.dismiss': call(z.object({ key: z.string().min(1).max(2000), reason: z.string().max(2000).nullable().default(null) }).strict(), 'Mark a candidate not a duplicate').returns<{ dismissed: string }>(),
  'merges.records': call(
    z.object({ records: z.array(z.object({ connection: z.string(), remoteId: z.string() }).strict()).min(1).max(20) }).strict(),
    "The records of a candidate, for the side-by-side view",
  ).returns<UserRecordRow[]>(),
  'merges.plan': call(mergeChoiceInput, "A candidate's merge planned per system, with the checklist").returns<MergePlanView>(),
  'merges.stage': call(mergeChoiceInput, 'Stage the merge: a merge change set (draft) per system with something to push').returns<ChangeSet[]>(),
  'merges.stageUndo': call(changeSetRef, 'Stage the way back from an applied merge: its steps undone in reverse, as a merge change set (draft)').returns<ChangeSet>(),
  'windows.list': call(
    z.object({ connection: z.string().min(1).optional() }).strict(),
    'Open migration windows, soonest to close first',
  ).returns<(MigrationWindow & { due: boolean })[]>(),
  'windows.close': call(
    z.object({ ids: z.array(z.number().int().positive()).min(1).max(100_000) }).strict(),
    'Stage a removal batch that closes windows',
  ).returns<ChangeSet>(),
  ...teamApi,
} satisfies Record<string, CallSpec<z.ZodType, unknown>>;


export type Api = typeof api;
export type Channel = keyof Api;
/** What a caller passes (defaults may be omitted). */
export type CallInput<C extends Channel> = z.input<Api[C]['input']>;
/** What a handler receives, after validation and defaults. */
export type ParsedInput<C extends Channel> = z.output<Api[C]['input']>;
export type CallOutput<C extends Channel> = NonNullable<Api[C]['__output']>;

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(api, name);
}
