import { csvLine } from '../../src-shared/csv/write';
import { OUTCOME_SENTENCES, outcomeLabel, reasonSentence, RENAMED_ID_CODE, RENAMED_ID_REWRITTEN_CODE, renamedIdSentence } from '../../src-shared/plain-words';
import { BY_HAND_SENTENCES, type ByHandCode } from '../../src-shared/import-by-hand';
import { conflictsFirst, isConflictAction, previewRow, type ImportPreview } from './preview';
import { rowStepByHand } from './preview-by-hand';

export const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The name of the previewed file without the folders it sat in: a report goes to the
 * client, and the consultant's own path (a home folder, a client's name in a folder)
 * is not theirs to read. Either separator: the file may have come from Windows.
 */
export function reportFileName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}

/** The client reports' look: plain, printable, no external files. */
export const reportStyle = `
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1d1f23;margin:32px;max-width:960px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f4f4f2}.num{text-align:right}.muted{color:#5f6570}code{font-size:12px}
@media print{body{margin:12mm}h2{break-after:avoid}tr{break-inside:avoid}}
`;

function describeRow(plan: Record<string, unknown>): string {
  const outcome = typeof plan.action === 'string' ? (OUTCOME_SENTENCES as Record<string, string>)[plan.action] : undefined;
  const reason = typeof plan.reason === 'string' ? reasonSentence(plan.reason) : '';
  return `${outcome ?? String(plan.action)}${reason ? ` ${reason}` : ''}`;
}

function chart(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const bar = 22;
  const height = entries.length * bar + 4;
  const rows = entries
    .map(([action, n], i) => {
      const width = Math.round((n / max) * 320);
      return `<text x="0" y="${i * bar + 15}" font-size="12">${esc(outcomeLabel(action))}</text><rect x="180" y="${i * bar + 4}" width="${width}" height="14" fill="${action === 'fail' || action === 'create-detached' ? '#b3261e' : '#2f5bd3'}"/><text x="${186 + width}" y="${i * bar + 15}" font-size="12">${n.toLocaleString('en-US')}</text>`;
    })
    .join('');
  return `<svg role="img" aria-label="Rows per outcome" width="560" height="${height}" xmlns="http://www.w3.org/2000/svg">${rows}</svg>`;
}

/**
 * The client report (SPEC §7.2): self-contained HTML (no scripts, no external files)
 * that prints well — summary counts with a chart, conflicts in plain words, the
 * assumptions made, the file's checksum and the time of the preview.
 */
