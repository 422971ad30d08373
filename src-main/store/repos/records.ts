import type Database from 'better-sqlite3';
import type { ConnectionKind } from '../../../src-shared/model/connection';
import type { CandidateFocus } from '../../../src-shared/merges/candidate-recheck';
import type { MergeRecord, MergeSource } from '../../../src-shared/merges/find-duplicates';
import type { LinkableRecord } from '../../../src-shared/persons/link-persons';
import type { PulledRecord, UserRecordRow } from '../../../src-shared/model/record';
import { statementCache } from '../statements';

interface RecordRow {
  connection: string;
  kind: ConnectionKind;
  remote_id: string;
  email: string | null;
  external_id: string | null;
  deprecated_external_ids: string;
  name: string | null;
  company: string | null;
  status: string;
  vanished_at: string | null;
  person_key: number | null;
  id: number;
}

function toRecord(row: RecordRow): UserRecordRow {
  return {
    connection: row.connection,
    kind: row.kind,
    remoteId: row.remote_id,
    email: row.email,
    externalId: row.external_id,
    deprecatedExternalIds: JSON.parse(row.deprecated_external_ids) as string[],
    name: row.name,
    company: row.company,
    status: row.status,
    vanishedAt: row.vanished_at,
    // NULL means the record is its own person's key (see setPersonKeys).
    personKey: row.person_key ?? row.id,
  };
}

export interface RecordQuery {
  connection?: string;
  status?: 'active' | 'inactive' | 'vanished';
  search?: string;
  offset: number;
  limit: number;
}

const SELECT_COLUMNS = `SELECT r.id, c.name AS connection, c.kind, r.remote_id, r.email, r.external_id,
  r.deprecated_external_ids, r.name, r.company, r.status, r.vanished_at, r.person_key`;
const SELECT = `${SELECT_COLUMNS} FROM records r JOIN connections c ON c.id = r.connection_id`;

const NO_IDS: readonly string[] = [];

/** A record that is a user of its connection (not vanished, not a team member): what identity indexes hold. */
const IS_IDENTITY = "vanished_at IS NULL AND status <> 'member'";
const IDENTITIES_OF_CONNECTION = `connection_id = ? AND ${IS_IDENTITY}`;

/** A record whose searched text holds PARAM (lower-cased) anywhere: instr(), with no LIKE wildcards to escape. */
function containsText(param: string): string {
  return `(instr(coalesce(r.email_norm, ''), ${param}) > 0 OR instr(lower(coalesce(r.external_id, '')), ${param}) > 0
    OR instr(lower(r.deprecated_external_ids), ${param}) > 0 OR instr(lower(coalesce(r.name, '')), ${param}) > 0
    OR instr(lower(r.remote_id), ${param}) > 0)`;
}

