import { parseArgs } from 'node:util';
import { badInput, isRekeyError } from '../../src-shared/errors';
import { MAX_LINE, shortLine } from '../../src-shared/text/short-line';
import { defaultWorkspacePath } from '../store/paths';
import type { ServiceContext } from '../services/context';
import type { Workspace } from '../store/workspace';
import type { CliIo, CommandContext, CommandEntry, CommandSpec } from './command';
import { commandHelp, globalHelp } from './help';
import { commands } from './registry';

/** Exit codes of SPEC §9: 0 success, 1 operation failed, 2 bad input. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

interface GlobalOptions {
  db?: string;
  json: boolean;
  help: boolean;
  rest: string[];
}

/** Pulls the flags every command takes out of argv, wherever they stand. */
function takeGlobalOptions(argv: string[]): GlobalOptions {
  const out: GlobalOptions = { json: false, help: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') out.json = true;
    else if (arg === '--help' || arg === '-h') out.help = true;
    else if (arg === '--db') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw badInput('missing_value', '--db needs a path');
      out.db = value;
    } else if (arg.startsWith('--db=')) out.db = arg.slice('--db='.length);
    else out.rest.push(arg);
  }
  return out;
}

/** The command whose path is the longest prefix of the leading words. */
function findCommand(words: string[]): { command: CommandEntry; consumed: number } | undefined {
  let best: { command: CommandEntry; consumed: number } | undefined;
  for (const command of commands) {
    const n = command.path.length;
    if (n <= words.length && command.path.every((w, i) => words[i] === w)) {
      if (!best || n > best.consumed) best = { command, consumed: n };
    }
  }
  return best;
}

export async function runCli(argv: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  let workspace: Workspace | undefined;
  let services: ServiceContext | undefined;
  try {
    const global = takeGlobalOptions(argv);
    const leadingWords: string[] = [];
    for (const word of global.rest) {
      if (word.startsWith('-')) break;
      leadingWords.push(word);
    }
    const found = findCommand(leadingWords);
    if (!found) {
      if (global.help || leadingWords.length === 0) {
        io.stdout(globalHelp(commands));
        return global.help ? EXIT_OK : EXIT_BAD_INPUT;
      }
      throw badInput('unknown_command', `unknown command "${leadingWords.join(' ')}" (see rekey --help)`);
    }
    const { command, consumed } = found;
    if (global.help) {
      io.stdout(commandHelp(command));
      return EXIT_OK;
    }
    const parsed = parseCommandArgs(command, global.rest.slice(consumed));
    // Only now, with a command to run, its implementation, the store and the services
    // (better-sqlite3, zod…) are loaded: help and bad flags never wait for them (issue 22).
    const [implementation, { openWorkspace }, { createServiceContext }] = await Promise.all([command.load(), import('../store/workspace'), import('../services/context')]);
    const dbPath = global.db ?? defaultWorkspacePath();
    const value = await implementation.run({
      args: parsed.positionals,
      options: parsed.values as CommandContext['options'],
      json: global.json,
      dbPath,
      db: global.db,
      workspace: () => (workspace ??= openWorkspace(dbPath)),
      services: () => (services ??= createServiceContext((workspace ??= openWorkspace(dbPath)), 'cli')),
      io,
      signal,
    });
    if (value !== undefined) {
      if (global.json || command.alwaysJson || !implementation.human) io.stdout(JSON.stringify(value, null, 2) + '\n');
      else io.stdout(implementation.human(value as never));
    }
    return EXIT_OK;
  } catch (e) {
    if (isRekeyError(e)) {
      // One short line, always (SPEC §9, issue 24): a cell or a header from the file may
      // hold a line break or megabytes.
      io.stderr(`rekey: ${shortLine(e.message, MAX_LINE - 'rekey: '.length)}\n`);
      return e.kind === 'bad_input' ? EXIT_BAD_INPUT : EXIT_FAILED;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`rekey: internal error: ${shortLine(message, MAX_LINE - 'rekey: internal error: '.length)}\n`);
    if (process.env.REKEY_DEBUG) io.stderr(`${(e as Error).stack ?? ''}\n`);
    return EXIT_FAILED;
  } finally {
    workspace?.close();
  }
}

function parseCommandArgs(command: CommandSpec, argv: string[]) {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(command.options ?? {})) {
    options[name] = spec.multiple ? { type: spec.type, multiple: true } : { type: spec.type };
  }
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    // parseArgs says e.g. "Unknown option '--x'"; keep its words, name the command.
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw badInput('bad_arguments', `${command.path.join(' ')}: ${reason} (see rekey ${command.path.join(' ')} --help)`);
  }
}
