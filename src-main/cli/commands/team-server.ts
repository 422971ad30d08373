import { badInput } from '../../../src-shared/errors';
import { inviteMember, revokeMember } from '../../team/members';
import { startTeamServer } from '../../team/team-server';
import { intOption, requiredOption } from '../args';
import { defineCommand } from '../command';

export const teamServeCommand = defineCommand<undefined>({
  path: ['team', 'serve'],
  summary: 'Run the team server (Hocuspocus) for shared review, on 127.0.0.1 unless --host says otherwise (until Ctrl-C)',
  options: {
    port: { type: 'string', description: 'the port to listen on (default 4477; 0 for a free one)' },
    host: { type: 'string', description: 'the address to listen on (default 127.0.0.1; put TLS in front before using another)' },
    data: { type: 'string', description: 'the folder holding the server’s documents, members and leases (default ./rekey-team)' },
    redis: { type: 'string', description: 'redis://HOST:PORT, to share documents with other instances of the server' },
  },
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
  path: ['team', 'invite'],
  summary: 'Invite a member to the team server in --data DIR: prints their token once (only its hash is kept)',
  usage: 'NAME',
  options: { data: { type: 'string', description: 'the team server’s data folder' } },
  async run({ args, options }) {
    if (args.length !== 1) throw badInput('missing_argument', 'team invite: give exactly one member NAME');
    return inviteMember(requiredOption(options.data, '--data DIR', 'team invite'), args[0]!);
  },
  human: (r) =>
    `Member ${r.member} invited. Their token (shown only now; send it privately):\n${r.token}\n` +
    `They join with: REKEY_TEAM_TOKEN=… rekey team join ws://HOST:PORT --member ${r.member} --token-env REKEY_TEAM_TOKEN\n`,
});

export const teamRevokeCommand = defineCommand<{ member: string; revoked: boolean }>({
  path: ['team', 'revoke'],
  summary: 'Revoke a member of the team server in --data DIR: their token stops working and their connections close',
  usage: 'NAME',
  options: { data: { type: 'string', description: 'the team server’s data folder (default ./rekey-team)' } },
  async run({ args, options }) {
    if (args.length !== 1) throw badInput('missing_argument', 'team revoke: give exactly one member NAME');
    return revokeMember((options.data as string | undefined) ?? 'rekey-team', args[0]!);
  },
  human: (r) => (r.revoked ? `Member ${r.member} revoked.\n` : `Member ${r.member} was already revoked.\n`),
});