export function previewReportHtml(preview: ImportPreview, mode: 'strict' | 'lenient'): string {
  const plan = preview.plans[mode];
  const conflicts = conflictsFirst(preview, mode, (i) => plan !== undefined && isConflictAction(plan.actionOf(i)));
  const counts = preview.counts[mode];
  const file = reportFileName(preview.file);
  const byHand = tallyByHand(preview, mode);
  const conflictRows = [...conflicts.subarray(0, 5000)]
    .map((i) => previewRow(preview, i))
    .map((r) => `<tr><td>${r.line}</td><td>${esc(r.email)}</td><td>${esc(r.externalId)}</td><td>${esc(describeRow(r[mode]))}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Import preview — ${esc(file)}</title>
<style>${reportStyle}</style></head><body>
<h1>Import preview: ${esc(file)}</h1>
<p class="muted">Into <strong>${esc(preview.connection)}</strong> (${esc(preview.connectionKind)}), ${mode} mode · previewed ${esc(preview.createdAt)} · nothing has been sent</p>
<h2>Summary</h2>
<table><thead><tr><th>Outcome</th><th class="num">Rows</th><th>What it means</th></tr></thead><tbody>
${Object.entries(counts)
  .map(([a, n]) => `<tr><td title="${esc(a)}">${esc(outcomeLabel(a))}</td><td class="num">${n.toLocaleString('en-US')}</td><td>${esc((OUTCOME_SENTENCES as Record<string, string>)[a] ?? a)}</td></tr>`)
  .join('')}
<tr><td>Left by hand</td><td class="num">${byHand.total.toLocaleString('en-US')}</td><td>rows ${esc(preview.connection)}’s API will not carry out (listed below)</td></tr>
<tr><td>unreadable</td><td class="num">${preview.problemCount.toLocaleString('en-US')}</td><td>rows of the file that could not be read (listed below${preview.problemCount > 1000 ? ', the first 1,000' : ''})</td></tr>
</tbody></table>
${chart(counts)}
<h2>Conflicts (${conflicts.length.toLocaleString('en-US')})</h2>
${conflicts.length ? `<table><thead><tr><th>Line</th><th>Email</th><th>External ID</th><th>What will happen</th></tr></thead><tbody>${conflictRows}</tbody></table>${conflicts.length > 5000 ? `<p class="muted">The first 5,000 of ${conflicts.length.toLocaleString('en-US')} are listed; the plan CSV has them all.</p>` : ''}` : '<p>None.</p>'}
${byHandSection(byHand)}
${renamedSection(preview)}
${preview.problems.length ? `<h2>Rows that could not be read</h2><table><thead><tr><th>Line</th><th>Problem</th></tr></thead><tbody>${preview.problems.slice(0, 1000).map((p) => `<tr><td>${p.line}</td><td>${esc(p.message)}</td></tr>`).join('')}</tbody></table>` : ''}
<h2>Assumptions</h2>
<ul>
<li>Compared with the users of ${esc(preview.connection)} as last pulled into the workspace; changes made since then are not seen.</li>
<li>Emails are compared without regard to case or surrounding spaces; external IDs exactly, after trimming.</li>
<li>${mode === 'strict' ? 'Strict mode: as the public Users and Notes APIs do, a conflict refuses the row.' : 'Lenient mode: as Insights integrations do, a conflict never refuses a row; a second user is created instead.'}</li>
<li>Rows are applied in file order; each row sees the users created by the rows before it.</li>
<li>Columns used: ${Object.entries(preview.mapping).map(([field, at]) => `${esc(field)} ← “${esc(preview.header[at as number])}”`).join(', ')}.</li>
</ul>
<h2>File</h2>
<p>${esc(file)} · ${preview.rows.rows.toLocaleString('en-US')} rows read · SHA-256 <code>${preview.sha256}</code></p>
</body></html>
`;
}

/** Lines named per step left by hand; the count covers them all. */
const LINES_NAMED = 20;

/** The planned rows the system's push will not carry out, per step: one pass, no object per row. */
function tallyByHand(preview: ImportPreview, mode: 'strict' | 'lenient') {
  const plan = preview.plans[mode];
  const steps: Partial<Record<ByHandCode, { count: number; lines: number[] }>> = {};
  let total = 0;
  for (let i = 0; plan && i < preview.rows.rows; i++) {
    const step = rowStepByHand(preview.connectionKind, preview.rows, plan, i);
    if (!step) continue;
    total++;
    const t = (steps[step] ??= { count: 0, lines: [] });
    t.count++;
    if (t.lines.length < LINES_NAMED) t.lines.push(preview.lines[i]!);
  }
  return { total, steps };
}

/** What is left to a person, step by step, with the first lines of each. */
function byHandSection({ total, steps }: ReturnType<typeof tallyByHand>): string {
  const items = (Object.entries(steps) as [ByHandCode, { count: number; lines: number[] }][])
    .map(([code, t]) => `<li title="${esc(code)}"><strong>${t.count.toLocaleString('en-US')} ${t.count === 1 ? 'row' : 'rows'}</strong>: ${esc(BY_HAND_SENTENCES[code])} <span class="muted">Line${t.lines.length === 1 ? '' : 's'} ${t.lines.join(', ')}${t.count > t.lines.length ? ', …' : ''}.</span></li>`)
    .join('');
  return `<h2>Left by hand (${total.toLocaleString('en-US')})</h2>${items ? `<ul>${items}</ul>` : '<p>Nothing: every row goes through the API.</p>'}`;
}

/** Rows naming an external id a pushed rename replaced: what became of the id, and whether the plan uses the new one. */
function renamedSection(preview: ImportPreview): string {
  if (preview.renamed.size === 0) return '';
  const n = preview.renamed.size;
  const k = preview.rewritten.size;
  const mapped = k === n ? `the plan uses the new ${n === 1 ? 'id' : 'ids'} instead` : k ? `the plan uses the new id for ${k.toLocaleString('en-US')} of them, the ids as the file gives them for the rest` : 'the plan above uses the ids as the file gives them';
  const intro = `${n.toLocaleString('en-US')} ${n === 1 ? 'row names an external id' : 'rows name external ids'} that a rename replaced; ${mapped}.`;
  const rows = [...preview.renamed.entries()]
    .slice(0, 5000)
    .map(([i, r]) => {
      const rewritten = preview.rewritten.has(i);
      return `<tr><td>${preview.lines[i]}</td><td>${esc(r.from)}</td><td>${esc(r.to)}</td><td title="${rewritten ? RENAMED_ID_REWRITTEN_CODE : RENAMED_ID_CODE}">${esc(renamedIdSentence({ ...r, rewritten }))}</td></tr>`;
    })
    .join('');
  return `<h2>Old external ids (${n.toLocaleString('en-US')})</h2><p>${intro}</p><table><thead><tr><th>Line</th><th>In the file</th><th>Renamed to</th><th>What it means</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The full plan as CSV: every row, both modes. */
export function previewPlanCsv(preview: ImportPreview): string {
  return [...previewPlanCsvParts(preview)].join('');
}

/** The full plan as CSV in parts of about a megabyte, for a writer that streams a million rows. */
export function* previewPlanCsvParts(preview: ImportPreview): Generator<string> {
  yield csvLine(['line', 'email', 'external_id', 'strict_action', 'strict_user', 'strict_reason', 'lenient_action', 'lenient_user', 'lenient_reason', 'renamed_from', 'renamed_to', 'strict_by_hand', 'lenient_by_hand']);
  const { strict, lenient } = preview.plans;
  const step = (plan: typeof strict, i: number) => (plan ? (rowStepByHand(preview.connectionKind, preview.rows, plan, i) ?? '') : '');
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  let part = '';
  for (let i = 0; i < preview.rows.rows; i++) {
    const r = previewRow(preview, i);
    part += csvLine([String(r.line), cell(r.email), cell(r.externalId), cell(r.strict.action), cell(r.strict.userId), cell(r.strict.reason), cell(r.lenient.action), cell(r.lenient.userId), cell(r.lenient.reason), cell(r.renamedId?.from), cell(r.renamedId?.to), step(strict, i), step(lenient, i)]);
    if (part.length > 1 << 20) {
      yield part;
      part = '';
    }
  }
  if (part) yield part;
}
