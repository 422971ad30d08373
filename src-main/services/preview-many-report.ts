import { csvLine } from '../../src-shared/csv/write';
import { BY_HAND_SENTENCES, SYSTEM_IMPORT_SENTENCES, SYSTEM_KIND_LABELS, type ByHandCode } from '../../src-shared/import-by-hand';
import type { ConnectionKind } from '../../src-shared/model/connection';
import { OUTCOME_SENTENCES, outcomeLabel, reasonSentence, RENAMED_ID_CODE, RENAMED_ID_REWRITTEN_CODE, renamedIdSentence } from '../../src-shared/plain-words';
import { EMAIL, EXTERNAL_ID } from './import-plan';
import { isConflictAction } from './preview';
import { rowStepByHand } from './preview-by-hand';
import { renamedIn, type ManyPreview } from './preview-many';
import { esc, reportFileName, reportStyle } from './preview-report';

/** Rows the report lists side by side; the plan CSV has every row. */
export const REPORT_ROWS = 5000;
/** Lines named per step left by hand, per connection; the count covers them all. */
const LINES_NAMED = 20;

/** The step row i leaves to a person in connection c, if any. */
export function stepByHand(many: ManyPreview, c: string, i: number): ByHandCode | undefined {
  return rowStepByHand(many.kinds[c]!, many.rows[c]!, many.plans[c]!, i);
}

interface Tally {
  /** Per connection and step: how many rows, and the first lines. */
  byHand: Record<string, Partial<Record<ByHandCode, { count: number; lines: number[] }>>>;
  /** Rows that need someone's attention in some connection (a conflict, a step by hand), then the rest: file order within each. */
  order: Int32Array;
  attention: number;
}

/** One pass over every row and connection: the steps left by hand and the order rows are listed in. */
export function tallyMany(many: ManyPreview): Tally {
  const n = many.preview.rows.rows;
  const byHand: Tally['byHand'] = Object.fromEntries(many.connections.map((c) => [c, {}]));
  const needs = new Uint8Array(n);
  let attention = 0;
  for (let i = 0; i < n; i++) {
    for (const c of many.connections) {
      const step = stepByHand(many, c, i);
      if (step) {
        const t = (byHand[c]![step] ??= { count: 0, lines: [] });
        t.count++;
        if (t.lines.length < LINES_NAMED) t.lines.push(many.preview.lines[i]!);
      }
      if (step || isConflictAction(many.plans[c]!.actionOf(i)) || many.renamed[c]!.has(i)) needs[i] = 1;
    }
    attention += needs[i]!;
  }
  const order = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) if (needs[i]) order[k++] = i;
  for (let i = 0; i < n; i++) if (!needs[i]) order[k++] = i;
  return { byHand, order, attention };
}

/** Per connection: how many rows are left by hand. */
export function byHandCounts(many: ManyPreview): Record<string, number> {
  const { byHand } = tallyMany(many);
  return Object.fromEntries(many.connections.map((c) => [c, Object.values(byHand[c]!).reduce((a, t) => a + t.count, 0)]));
}

/** The external id as the file gives it (the preview's own connection may have planned it with a new one). */
function fileIdOf(many: ManyPreview, i: number): string | null {
  return many.preview.rewritten.has(i) ? many.preview.renamed.get(i)!.from : many.preview.rows.get(i, EXTERNAL_ID);
}

const kindLabel = (kind: string) => SYSTEM_KIND_LABELS[kind as ConnectionKind] ?? kind;
const count = (k: number) => k.toLocaleString('en-US');

