import type { ServiceContext } from '../services/context';
import type { Workspace } from '../store/workspace';

/** A flag a command accepts, in node:util parseArgs terms. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  multiple?: boolean;
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal, so progress bars may be drawn. */
  stderrIsTty: boolean;
}

export interface CommandContext {
  /** Positional words after the command's own path (`rekey pull NAME` → ['NAME']). */
  args: string[];
  options: Record<string, string | boolean | string[] | undefined>;
  json: boolean;
  /** The workspace path from --db, or the default workspace. */
  dbPath: string;
  /** The --db given, if any (commands with a workspace of their own choose by it). */
  db: string | undefined;
  /** Opens (and migrates) the workspace on first use; closed by the runner. */
  workspace: () => Workspace;
  /** The services' context for the CLI door (tokens from the environment). */
  services: () => ServiceContext;
  io: CliIo;
  /** Aborted on SIGINT/SIGTERM, for long-running commands. */
  signal: AbortSignal;
}

/**
 * One `rekey` command. `run` returns the value to print: as JSON with --json (or
 * always, when `alwaysJson`), otherwise through `human` when given. Throwing a
 * RekeyError maps to the exit code of its kind (bad input 2, failed 1).
 */
export interface Command<T = unknown> {
  /** The words that name it: ['renames', 'check']. */
  path: string[];
  summary: string;
  /** Positional part of the usage line, e.g. 'NAME' or 'FILE.csv'. */
  usage?: string;
  options?: Record<string, OptionSpec>;
  /** Commands whose SPEC §9 contract is a JSON document print it without --json. */
  alwaysJson?: boolean;
  run: (ctx: CommandContext) => Promise<T>;
  human?: (value: T) => string;
}

/**
 * The registry holds commands of many result types; `defineCommand` checks each one
 * against its own type, then erases it, since `run` and `human` travel together.
 */
export type AnyCommand = Command<unknown> & { human?: (value: never) => string };

export function defineCommand<T>(command: Command<T>): AnyCommand {
  return command as unknown as AnyCommand;
}
