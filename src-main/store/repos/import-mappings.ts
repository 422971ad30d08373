import type Database from 'better-sqlite3';

/** Field → column index, as the import preview maps a CSV. */
export type StoredMapping = Partial<Record<'email' | 'externalId' | 'name' | 'company', number>>;

/** Remembered column mappings, keyed by a file's header (SPEC §7.2). */
export class ImportMappingsRepo {
  constructor(private readonly db: Database.Database) {}

  get(signature: string): StoredMapping | undefined {
    const row = this.db.prepare('SELECT mapping FROM import_mappings WHERE signature = ?').get(signature) as { mapping: string } | undefined;
    return row ? (JSON.parse(row.mapping) as StoredMapping) : undefined;
  }

  /** Every saved mapping by signature (a few: one per file shape the user has mapped). */
  all(): Record<string, StoredMapping> {
    const rows = this.db.prepare('SELECT signature, mapping FROM import_mappings').all() as { signature: string; mapping: string }[];
    return Object.fromEntries(rows.map((r) => [r.signature, JSON.parse(r.mapping) as StoredMapping]));
  }

  save(signature: string, mapping: StoredMapping, now: string): void {
    this.db
      .prepare('INSERT INTO import_mappings (signature, mapping, updated_at) VALUES (?, ?, ?) ON CONFLICT (signature) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at')
      .run(signature, JSON.stringify(mapping), now);
  }
}
