import type { CommandSpec } from './command';

const GLOBAL_FLAGS = `Flags every command takes:
  --db PATH   the workspace file (default: the default workspace; REKEY_HOME moves it)
  --json      print the result as JSON
  --help      this help, or a command's own with \`rekey COMMAND --help\`
Exit codes: 0 success, 1 the operation failed, 2 bad input.
`;

function usageLine(command: CommandSpec): string {
  const flags = Object.entries(command.options ?? {})
    .map(([name, spec]) => (spec.type === 'string' ? `[--${name} VALUE]` : `[--${name}]`))
    .join(' ');
  return ['rekey', ...command.path, command.usage ?? '', flags].filter(Boolean).join(' ');
}

export function globalHelp(commands: CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  const lines = commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return `rekey — stage, preview, review and push identity changes across SaaS tools.

Usage: rekey COMMAND [ARGS] [--db PATH] [--json]

Commands:
${lines.join('\n')}

${GLOBAL_FLAGS}`;
}

export function commandHelp(command: CommandSpec): string {
  const options = Object.entries(command.options ?? {}).map(
    ([name, spec]) => `  --${name}${spec.type === 'string' ? ' VALUE' : ''}\n      ${spec.description}`,
  );
  return `${command.summary}

Usage: ${usageLine(command)}
${options.length ? `\nOptions:\n${options.join('\n')}\n` : ''}
${GLOBAL_FLAGS}`;
}
