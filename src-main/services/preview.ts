import { createHash } from 'node:crypto';
import type { ResolveMode } from '../../src-shared/resolver';
import { grown } from '../../src-shared/resolver/grown';
import { CHUNK_ROWS, TextColumns } from '../../src-shared/resolver/text-columns';
import type { CsvProblem } from '../csv/read-csv';
import { requireConnection } from './connections';
import type { ServiceContext } from './context';
import type { ImportMapping, IncomingRow } from './import-columns';
import { COMPANY, EMAIL, EXTERNAL_ID, hasSavedIndex, NAME, planner, type ModePlan, type Planner } from './import-plan';
import { readIncomingRows, type ReadThread } from './incoming-reader';
import type { IncomingHead } from './incoming-rows';
import { renamedIdsOf, scanChunk } from './renamed-ids';
import { estimateRows } from './row-estimate';
import type { RenamedId } from '../../src-shared/model/renamed-id';

/** One previewed row: the mapped identity and what each mode would do with it. */
export interface PreviewRow extends IncomingRow {
  index: number;
  strict: Record<string, unknown>;
  lenient: Record<string, unknown>;
  /** The row names an id a pushed rename replaced; `rewritten`: it was planned with the new id. */
  renamedId?: RenamedId & { rewritten: boolean };
}

export interface ImportPreview {
  file: string;
  sha256: string;
  createdAt: string;
  connection: string;
  connectionKind: string;
  header: string[];
  mapping: ImportMapping;
  /** The rows that could be read, mapped: email, external id, name, company (import-plan.ts). */
  rows: TextColumns;
  /** Each row's line in the file. */
  lines: Int32Array;
  plans: Partial<Record<ResolveMode, ModePlan>>;
  /** The first bad rows (KEPT_PROBLEMS), by line. */
  problems: CsvProblem[];
  /** All bad rows. */
  problemCount: number;
  counts: { strict: Record<string, number>; lenient: Record<string, number> };
  /**
   * Rows naming an external id that a pushed rename replaced (issue 19 item 5), by row.
   * Those in `rewritten` were planned (and are staged) with the new id: `rows` holds the
   * new id, this map the old one.
   */
  renamed: Map<number, RenamedId>;
  rewritten: ReadonlySet<number>;
}

/**
 * The import preview (SPEC §7.2): a CSV read with bad rows reported by line (they do
 * not stop the rest), its columns mapped (guessed, or as saved for files of the same
 * header), and every row planned in strict and lenient mode against the pulled users.
 * A million rows pass through here (issue 7): a worker thread parses the file into text
 * chunks while this thread loads the users' saved index and plans each chunk as it
 * arrives, into typed arrays; a row becomes an object only when shown.
 */
