/** One line of the append-only audit log (SPEC §7.6). */
export interface AuditEntry {
  id: number;
  /** ISO 8601, UTC. */
  at: string;
  /** Who did it: the OS user, or REKEY_ACTOR when set (a CI job, a reviewer's name). */
  actor: string;
  /** Dotted verb: `workspace.created`, `connection.added`, `changeset.approved`… */
  action: string;
  /** What it was done to: a connection name, a change-set id… */
  subject: string | null;
  detail: Record<string, unknown>;
}
