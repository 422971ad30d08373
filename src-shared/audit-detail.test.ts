import { describe, expect, it } from 'vitest';
import { auditDetailLine } from './audit-detail';

describe('an audit entry’s detail on the Audit page', () => {
  it('reads as fields in words', () => {
    expect(auditDetailLine({ rows: 1200, connection: 'pb', dryRun: false })).toBe('rows 1,200 · connection pb · dry run no');
    expect(auditDetailLine({ connections: ['pb', 'scim'], counts: { approved: 3, rejected: 1 } })).toBe('connections pb, scim · counts approved 3, rejected 1');
  });

  it('stays one short line however large the detail (an approve-all names every row it decided)', () => {
    const ranges = Array.from({ length: 40_000 }, (_, i) => `${i * 5}-${i * 5 + 3}`).join(',');
    const line = auditDetailLine({ approvedRows: ranges, rejectedRows: { current_not_found: ranges }, approved: 160_000 });
    expect(line.length).toBeLessThanOrEqual(240);
    expect(line).toMatch(/^approved rows 0-3,5-8,.*… · rejected rows current not found 0-3,.*… · approved 160,000$/);
    expect(line).toContain('approved 160,000');
  });
});