export async function previewImport(
  ctx: ServiceContext,
  input: {
    connection: string;
    file: string;
    text?: string;
    bytes?: Uint8Array;
    sheet?: string;
    mapping?: ImportMapping;
    modes?: readonly ResolveMode[];
    thread?: ReadThread;
    /** Plan rows naming a renamed-away id with the id it was renamed to… */
    rewriteRenamed?: boolean;
    /** …except the rows at these lines of the file, which go the other way (a choice per row). */
    rewriteExcept?: readonly number[];
  },
): Promise<ImportPreview> {
  const modes = input.modes ?? (['strict', 'lenient'] as const);
  const connection = requireConnection(ctx, input.connection);
  const renamedIds = renamedIdsOf(ctx, connection.name);
  const rewriteRenamed = input.rewriteRenamed === true;
  const except = new Set(input.rewriteExcept ?? []);
  const renamed = new Map<number, RenamedId>();
  const rewritten = new Set<number>();
  const rows = new TextColumns(4);
  let lines: Int32Array = new Int32Array(CHUNK_ROWS);
  let head: IncomingHead | undefined;
  const planners: Partial<Record<ResolveMode, Planner>> = {};
  let planning = false;
  // Of the text when the app was handed text, else of the file's bytes as the reader read them.
  let sha256 = input.text !== undefined ? sha256Hex(input.text) : input.bytes ? sha256Hex(input.bytes) : '';
  const startPlanning = () => {
    if (planning) return;
    planning = true;
    for (const mode of modes) planners[mode] = planner(ctx, connection.name, rows, mode);
  };
  const end = await readIncomingRows(
    { file: input.file, text: input.text, bytes: input.bytes, sheet: input.sheet, mapping: input.mapping, saved: ctx.workspace.importMappings.all() },
    {
      bytes: (bytes) => (sha256 = sha256Hex(bytes)),
      head: (h) => {
        head = h;
        if (h.planned) startPlanning();
      },
      chunk: ({ chunk, lines: chunkLines }) => {
        const at = rows.rows;
        // Before planning: a row naming a renamed-away id is planned with its new id when asked.
        const rewrite = (row: number) => rewriteRenamed !== except.has(chunkLines[row]!);
        rows.append(
          scanChunk(chunk, rows.width, EXTERNAL_ID, renamedIds, rewrite, (row, r) => {
            renamed.set(at + row, r);
            if (rewrite(row)) rewritten.add(at + row);
          }),
        );
        lines = grown(lines, rows.rows);
        lines.set(chunkLines.subarray(0, chunk.rows), at);
        if (at === 0) {
          // A file of mostly new rows adds a user per row: the index makes room once.
          const expected = estimateRows(input, chunk, rows.width);
          if (expected !== undefined) for (const mode of modes) planners[mode]!.expect(expected);
        }
        for (const mode of modes) planners[mode]!.extend();
      },
    },
    {
      thread: input.thread,
      // While the file is parsed: the users' saved index, loaded once per mode (planning
      // changes it). Without a saved one, planning waits for a readable header, so a
      // refused file leaves the workspace as it was.
      before: () => {
        if (hasSavedIndex(ctx, connection.name)) startPlanning();
      },
    },
  );
  const { header, mapping } = head!;
  const problems = end.problems;
  const base = { file: input.file, sha256, createdAt: new Date().toISOString(), connection: connection.name, connectionKind: connection.kind, header, mapping, problemCount: end.problemCount, renamed, rewritten };
  if (!head!.planned) {
    // Nothing to plan yet: show the header so the user can say which column is which.
    problems.unshift({ line: 1, message: 'no column is mapped to email or external id; choose one' });
    base.problemCount++;
    return { ...base, renamed: new Map(), rewritten: new Set(), rows: new TextColumns(4), lines: new Int32Array(0), plans: {}, problems, counts: { strict: {}, lenient: {} } };
  }
  const counts: ImportPreview['counts'] = { strict: {}, lenient: {} };
  const plans: ImportPreview['plans'] = {};
  for (const mode of modes) {
    plans[mode] = planners[mode]!.finish();
    counts[mode] = plans[mode].counts();
  }
  return { ...base, rows, lines: lines.subarray(0, rows.rows), plans, problems, counts };
}

/**
 * The checksum a client can check the report against (what `sha256sum` prints for the
 * file). The reader hands over the bytes it read, so the file is read once.
 */
const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The plan of a mode that was not asked for (the CLI plans one): one shared empty object. */
const NOT_PLANNED: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/** Row i as an object, both modes (for the window shown, the report, staging). */
export function previewRow(p: ImportPreview, i: number): PreviewRow {
  const renamed = p.renamed.get(i);
  return {
    ...(renamed ? { renamedId: { ...renamed, rewritten: p.rewritten.has(i) } } : {}),
    index: i,
    line: p.lines[i]!,
    email: p.rows.get(i, EMAIL),
    externalId: p.rows.get(i, EXTERNAL_ID),
    name: p.rows.get(i, NAME),
    company: p.rows.get(i, COMPANY),
    strict: p.plans.strict?.planOf(i) ?? NOT_PLANNED,
    lenient: p.plans.lenient?.planOf(i) ?? NOT_PLANNED,
  };
}

const CONFLICTS = new Set(['fail', 'create-detached', 'kept_attachment']);

/** The actions that need someone's attention first (SPEC §7.2 "conflicts first"). */
export const isConflictAction = (action: string) => CONFLICTS.has(action);

/** Row numbers in the order a reviewer wants them: conflicts first, then file order. */
export function conflictsFirst(p: ImportPreview, mode: ResolveMode, keep: (i: number) => boolean = () => true): Int32Array {
  const plan = p.plans[mode];
  const n = p.rows.rows;
  const order = new Int32Array(n);
  let k = 0;
  // Two stable passes instead of a sort: linear, and file order kept within each group.
  for (let i = 0; i < n; i++) if (plan && isConflictAction(plan.actionOf(i)) && keep(i)) order[k++] = i;
  for (let i = 0; i < n; i++) if (!(plan && isConflictAction(plan.actionOf(i))) && keep(i)) order[k++] = i;
  return order.subarray(0, k);
}
