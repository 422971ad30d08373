import type { CommandSpec } from '../command';

export const teamServeSpec: CommandSpec = {
  path: ['team', 'serve'],
  summary: 'Run the team server (Hocuspocus) for shared review, on 127.0.0.1 unless --host says otherwise (until Ctrl-C)',
  options: {
    port: { type: 'string', description: 'the port to listen on (default 4477; 0 for a free one)' },
    host: { type: 'string', description: 'the address to listen on (default 127.0.0.1; put TLS in front before using another)' },
    data: { type: 'string', description: 'the folder holding the server’s documents, members and leases (default ./rekey-team)' },
    redis: { type: 'string', description: 'redis://HOST:PORT, to share documents with other instances of the server' },
  },
};

export const teamInviteSpec: CommandSpec = {
  path: ['team', 'invite'],
  summary: 'Invite a member to the team server in --data DIR: prints their token once (only its hash is kept)',
  usage: 'NAME',
  options: { data: { type: 'string', description: 'the team server’s data folder' } },
};

export const teamRevokeSpec: CommandSpec = {
  path: ['team', 'revoke'],
  summary: 'Revoke a member of the team server in --data DIR: their token stops working and their connections close',
  usage: 'NAME',
  options: { data: { type: 'string', description: 'the team server’s data folder (default ./rekey-team)' } },
};
