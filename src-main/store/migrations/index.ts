import { migration0001 } from './0001-init';
import { migration0002 } from './0002-pull-and-persons';
import { migration0003 } from './0003-change-sets';
import { migration0004 } from './0004-note-links';
import { migration0005 } from './0005-identity-snapshots';
import { migration0006 } from './0006-push-leases';
import { migration0007 } from './0007-team';
import { migration0008 } from './0008-incremental-pulls';
import { migration0009 } from './0009-search-and-scale';
import { migration0010 } from './0010-paged-review';
import { migration0011 } from './0011-pushed-renames';
import { migration0012 } from './0012-full-read-due';

/**
 * Numbered, append-only migrations (Signal Desktop's way): entry i takes a workspace
 * from user_version i to i+1. They are TypeScript strings rather than .sql files so
 * the CLI (run from source) and the bundled app load them the same way.
 * Never edit or reorder an entry that has shipped; add the next one.
 */
export const migrations: readonly string[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
];

export const SCHEMA_VERSION = migrations.length;