function cell(many: ManyPreview, c: string, i: number): string {
  const plan = many.plans[c]!.planOf(i);
  const action = String(plan.action);
  const reason = typeof plan.reason === 'string' ? reasonSentence(plan.reason) : '';
  const step = stepByHand(many, c, i);
  const renamed = renamedIn(many, c, i);
  const renamedCode = renamed && (renamed.rewritten ? RENAMED_ID_REWRITTEN_CODE : RENAMED_ID_CODE);
  const codes = [action, plan.reason, step, renamedCode].filter((x) => typeof x === 'string').join(' · ');
  return `<td title="${esc(codes)}" class="${isConflictAction(action) || step || renamed ? 'attention' : ''}"><strong>${esc(outcomeLabel(action))}</strong>${reason ? `<br>${esc(reason)}` : ''}${step && step !== 'refused' ? '<br><em>Left by hand (see below)</em>' : ''}${renamed ? `<br><em>${esc(renamedIdSentence(renamed))}</em>` : ''}</td>`;
}

/**
 * The client report for several connections (issue 19 item 4): the single report's
 * family (self-contained HTML that prints), with counts per connection side by side,
 * what each system does with the rows, what is left by hand in each, and each row's
 * outcome in every system — the rows needing attention first, the first REPORT_ROWS of them.
 */
