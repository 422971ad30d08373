import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldEverywhere, pullEverySystem, sandboxWorkspace } from '../../test/support/sandbox-workspace';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import type { ServiceContext } from './context';
import { previewMany } from './preview-many';
import { previewManyPlanCsv, previewManyReportHtml, REPORT_ROWS, tallyMany } from './preview-many-report';

let sandbox: Sandbox;
let ctx: ServiceContext;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ users: 40, rpm: 0 });
  ctx = sandboxWorkspace(sandbox, { ratePerSecond: 0 }).ctx;
  await pullEverySystem(ctx);
  dir = mkdtempSync(join(tmpdir(), 'rekey-many-report-'));
}, 60_000);
afterAll(async () => {
  ctx.workspace.close();
  await sandbox.close();
});

/** Visible text of an HTML report: tags and their attributes (tooltips carry the codes) dropped. */
const visible = (html: string) => html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');

describe('the client report and plan CSV of a preview into several connections (issue 19 item 4)', () => {
  it('covers every connection: counts side by side, what each system does, what is left by hand, each row in every system', async () => {
    const id = heldEverywhere(sandbox)[0]!;
    const known = sandbox.state.productboard.users.byExternalId(id)!.user;
    const file = join(dir, 'client.csv');
    writeFileSync(
      file,
      [
        'email,external_id,name',
        `${known.email},${id},Known Person`, // line 2: held everywhere
        'fresh@client.example,client-1,Fresh', // line 3: new everywhere
        `${known.email},someone-else,Impostor`, // line 4: the email belongs to another external id
        'only.email@client.example,,No Id', // line 5: the engagement platform cannot create it
        ',client-no-email,No Email', // line 6: the directory cannot create it
      ].join('\n') + '\n',
    );
    const many = await previewMany(ctx, { connections: ['pb', 'scim', 'uv', 'braze'], file, mode: 'strict' });
    const tally = tallyMany(many);
    expect(tally.byHand.braze).toMatchObject({ track_needs_external_id: { count: 1, lines: [5] } });
    expect(tally.byHand.scim).toMatchObject({ scim_needs_email: { count: 1, lines: [6] } });
    expect(tally.byHand.pb!.refused).toEqual({ count: 1, lines: [4] });
    // Attention first (lines 4, 5, 6 need it somewhere), then file order.
    expect([...tally.order].map((i) => many.preview.lines[i])).toEqual([4, 5, 6, 2, 3]);

    const html = previewManyReportHtml(many);
    expect(html).toContain('Import preview: client.csv');
    expect(html).not.toContain(dir); // the client reads the file's name, not the consultant's folders
    for (const c of ['pb', 'scim', 'uv', 'braze']) expect(html).toContain(`<th class="num">${c}</th>`);
    expect(html).toContain('The directory needs an email as the user name of a new user');
    expect(html).toContain('The engagement platform creates profiles by external id, and this row has none');
    expect(html).toContain('UserVoice imports each external user');
    expect(html).toContain('This email already belongs to another user with a different external id.');
    expect(html).toMatch(/<td>Left by hand<\/td>(<td class="num">\d+<\/td>){4}/);
    expect(html).toContain(many.preview.sha256);
    // Codes stay in tooltips: the text a client reads has none.
    expect(visible(html)).not.toMatch(/\b(create-detached|kept_attachment|email_taken_by_other_external_id|scim_needs_email|track_needs_external_id)\b/);
    expect(html).toContain('title="fail · email_taken_by_other_external_id · refused"');

    const csv = [...previewManyPlanCsv(many)].join('').trimEnd().split('\r\n');
    expect(csv[0]).toBe(
      'line,email,external_id,' + ['pb', 'scim', 'uv', 'braze'].map((c) => `${c}_strict_action,${c}_strict_user,${c}_strict_reason,${c}_by_hand,${c}_renamed_to`).join(','),
    );
    expect(csv).toHaveLength(6);
    expect(csv[3]!.startsWith(`4,${known.email},someone-else,fail,`)).toBe(true);
    expect(csv[5]).toMatch(/^6,,client-no-email,create,new-\d+,,,,create,new-\d+,,scim_needs_email,/);
  });

  it('lists the first rows of a large file and says the plan CSV has them all', async () => {
    const n = REPORT_ROWS + 250;
    const file = join(dir, 'large.csv');
    writeFileSync(file, `email,external_id\n${Array.from({ length: n }, (_, i) => `p${i}@large.example,large-${i}`).join('\n')}\n`);
    const many = await previewMany(ctx, { connections: ['pb', 'braze'], file, mode: 'lenient' });
    const html = previewManyReportHtml(many);
    expect(html).toContain(`The first 5,000 of 5,250 are listed; the plan CSV has them all.`);
    expect(html.match(/<tr><td>\d+<\/td>/g)).toHaveLength(REPORT_ROWS);
    const parts = [...previewManyPlanCsv(many)];
    expect(parts.join('').trimEnd().split('\r\n')).toHaveLength(n + 1);
  });
});
