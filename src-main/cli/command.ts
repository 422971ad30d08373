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
 * What `rekey --help` and `rekey COMMAND --help` say about a command, and what the
 * runner needs to find it and parse its flags. Specs live under specs/ and import
 * nothing but types, so that help never loads a command's implementation (issue 22).
 */
export interface CommandSpec {
  /** The words that name it: ['renames', 'check']. */
  path: string[];
  summary: string;
  /** Positional part of the usage line, e.g. 'NAME' or 'FILE.csv'. */
  usage?: string;
  options?: Record<string, OptionSpec>;
  /** Commands whose SPEC §9 contract is a JSON document print it without --json. */
  alwaysJson?: boolean;
}

/**
 * What a command does, under commands/. `run` returns the value to print: as JSON with
 * --json (or always, when its spec says `alwaysJson`), otherwise through `human` when
 * given. Throwing a RekeyError maps to the exit code of its kind (bad input 2, failed 1).
 */
export interface CommandImplementation<T = unknown> {
  run: (ctx: CommandContext) => Promise<T>;
  human?: (value: T) => string;
}

/**
 * The registry holds commands of many result types; `defineCommand` checks each one
 * against its own type, then erases it, since `run` and `human` travel together.
 */
export type AnyImplementation = CommandImplementation<unknown> & { human?: (value: never) => string };

export function defineCommand<T>(implementation: CommandImplementation<T>): AnyImplementation {
  return implementation as unknown as AnyImplementation;
}

/**
 * A command as the registry holds it: its spec, at hand, and its implementation, loaded
 * only when it runs (an implementation pulls in the store, the services, zod, undici…).
 */
export interface CommandEntry extends CommandSpec {
  load: () => Promise<AnyImplementation>;
}
