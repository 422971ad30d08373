import { describe, expect, it } from 'vitest';
import { CONNECTION_KINDS } from './model/connection';
import { BY_HAND_SENTENCES, importStepByHand, SYSTEM_IMPORT_SENTENCES, SYSTEM_KIND_LABELS } from './import-by-hand';

const both = { hasEmail: true, hasExternalId: true };

describe('import steps left by hand, per kind of system (issue 19 item 4)', () => {
  it('names the rows each system will not carry out, as its push adapter refuses them', () => {
    for (const kind of CONNECTION_KINDS) {
      expect(importStepByHand(kind, 'fail', both), kind).toBe('refused');
      expect(importStepByHand(kind, 'match', both), kind).toBeUndefined();
      expect(importStepByHand(kind, 'create', both), kind).toBeUndefined();
    }
    expect(importStepByHand('uservoice', 'kept_attachment', both)).toBe('sticky_attachment');
    expect(importStepByHand('braze', 'backfill', both)).toBe('needs_identify');
    expect(importStepByHand('productboard', 'backfill', both)).toBeUndefined();
    expect(importStepByHand('braze', 'create', { hasEmail: true, hasExternalId: false })).toBe('track_needs_external_id');
    expect(importStepByHand('productboard', 'create', { hasEmail: true, hasExternalId: false })).toBeUndefined();
    expect(importStepByHand('productboard-scim', 'create-detached', { hasEmail: false, hasExternalId: true })).toBe('scim_needs_email');
    expect(importStepByHand('productboard', 'create', { hasEmail: false, hasExternalId: true })).toBeUndefined();
  });

  it('says every step and every system in plain words, without codes', () => {
    const texts = [...Object.values(BY_HAND_SENTENCES), ...CONNECTION_KINDS.map((k) => SYSTEM_IMPORT_SENTENCES[k]), ...CONNECTION_KINDS.map((k) => SYSTEM_KIND_LABELS[k])];
    for (const text of texts) {
      expect(text.trim()).not.toBe('');
      expect(text).not.toMatch(/SPEC|§|\b[a-z]+_[a-z_]+\b|\/users/);
    }
  });
});