/** A search as the search index splits text (unicode61): runs of letters and digits. */
export function searchWords(search: string): string[] {
  return search.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

type MergeRow = [number, string, string | null, string | null, string, string | null, string | null, string];

/**
 * A search-index query for the records whose deprecated ids may hold one of these ids:
 * each id's words as a phrase in that column (a superset: the caller checks exactly).
 */
function deprecatedMatch(ids: readonly string[]): string {
  return ids.map((id) => `deprecated_external_ids : "${searchWords(id).join(' ')}"`).join(' OR ');
}

/** A record as the end of a pull reads it: for linking persons, and for its connection's identity index. */
export interface ScannedRecord extends LinkableRecord {
  connectionId: number;
  remoteId: string;
  live: boolean;
  /** Counted among its connection's users (eachIdentity visits it). */
  identity: boolean;
  personKey: number | null;
  /** The pull run that last saw it. */
  seenRun: string | null;
}

type ScanRow = [number, number, string, string | null, string | null, string, string | null, number | null, number, string | null];

const SCAN = `SELECT id, connection_id, remote_id, email, external_id, deprecated_external_ids, vanished_at, person_key, ${IS_IDENTITY}, seen_run FROM records`;

function toScanned([id, connectionId, remoteId, email, externalId, deprecated, vanishedAt, personKey, identity, seenRun]: ScanRow): ScannedRecord {
  return {
    id,
    connectionId,
    remoteId,
    email,
    externalId,
    deprecatedExternalIds: deprecated === '[]' ? NO_IDS : (JSON.parse(deprecated) as string[]),
    live: vanishedAt === null,
    identity: identity === 1,
    personKey,
    seenRun,
  };
}

/** Records pulled from remote systems (SPEC §2). */
export class RecordsRepo {
  private readonly statement;
  /** Calls that wrote records, in this process: a pull tells its own writes from others' by it. */
  private writeCalls = 0;
  private scanAfterStatement: Database.Statement | undefined;

  constructor(private readonly db: Database.Database) {
    this.statement = statementCache(db);
  }

  /** How many calls have written records through this repo (any method, any caller). */
  get writes(): number {
    return this.writeCalls;
  }

  count(filter: { connection?: string; live?: boolean } = {}): number {
    const live = filter.live ? ' AND r.vanished_at IS NULL' : '';
    const row = filter.connection
      ? this.db.prepare(`SELECT count(*) AS n FROM records r JOIN connections c ON c.id = r.connection_id WHERE c.name = ?${live}`).get(filter.connection)
      : this.db.prepare(`SELECT count(*) AS n FROM records r WHERE 1 = 1${live}`).get();
    return (row as { n: number }).n;
  }

  /**
   * Stores one pulled page: new records inserted, known ones updated (and un-vanished),
   * each stamped with the run that saw it. Call inside the page's transaction. Returns
   * the records as stored (their ids, trimmed values and person keys), as a scan would read them.
   */
  upsertPage(connectionId: number, runId: string, records: readonly PulledRecord[], now: string): ScannedRecord[] {
    this.writeCalls++;
    const stmt = this.db.prepare(
      `INSERT INTO records (connection_id, remote_id, email, email_norm, external_id, deprecated_external_ids,
         name, company, status, raw, first_seen_at, last_seen_at, vanished_at, seen_run)
       VALUES (@connectionId, @remoteId, @email, @emailNorm, @externalId, @deprecated, @name, @company, @status,
         @raw, @now, @now, NULL, @runId)
       ON CONFLICT (connection_id, remote_id) DO UPDATE SET email = excluded.email, email_norm = excluded.email_norm,
         external_id = excluded.external_id, deprecated_external_ids = excluded.deprecated_external_ids,
         name = excluded.name, company = excluded.company, status = excluded.status, raw = excluded.raw,
         last_seen_at = excluded.last_seen_at, vanished_at = NULL, seen_run = excluded.seen_run
       RETURNING id, person_key`,
    );
    const stored: ScannedRecord[] = [];
    for (const r of records) {
      const email = r.email?.trim() || null;
      const externalId = r.externalId?.trim() || null;
      const deprecated = JSON.stringify(r.deprecatedExternalIds);
      const row = stmt.get({
        connectionId,
        runId,
        now,
        remoteId: r.remoteId,
        email,
        emailNorm: email?.toLowerCase() ?? null,
        externalId,
        deprecated,
        name: r.name,
        company: r.company,
        status: r.status,
        raw: JSON.stringify(r.raw ?? {}),
      }) as { id: number; person_key: number | null };
      stored.push({
        id: row.id,
        connectionId,
        remoteId: r.remoteId,
        email,
        externalId,
        // As read back: a scan parses the stored JSON, so the same array shape.
        deprecatedExternalIds: deprecated === '[]' ? NO_IDS : (JSON.parse(deprecated) as string[]),
        live: true,
        identity: r.status !== 'member',
        personKey: row.person_key,
        seenRun: runId,
      });
    }
    return stored;
  }

  /** After a complete run: what the remote no longer lists is marked vanished, not deleted. */
  markVanished(connectionId: number, runId: string, now: string): number {
    this.writeCalls++;
    return this.db
      .prepare(
        `UPDATE records SET vanished_at = ? WHERE connection_id = ? AND vanished_at IS NULL
           AND (seen_run IS NULL OR seen_run <> ?)`,
      )
      .run(now, connectionId, runId).changes;
  }

  /**
   * Every record, in id order, as person linking needs it (live records are linked,
   * vanished ones lose their key) and as an identity index needs it — one scan serves
   * both at the end of a pull.
   */
  scanAll(): ScannedRecord[] {
    const rows = this.db.prepare(`${SCAN} ORDER BY id`).raw().iterate() as IterableIterator<ScanRow>;
    const records: ScannedRecord[] = [];
    for (const row of rows) records.push(toScanned(row));
    return records;
  }

  /** The next `limit` records after id `afterId`, in id order: a scan in slices that other work can come between. */
  scanAfter(afterId: number, limit: number): ScannedRecord[] {
    this.scanAfterStatement ??= this.db.prepare(`${SCAN} WHERE id > ? ORDER BY id LIMIT ?`).raw();
    return (this.scanAfterStatement.all(afterId, limit) as ScanRow[]).map(toScanned);
  }

  /** Marks these records vanished (a pull that knows which ones its run did not see); returns how many. */
  vanish(ids: readonly number[], now: string): number {
    this.writeCalls++;
    const update = this.statement('UPDATE records SET vanished_at = ? WHERE id = ? AND vanished_at IS NULL');
    let changed = 0;
    for (const id of ids) changed += update.run(now, id).changes;
    return changed;
  }

  /**
   * Writes person keys; only the rows whose key changed are touched. A record that is
   * its own person's key (most records, alone in their person) stores NULL, so a first
   * pull of 100,000 users writes only the records that link to another.
   */
  setPersonKeys(records: Iterable<{ id: number; personKey: number | null }>, keys: Map<number, number>): number {
    this.writeCalls++;
    const update = this.db.prepare('UPDATE records SET person_key = ? WHERE id = ?');
    let changed = 0;
    for (const { id, personKey } of records) {
      const key = keys.get(id);
      const after = key === undefined || key === id ? null : key;
      if (after !== personKey) {
        update.run(after, id);
        changed++;
      }
    }
    return changed;
  }

  /** Stores person keys already compared with the stored ones: [record id, key or NULL]. */
  writePersonKeys(changes: readonly (readonly [number, number | null])[]): void {
    this.writeCalls++;
    const update = this.statement('UPDATE records SET person_key = ? WHERE id = ?');
    for (const [id, key] of changes) update.run(key, id);
  }

  /** Links persons over every live record and stores the keys (SPEC §2 "Person"). */
  relinkPersons(link: (records: LinkableRecord[]) => Map<number, number>): ScannedRecord[] {
    const all = this.scanAll();
    this.setPersonKeys(all, link(all.filter((r) => r.live)));
    return all;
  }

  /** How many records eachIdentity visits (to size an index up front). */
  countIdentities(connectionId: number): number {
    return this.db.prepare(`SELECT count(*) FROM records NOT INDEXED WHERE ${IDENTITIES_OF_CONNECTION}`).pluck().get(connectionId) as number;
  }

  /**
   * The live users of a connection as the resolver needs them, in id order, streamed as
   * raw rows in one scan (a preview of 1M rows reads 1M of these; no array of objects).
   */
  eachIdentity(connectionId: number, visit: (id: string, email: string | null, externalId: string | null, deprecated: readonly string[]) => void): void {
    const rows = this.db
      // NOT INDEXED: a scan in rowid order needs no sort, where the (connection_id, …)
      // indexes would sort every row afterwards — and a connection's users are most of
      // a workspace's records (102k records: 72 ms against 105 ms; the count 5 ms against 19).
      .prepare(`SELECT remote_id, email, external_id, deprecated_external_ids FROM records NOT INDEXED WHERE ${IDENTITIES_OF_CONNECTION} ORDER BY id`)
      .raw()
      .iterate(connectionId) as IterableIterator<[string, string | null, string | null, string]>;
    for (const [id, email, externalId, deprecated] of rows) visit(id, email, externalId, deprecated === '[]' ? NO_IDS : (JSON.parse(deprecated) as string[]));
  }

  /**
   * Mirrors an applied rename in the local copy (SPEC §4): the record with primary
   * `current` gets `next`, and keeps `current` as deprecated — so the next batch is
   * checked against what the remote now holds, without waiting for a pull.
   */
  applyRename(connectionId: number, current: string, next: string): void {
    this.writeCalls++;
    const row = this.statement('SELECT id, deprecated_external_ids FROM records WHERE connection_id = ? AND external_id = ? AND vanished_at IS NULL').get(connectionId, current) as
      | { id: number; deprecated_external_ids: string }
      | undefined;
    if (!row) return;
    const deprecated = [...(JSON.parse(row.deprecated_external_ids) as string[]), current];
    this.statement('UPDATE records SET external_id = ?, deprecated_external_ids = ? WHERE id = ?').run(next, JSON.stringify(deprecated), row.id);
  }

  /**
   * Mirrors an applied rename in a system that keeps no old id (Productboard REST, SCIM):
   * the record with `current` gets `next`, and `current` is gone.
   */
  replaceExternalId(connectionId: number, current: string, next: string): void {
    this.writeCalls++;
    this.statement('UPDATE records SET external_id = ? WHERE connection_id = ? AND external_id = ? AND vanished_at IS NULL').run(next, connectionId, current);
  }

  /** A connection's users with the remote's own JSON (SCIM userName, UserVoice external users), for rename plans. */
  identitiesWithRaw(connectionId: number): { remoteId: string; email: string | null; externalId: string | null; name: string | null; raw: string }[] {
    return this.statement(`SELECT remote_id AS remoteId, email, external_id AS externalId, name, raw FROM records WHERE connection_id = ? AND ${IS_IDENTITY} ORDER BY id`).all(connectionId) as never;
  }

  /** Mirrors an applied removal of a deprecated id in the local copy. */
  applyRemoval(connectionId: number, id: string): void {
    this.writeCalls++;
    const rows = this.db
      .prepare("SELECT r.id, r.deprecated_external_ids FROM records r, json_each(r.deprecated_external_ids) j WHERE r.connection_id = ? AND j.value = ?")
      .all(connectionId, id) as { id: number; deprecated_external_ids: string }[];
    for (const row of rows) {
      const left = (JSON.parse(row.deprecated_external_ids) as string[]).filter((d) => d !== id);
      this.db.prepare('UPDATE records SET deprecated_external_ids = ? WHERE id = ?').run(JSON.stringify(left), row.id);
    }
  }

  /**
   * Mirrors an applied merge (issue 9): the survivor takes the chosen values; a merged
   * user is gone where the remote deletes it (`gone`), or deprovisioned where it stays.
   */
  applyMerge(
    connectionId: number,
    merge: { survivor: string; losers: readonly { id: string; freed?: { email: string } }[]; result: { email: string | null; externalId: string | null; name: string | null }; gone: boolean },
    now: string,
  ): void {
    this.writeCalls++;
    const loser = this.db.prepare(
      merge.gone ? 'UPDATE records SET vanished_at = ? WHERE connection_id = ? AND remote_id = ?' : "UPDATE records SET status = 'deactivated', last_seen_at = ? WHERE connection_id = ? AND remote_id = ?",
    );
    // A deprovisioned loser that gave up its userName and externalId for the survivor.
    const free = this.db.prepare('UPDATE records SET email = ?, email_norm = ?, external_id = NULL WHERE connection_id = ? AND remote_id = ?');
    for (const l of merge.losers) {
      loser.run(now, connectionId, l.id);
      if (l.freed) free.run(l.freed.email, l.freed.email.toLowerCase(), connectionId, l.id);
    }
    const email = merge.result.email?.trim() || null;
    this.db
      .prepare('UPDATE records SET email = ?, email_norm = ?, external_id = ?, name = ? WHERE connection_id = ? AND remote_id = ?')
      .run(email, email?.toLowerCase() ?? null, merge.result.externalId, merge.result.name, connectionId, merge.survivor);
  }

  /**
   * The live records of a connection that a merge file's reference can name, in id order:
   * by remote id, external id (or a deprecated one) or email. Merge planning puts them in
   * the shared resolver's index to tell which one the reference means (issue 22: a few
   * indexed lookups, where it used to read every record of the connection).
   */
  mergeRecordsByRef(connection: string, ref: string): MergeRecord[] {
    const c = this.mergeConnections().byName.get(connection);
    const trimmed = ref.trim();
    if (!c || !trimmed) return [];
    const words = searchWords(trimmed);
    // Cached: a merges file of thousands of rows asks this for each survivor and loser.
    const rows = this.statement(
      `${this.mergeSelect()} WHERE id IN (
         SELECT id FROM records WHERE connection_id = @c AND remote_id = @ref
         UNION ALL SELECT id FROM records WHERE connection_id = @c AND external_id = @trimmed
         UNION ALL SELECT id FROM records WHERE connection_id = @c AND email_norm = @email
         ${words.length ? 'UNION ALL SELECT rowid FROM records_search WHERE records_search MATCH @match' : "UNION ALL SELECT id FROM records WHERE connection_id = @c AND deprecated_external_ids <> '[]'"})
       AND connection_id = @c AND ${IS_IDENTITY}
       AND (remote_id = @ref OR external_id = @trimmed OR email_norm = @email
         OR (deprecated_external_ids <> '[]' AND EXISTS (SELECT 1 FROM json_each(deprecated_external_ids) d WHERE d.value = @trimmed)))
       ORDER BY id`,
    )
      .raw()
      .all({ c: c.id, ref, trimmed, email: trimmed.toLowerCase(), ...(words.length ? { match: deprecatedMatch([trimmed]) } : {}) }) as MergeRow[];
    const toMerge = this.toMergeRecord();
    return rows.map(toMerge);
  }

  private mergeConnections(): { byId: Map<number, { id: number; name: string; kind: string }>; byName: Map<string, { id: number; name: string; kind: string }> } {
    const list = this.statement('SELECT id, name, kind FROM connections').all() as { id: number; name: string; kind: string }[];
    return { byId: new Map(list.map((c) => [c.id, c])), byName: new Map(list.map((c) => [c.name, c])) };
  }

  /** The columns a MergeRecord is read from; raw JSON only for UserVoice records (their external users), '{}' costs nothing to skip. */
  private mergeSelect(): string {
    return `SELECT connection_id, remote_id, email, external_id, deprecated_external_ids, name, company,
      CASE WHEN connection_id IN (SELECT id FROM connections WHERE kind = 'uservoice') THEN raw ELSE '{}' END FROM records`;
  }

  private toMergeRecord(): (row: MergeRow) => MergeRecord {
    const connections = this.mergeConnections().byId;
    return (row) => {
      const c = connections.get(row[0])!;
      return {
        connection: c.name,
        kind: c.kind,
        remoteId: row[1],
        email: row[2],
        externalId: row[3],
        deprecatedExternalIds: row[4] === '[]' ? NO_IDS : (JSON.parse(row[4]) as string[]),
        name: row[5],
        company: row[6],
        ...(c.kind === 'uservoice' ? { externalUsers: ((JSON.parse(row[7]) as { external_users?: { id: string; email: string | null }[] }).external_users ?? []).map((e) => ({ id: e.id, email: e.email })) } : {}),
      };
    };
  }

  /**
   * The live records as duplicate finding reads them, streamed (issue 22): each pass and
   * each group is one statement iterated row by row, never an array of every record.
   * With a focus, only what one candidate needs, through indexes (candidate-recheck.ts):
   * opening a candidate costs what the candidate holds, not a find over the workspace.
   */
  mergeSource(focus?: CandidateFocus): MergeSource {
    const connections = this.mergeConnections();
    const toMerge = this.toMergeRecord();
    const rows = (sql: string, params: Record<string, unknown> = {}) => this.db.prepare(sql).raw().iterate(params) as IterableIterator<MergeRow>;
    const select = this.mergeSelect();
    function* grouped(sql: string, key: (row: MergeRow) => unknown, params: Record<string, unknown> = {}): Generator<MergeRecord[]> {
      let group: MergeRecord[] = [];
      let current: unknown;
      for (const row of rows(sql, params)) {
        const k = key(row);
        if (group.length && k !== current) {
          yield group;
          group = [];
        }
        current = k;
        group.push(toMerge(row));
      }
      if (group.length) yield group;
    }
    const live = IS_IDENTITY;
    const each = function* (sql: string, params: Record<string, unknown> = {}) {
      for (const row of rows(sql, params)) yield toMerge(row);
    };
    // A focus on one record: its connection's id (-1, matching nothing, if the connection is gone).
    const at = focus && focus.kind !== 'externalId' ? { c: connections.byName.get(focus.connection)?.id ?? -1, rid: focus.remoteId } : undefined;
    const claimed = `external_id IN (SELECT value FROM json_each(@ids))
      OR (deprecated_external_ids <> '[]' AND EXISTS (SELECT 1 FROM json_each(deprecated_external_ids) d WHERE d.value IN (SELECT value FROM json_each(@ids))))`;
    // Each scan below runs in SQLite and hands JavaScript only the rows it keeps.
    return {
      // UserVoice users whose external users include an email other than their own (a
      // superset of what the finder keeps: SQLite folds ASCII case only).
      suspects: () =>
        focus && focus.kind !== 'suspect'
          ? []
          : each(
              `${select} WHERE ${live} ${at ? 'AND connection_id = @c AND remote_id = @rid' : ''} AND ((email IS NULL AND external_id IS NOT NULL)
                OR (connection_id IN (SELECT id FROM connections WHERE kind = 'uservoice') AND EXISTS (
                  SELECT 1 FROM json_each(raw, '$.external_users') x WHERE lower(trim(json_extract(x.value, '$.email'))) IS NOT lower(trim(email)))))
              ORDER BY id`,
              at ?? {},
            ),
      claims: (externalIds) => {
        const ids = JSON.stringify(externalIds);
        // One candidate's few ids: by the live external-id index, and the deprecated ones
        // through the search index (a JSON array has no index of its own), checked exactly.
        const indexed = focus !== undefined && externalIds.every((x) => searchWords(x).length > 0);
        return each(
          indexed
            ? `${select} WHERE id IN (SELECT id FROM records WHERE ${live} AND external_id IN (SELECT value FROM json_each(@ids))
                 UNION SELECT rowid FROM records_search WHERE records_search MATCH @match)
               AND ${live} AND email IS NOT NULL AND (${claimed}) ORDER BY id`
            : `${select} WHERE ${live} AND email IS NOT NULL AND (${claimed}) ORDER BY id`,
          indexed ? { ids, match: deprecatedMatch(externalIds) } : { ids },
        );
      },
      companyMembers: (companies) =>
        each(
          // Each company looked up through records_live_company (migration 10), not a scan
          // (CROSS JOIN keeps the few companies the outer loop).
          `${select} WHERE id IN (SELECT r.id FROM json_each(@companies) j CROSS JOIN records r
              WHERE r.connection_id = json_extract(j.value, '$[0]') AND r.company = json_extract(j.value, '$[1]') AND r.vanished_at IS NULL AND r.status <> 'member')
            AND ${live} AND email IS NOT NULL AND company IS NOT NULL
          ORDER BY id`,
          { companies: JSON.stringify(companies.map((c) => [connections.byName.get(c.connection)?.id ?? -1, c.company])) },
        ),
      // The groups are found by GROUP BY over the live-identity indexes (migration 9),
      // then only their rows are read; with a focus, the one group it names.
      emailGroups: () =>
        focus?.kind === 'email'
          ? grouped(
              `${select} WHERE ${live} AND email_norm = (SELECT email_norm FROM records WHERE connection_id = @c AND remote_id = @rid) ORDER BY id`,
              (row) => row[2]?.trim().toLowerCase(),
              at,
            )
          : focus
            ? []
            : grouped(
                `${select} WHERE ${live} AND email_norm IN (SELECT email_norm FROM records WHERE ${live} AND email_norm IS NOT NULL
                   GROUP BY email_norm HAVING count(DISTINCT email) > 1) ORDER BY email_norm, id`,
                (row) => row[2]?.trim().toLowerCase(),
              ),
      externalIdGroups: () =>
        focus?.kind === 'externalId'
          ? grouped(`${select} WHERE ${live} AND external_id = @ext ORDER BY id`, (row) => row[3], { ext: focus.externalId })
          : focus
            ? []
            : grouped(
                `${select} WHERE ${live} AND external_id IN (SELECT external_id FROM records WHERE ${live} AND external_id IS NOT NULL
                   GROUP BY external_id HAVING count(*) > 1 AND count(DISTINCT nullif(trim(name), '')) > 1) ORDER BY external_id, id`,
                (row) => row[3],
              ),
      lastWithEmail: (connection, folded) => {
        const c = connections.byName.get(connection);
        const row = c && (this.db.prepare(`${select} WHERE connection_id = ? AND email_norm = ? AND ${live} ORDER BY id DESC LIMIT 1`).raw().get(c.id, folded) as MergeRow | undefined);
        return row ? toMerge(row) : undefined;
      },
    };
  }

  one(connection: string, remoteId: string): UserRecordRow | undefined {
    const row = this.db.prepare(`${SELECT} WHERE c.name = ? AND r.remote_id = ?`).get(connection, remoteId) as RecordRow | undefined;
    return row && toRecord(row);
  }

  /** The records of one person (SPEC §2), across connections: the key's record and those pointing at it. */
  person(personKey: number): UserRecordRow[] {
    const rows = this.db.prepare(`${SELECT} WHERE r.person_key = @key OR (r.id = @key AND r.person_key IS NULL) ORDER BY c.name, r.id`).all({ key: personKey });
    return (rows as RecordRow[]).map(toRecord);
  }

  /**
   * One window of the records matching a filter, for the virtualised Users table:
   * the renderer asks for the rows it shows, never for a million at once.
   */
  query(q: RecordQuery): { total: number; rows: UserRecordRow[] } {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    if (q.connection) {
      // By id, not by joining on the name: the window then reads records_connection in id
      // order and stops at the window's end, where a join sorted the connection's records.
      const id = this.db.prepare('SELECT id FROM connections WHERE name = ?').pluck().get(q.connection) as number | undefined;
      if (id === undefined) return { total: 0, rows: [] };
      where.push('r.connection_id = @connectionId');
      params.connectionId = id;
    }
    if (q.status === 'vanished') where.push('r.vanished_at IS NOT NULL');
    else if (q.status === 'active') where.push("r.vanished_at IS NULL AND r.status = 'active'");
    else if (q.status === 'inactive') where.push("r.vanished_at IS NULL AND r.status <> 'active'");
    const words = searchWords(q.search ?? '');
    let from = 'records r JOIN connections c ON c.id = r.connection_id';
    let order = 'r.id';
    if (words.length) {
      // Through the search index (migration 9), which hands its matches over in id order:
      // a window of a search reads as many matches as it shows, not every record.
      from = 'records_search JOIN records r ON r.id = records_search.rowid JOIN connections c ON c.id = r.connection_id';
      where.push('records_search MATCH @match');
      const last = words[words.length - 1]!.toLowerCase();
      if (words.length > 1 && last.length > 3 && /^[a-z0-9]+$/.test(last)) {
        // The word being typed, after others: its first three letters through the prefix
        // index (migration 9), the rest checked on the few rows the phrase leaves.
        params.match = `${words.slice(0, -1).map((w) => `"${w}"`).join(' + ')} + "${last.slice(0, 3)}" *`;
        params.typed = last;
        where.push(containsText('@typed'));
      } else params.match = `${words.map((w) => `"${w}"`).join(' + ')} *`;
      order = 'records_search.rowid';
    } else if (q.search?.trim()) {
      // Only punctuation ("@", "-"): no word to look up, so a plain substring scan.
      where.push(containsText('@search'));
      params.search = q.search.trim().toLowerCase();
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // The count needs no connection names.
    const counted = words.length ? 'records_search JOIN records r ON r.id = records_search.rowid' : 'records r';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM ${counted} ${clause}`).get(params) as { n: number }).n;
    const rows = (
      this.db.prepare(`${SELECT_COLUMNS} FROM ${from} ${clause} ORDER BY ${order} LIMIT @limit OFFSET @offset`).all({ ...params, limit: q.limit, offset: q.offset }) as RecordRow[]
    ).map(toRecord);
    return { total, rows };
  }

  list(filter: { connection?: string } = {}): UserRecordRow[] {
    const rows = filter.connection
      ? this.db.prepare(`${SELECT} WHERE c.name = ? ORDER BY r.id`).all(filter.connection)
      : this.db.prepare(`${SELECT} ORDER BY r.id`).all();
    return (rows as RecordRow[]).map(toRecord);
  }
}
