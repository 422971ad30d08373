import type Database from 'better-sqlite3';

/** Which process is pushing a change set (migration 0006). */
export interface PushLease {
  changeSetId: number;
  holderPid: number;
  holderHost: string;
  takenAt: string;
}

interface Row {
  change_set_id: number;
  holder_pid: number;
  holder_host: string;
  taken_at: string;
}

export class PushLeasesRepo {
  constructor(private readonly db: Database.Database) {}

  get(changeSetId: number): PushLease | undefined {
    const row = this.db.prepare('SELECT * FROM push_leases WHERE change_set_id = ?').get(changeSetId) as Row | undefined;
    return row && { changeSetId: row.change_set_id, holderPid: row.holder_pid, holderHost: row.holder_host, takenAt: row.taken_at };
  }

  /** Takes the lease, replacing one whose holder the caller found dead. */
  put(lease: PushLease): void {
    this.db
      .prepare('INSERT OR REPLACE INTO push_leases (change_set_id, holder_pid, holder_host, taken_at) VALUES (?, ?, ?, ?)')
      .run(lease.changeSetId, lease.holderPid, lease.holderHost, lease.takenAt);
  }

  /** Gives the lease back, only if this holder still has it. */
  release(changeSetId: number, holderPid: number, holderHost: string): void {
    this.db.prepare('DELETE FROM push_leases WHERE change_set_id = ? AND holder_pid = ? AND holder_host = ?').run(changeSetId, holderPid, holderHost);
  }
}
