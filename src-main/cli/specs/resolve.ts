import type { CommandSpec } from '../command';

export const resolveSpec: CommandSpec = {
  path: ['resolve'],
  summary: 'Resolve incoming identities against users with the matching rules the app uses (strict or lenient)',
  alwaysJson: true,
  options: {
    users: { type: 'string', description: 'USERS.json: [{"id","email"?,"externalId"?,"deprecatedExternalIds"?,"companyId"?}]' },
    incoming: { type: 'string', description: 'INCOMING.json: [{"externalId"?,"email"?}]' },
    mode: { type: 'string', description: 'strict (Users and Notes APIs) or lenient (Insights integrations)' },
  },
};
