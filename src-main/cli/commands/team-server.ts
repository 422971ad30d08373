import { badInput } from '../../../src-shared/errors';
import { inviteMember, revokeMember } from '../../team/members';
import { startTeamServer } from '../../team/team-server';
import { intOption, requiredOption } from '../args';
import { defineCommand } from '../command';

export const teamServeCommand = defineCommand<undefined>({
  async run({ options, io, signal }) {
    const port = intOption(options.port, '--port', 'team serve') ?? 4477;
    if (port > 65535) throw badInput('bad_port', `team serve: --port ${port} is not a port number`);
    const redis = options.redis as string | undefined;
    if (redis !== undefined && !/^redis:\/\/[^/\s:]+(:\d+)?\/?$/.test(redis)) throw badInput('bad_option', `team serve: --redis "${redis}" is not redis://HOST:PORT`);
    const server = await startTeamServer({
      port,
      host: (options.host as string | undefined) ?? '127.0.0.1',
      dataDir: (options.data as string | undefined) ?? 'rekey-team',
      ...(redis ? { redisUrl: redis } : {}),
    });
    io.stdout(JSON.stringify({ ready: true, url: server.url, port: server.port }) + '\n');
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await server.close();
    return undefined;
  },
});

export const teamInviteCommand = defineCommand<{ member: string; token: string }>({
  async run({ args, options }) {
    if (args.length !== 1) throw badInput('missing_argument', 'team invite: give exactly one member NAME');
    return inviteMember(requiredOption(options.data, '--data DIR', 'team invite'), args[0]!);
  },
  human: (r) =>
    `Member ${r.member} invited. Their token (shown only now; send it privately):\n${r.token}\n` +
    `They join with: REKEY_TEAM_TOKEN=… rekey team join ws://HOST:PORT --member ${r.member} --token-env REKEY_TEAM_TOKEN\n`,
});

export const teamRevokeCommand = defineCommand<{ member: string; revoked: boolean }>({
  async run({ args, options }) {
    if (args.length !== 1) throw badInput('missing_argument', 'team revoke: give exactly one member NAME');
    return revokeMember((options.data as string | undefined) ?? 'rekey-team', args[0]!);
  },
  human: (r) => (r.revoked ? `Member ${r.member} revoked.\n` : `Member ${r.member} was already revoked.\n`),
});
