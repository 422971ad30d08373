import { describe, expect, it } from 'vitest';
import { auditDetailCodes, auditDetailLine } from './audit-detail';

describe('an audit entry’s detail on the Audit page', () => {
  it('reads as fields in words', () => {
    expect(auditDetailLine({ rows: 1200, connection: 'pb', dryRun: false })).toBe('rows 1,200 · connection pb · dry run no');
    expect(auditDetailLine({ connections: ['pb', 'scim'], counts: { approved: 3, rejected: 1 } })).toBe('connections pb, scim · counts approved 3, rejected 1');
  });

  it('stays one short line however large the detail (an approve-all names every row it decided)', () => {
    const ranges = Array.from({ length: 40_000 }, (_, i) => `${i * 5}-${i * 5 + 3}`).join(',');
    const line = auditDetailLine({ approvedRows: ranges, rejectedRows: { current_not_found: ranges }, approved: 160_000 });
    expect(line.length).toBeLessThanOrEqual(240);
    expect(line).toMatch(/^approved rows 0-3,5-8,.*… · rejected rows 0-3,5-8,.*… \(No user has this current external id\) · approved 160,000$/);
    expect(line).toContain('approved 160,000');
  });

  it('says why rows were rejected in words, and keeps the codes for the tooltip', () => {
    const detail = { approved: 3, approvedRows: '0-2', rejected: 2, rejectedRows: { current_not_found: '3', same_id: '4' } };
    expect(auditDetailLine(detail)).toBe(
      'approved 3 · approved rows 0-2 · rejected 2 · rejected rows 3 (No user has this current external id), 4 (The current and the new external id are the same)',
    );
    expect(auditDetailLine({ resource: 'users', reason: 'not_found' })).toBe('resource users · reason No user has this id');
    expect(auditDetailCodes(detail)).toBe(JSON.stringify(detail));
    expect(auditDetailCodes({ rows: 'x'.repeat(5_000) }).length).toBe(1_000);
  });
});
