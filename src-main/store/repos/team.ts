import type Database from 'better-sqlite3';
import { statementCache } from '../statements';

export interface TeamMembership {
  serverUrl: string;
  member: string;
  tokenEnv: string | null;
  /** Where the desktop app's keychain holds the token, when it was typed in. */
  tokenRef: string | null;
  joinedAt: string;
  lastSyncAt: string | null;
}

interface MembershipRow {
  server_url: string;
  member: string;
  token_env: string | null;
  token_ref: string | null;
  joined_at: string;
  last_sync_at: string | null;
}

export interface StoredUpdate {
  id: number;
  data: Uint8Array;
  local: boolean;
  sent: boolean;
}

/** The team membership and the Yjs updates of the shared docs (migration 0007). */
export class TeamRepo {
  private readonly statement;

  constructor(private readonly db: Database.Database) {
    this.statement = statementCache(db);
  }

  membership(): TeamMembership | undefined {
    const r = this.db.prepare('SELECT * FROM team_membership WHERE id = 1').get() as MembershipRow | undefined;
    return r && { serverUrl: r.server_url, member: r.member, tokenEnv: r.token_env, tokenRef: r.token_ref, joinedAt: r.joined_at, lastSyncAt: r.last_sync_at };
  }

  join(m: Omit<TeamMembership, 'lastSyncAt'>): void {
    this.db
      .prepare('INSERT INTO team_membership (id, server_url, member, token_env, token_ref, joined_at) VALUES (1, ?, ?, ?, ?, ?)')
      .run(m.serverUrl, m.member, m.tokenEnv, m.tokenRef, m.joinedAt);
  }

  /** Leaving forgets the server and every shared doc; local change sets stay as they are. */
  leave(): void {
    this.db.prepare('DELETE FROM team_membership').run();
    this.db.prepare('DELETE FROM team_updates').run();
    this.db.prepare('DELETE FROM team_links').run();
  }

  markSynced(now: string): void {
    this.db.prepare('UPDATE team_membership SET last_sync_at = ? WHERE id = 1').run(now);
  }

  docNames(): string[] {
    return (this.db.prepare('SELECT DISTINCT doc FROM team_updates ORDER BY doc').all() as { doc: string }[]).map((r) => r.doc);
  }

  updates(doc: string): StoredUpdate[] {
    const rows = this.statement('SELECT id, data, local, sent FROM team_updates WHERE doc = ? ORDER BY id').all(doc) as {
      id: number;
      data: Buffer;
      local: number;
      sent: number;
    }[];
    return rows.map((r) => ({ id: r.id, data: new Uint8Array(r.data), local: r.local === 1, sent: r.sent === 1 }));
  }

  append(doc: string, data: Uint8Array, local: boolean, now: string): number {
    return Number(this.statement('INSERT INTO team_updates (doc, data, local, sent, at) VALUES (?, ?, ?, 0, ?)').run(doc, Buffer.from(data), local ? 1 : 0, now).lastInsertRowid);
  }

  pendingCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM team_updates WHERE local = 1 AND sent = 0').get() as { n: number }).n;
  }

  /** The server has every update of `doc` up to `throughId`. */
  markSent(doc: string, throughId: number): void {
    this.statement('UPDATE team_updates SET sent = 1 WHERE doc = ? AND id <= ? AND local = 1').run(doc, throughId);
  }

  /** Replaces the updates of `doc` up to `throughId` by one merged update (all of them sent). */
  compact(doc: string, throughId: number, merged: Uint8Array, now: string): void {
    this.statement('DELETE FROM team_updates WHERE doc = ? AND id <= ?').run(doc, throughId);
    this.statement('INSERT INTO team_updates (doc, data, local, sent, at) VALUES (?, ?, 0, 1, ?)').run(doc, Buffer.from(merged), now);
  }

  link(changeSetId: number, sharedKey: string): void {
    this.db.prepare('INSERT INTO team_links (change_set_id, shared_key) VALUES (?, ?) ON CONFLICT (change_set_id) DO NOTHING').run(changeSetId, sharedKey);
  }

  linkedKey(changeSetId: number): string | undefined {
    return (this.db.prepare('SELECT shared_key FROM team_links WHERE change_set_id = ?').get(changeSetId) as { shared_key: string } | undefined)?.shared_key;
  }

  linkedChangeSet(sharedKey: string): number | undefined {
    return (this.db.prepare('SELECT change_set_id FROM team_links WHERE shared_key = ?').get(sharedKey) as { change_set_id: number } | undefined)?.change_set_id;
  }
}