export function previewManyReportHtml(many: ManyPreview): string {
  const { preview, connections, mode } = many;
  const file = reportFileName(preview.file);
  const counts = Object.fromEntries(connections.map((c) => [c, many.plans[c]!.counts()]));
  const actions = [...new Set(connections.flatMap((c) => Object.keys(counts[c]!)))];
  const tally = tallyMany(many);
  const byHandTotal = (c: string) => Object.values(tally.byHand[c]!).reduce((a, t) => a + t.count, 0);
  const listed = tally.order.subarray(0, Math.min(REPORT_ROWS, tally.order.length));
  const head = connections.map((c) => `<th class="num">${esc(c)}</th>`).join('');
  const byHandSection = connections
    .map((c) => {
      const steps = Object.entries(tally.byHand[c]!) as [ByHandCode, { count: number; lines: number[] }][];
      const items = steps
        .map(([code, t]) => `<li title="${esc(code)}"><strong>${count(t.count)} ${t.count === 1 ? 'row' : 'rows'}</strong>: ${esc(BY_HAND_SENTENCES[code])} <span class="muted">Line${t.lines.length === 1 ? '' : 's'} ${t.lines.join(', ')}${t.count > t.lines.length ? ', …' : ''}.</span></li>`)
        .join('');
      return `<h3>${esc(c)} <span class="muted">(${esc(kindLabel(many.kinds[c]!))})</span></h3>${items ? `<ul>${items}</ul>` : '<p>Nothing: every row goes through the API.</p>'}`;
    })
    .join('\n');
  const rowsHtml = [...listed]
    .map((i) => `<tr><td>${preview.lines[i]}</td><td>${esc(preview.rows.get(i, EMAIL))}</td><td>${esc(fileIdOf(many, i))}</td>${connections.map((c) => cell(many, c, i)).join('')}</tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Import preview — ${esc(file)} into ${connections.length} systems</title>
<style>${reportStyle}
td.attention{background:#fdf3f2}h3{font-size:14px;margin:16px 0 4px}
</style></head><body>
<h1>Import preview: ${esc(file)}</h1>
<p class="muted">Into ${connections.map((c) => `<strong>${esc(c)}</strong> (${esc(kindLabel(many.kinds[c]!))})`).join(', ')}, ${mode} mode · previewed ${esc(preview.createdAt)} · nothing has been sent</p>
<h2>Summary</h2>
<table><thead><tr><th>Outcome</th>${head}<th>What it means</th></tr></thead><tbody>
${actions.map((a) => `<tr><td title="${esc(a)}">${esc(outcomeLabel(a))}</td>${connections.map((c) => `<td class="num">${count(counts[c]![a] ?? 0)}</td>`).join('')}<td>${esc((OUTCOME_SENTENCES as Record<string, string>)[a] ?? a)}</td></tr>`).join('\n')}
<tr><td>Left by hand</td>${connections.map((c) => `<td class="num">${count(byHandTotal(c))}</td>`).join('')}<td>rows the system’s API will not carry out (listed below, system by system)</td></tr>
${connections.some((c) => many.renamed[c]!.size) ? `<tr><td>Old ids</td>${connections.map((c) => `<td class="num">${count(many.renamed[c]!.size)}</td>`).join('')}<td>rows naming an external id that a rename pushed to that system replaced${connections.some((c) => many.rewritten[c]!.size) ? ' (planned there with the new id)' : ''}; each row says so below</td></tr>` : ''}
<tr><td>unreadable</td>${connections.map(() => `<td class="num">${count(preview.problemCount)}</td>`).join('')}<td>rows of the file that could not be read, in every system (listed below${preview.problemCount > 1000 ? ', the first 1,000' : ''})</td></tr>
</tbody></table>
<h2>What each system will do</h2>
<ul>${connections.map((c) => `<li><strong>${esc(c)}</strong>: ${esc(SYSTEM_IMPORT_SENTENCES[many.kinds[c] as ConnectionKind] ?? '')}</li>`).join('')}</ul>
<h2>Left by hand</h2>
${byHandSection}
<h2>Every row, side by side (${count(preview.rows.rows)})</h2>
<p class="muted">Rows that need attention in some system come first (${count(tally.attention)}), then the rest in file order.</p>
${listed.length ? `<table><thead><tr><th>Line</th><th>Email</th><th>External ID</th>${connections.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${rowsHtml}</tbody></table>` : '<p>None.</p>'}
${tally.order.length > listed.length ? `<p class="muted">The first ${count(listed.length)} of ${count(tally.order.length)} are listed; the plan CSV has them all.</p>` : ''}
${preview.problems.length ? `<h2>Rows that could not be read</h2><table><thead><tr><th>Line</th><th>Problem</th></tr></thead><tbody>${preview.problems.slice(0, 1000).map((p) => `<tr><td>${p.line}</td><td>${esc(p.message)}</td></tr>`).join('')}</tbody></table>` : ''}
<h2>Assumptions</h2>
<ul>
<li>Each system is compared with its users as last pulled into the workspace; changes made since then are not seen.</li>
<li>Emails are compared without regard to case or surrounding spaces; external IDs exactly, after trimming.</li>
<li>${mode === 'strict' ? 'Strict mode: as the public Users and Notes APIs do, a conflict refuses the row.' : 'Lenient mode: as Insights integrations do, a conflict never refuses a row; a second user is created instead.'} UserVoice follows its own rules in either mode.</li>
<li>Rows are applied in file order; each row sees the users created by the rows before it, in each system apart.</li>
<li>Columns used: ${Object.entries(preview.mapping).map(([field, at]) => `${esc(field)} ← “${esc(preview.header[at as number])}”`).join(', ')}.</li>
</ul>
<h2>File</h2>
<p>${esc(file)} · ${count(preview.rows.rows)} rows read · SHA-256 <code>${preview.sha256}</code></p>
</body></html>
`;
}

/**
 * The plan for every connection as CSV, one line per row of the file, a group of
 * columns per connection (action, user, reason, step by hand: codes, as exports carry; and
 * the new id a rename pushed to that connection gave the row's old one).
 * Yielded a few thousand lines at a time, so a million rows are written as they are made.
 */
export function* previewManyPlanCsv(many: ManyPreview): Generator<string> {
  const { preview, connections, mode } = many;
  yield csvLine(['line', 'email', 'external_id', ...connections.flatMap((c) => [`${c}_${mode}_action`, `${c}_${mode}_user`, `${c}_${mode}_reason`, `${c}_by_hand`, `${c}_renamed_to`])]);
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  let part = '';
  for (let i = 0; i < preview.rows.rows; i++) {
    const cells = [String(preview.lines[i]), text(preview.rows.get(i, EMAIL)), text(fileIdOf(many, i))];
    for (const c of connections) {
      const plan = many.plans[c]!.planOf(i);
      // The id a rename pushed to this connection gave the row's id (planned with it or not).
      cells.push(text(plan.action), text(plan.userId), text(plan.reason), text(stepByHand(many, c, i)), text(many.renamed[c]!.get(i)?.to));
    }
    part += csvLine(cells);
    if (part.length > 1 << 20) {
      yield part;
      part = '';
    }
  }
  if (part) yield part;
}
