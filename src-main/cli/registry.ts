import type { CommandEntry } from './command';
import { auditExportSpec } from './specs/audit-export';
import { changesetsApproveSpec, changesetsListSpec, changesetsRejectSpec, changesetsReviewSpec, changesetsShowSpec, changesetsSubmitSpec } from './specs/changesets';
import { changesetsCreateSpec } from './specs/changesets-create';
import { connectionsAddSpec, connectionsEditSpec, connectionsListSpec, connectionsRemoveSpec } from './specs/connections';
import { doctorSpec } from './specs/doctor';
import { mergesDismissSpec, mergesFindSpec, mergesPlanSpec, mergesStageSpec, mergesUndoSpec } from './specs/merges';
import { previewSpec } from './specs/preview';
import { connectionsTestSpec, pullSpec } from './specs/pull';
import { changesetsRetrySpec, pushSpec } from './specs/push';
import { changesetsBatchSpec, changesetsPushBatchSpec } from './specs/rename-batch';
import { renamesCheckSpec } from './specs/renames-check';
import { resolveSpec } from './specs/resolve';
import { reviewDecideSpec, reviewExportSpec, reviewImportSpec } from './specs/review';
import { sandboxSpec } from './specs/sandbox';
import { serveSpec } from './specs/serve';
import { teamCommentSpec, teamJoinSpec, teamLeaveSpec, teamPolicySpec, teamPushSpec, teamReviewSpec, teamShareSpec, teamStatusSpec, teamSyncSpec } from './specs/team-member';
import { teamInviteSpec, teamRevokeSpec, teamServeSpec } from './specs/team-server';
import { usersListSpec } from './specs/users-list';
import { windowsCloseSpec, windowsListSpec } from './specs/windows';

/**
 * Every `rekey` command: its spec (what help says about it), and its implementation,
 * loaded only when it runs, so that `rekey --help` and `rekey COMMAND --help` load none of
 * them (issue 22: help in under 0.15 s; an implementation pulls in the store, the services,
 * zod, undici…). Adding one = a spec under specs/, its implementation under commands/
 * (`{ ...spec, run, human }`) and a line here. Kept as a plain list so `rekey --help` shows
 * them in this order; the bundle (scripts/build-cli.js) makes each import a chunk of its own.
 */
export const commands: CommandEntry[] = [
  { ...resolveSpec, load: async () => (await import('./commands/resolve')).resolveCommand },
  { ...renamesCheckSpec, load: async () => (await import('./commands/renames-check')).renamesCheckCommand },
  { ...connectionsAddSpec, load: async () => (await import('./commands/connections')).connectionsAddCommand },
  { ...connectionsListSpec, load: async () => (await import('./commands/connections-list')).connectionsListCommand },
  { ...connectionsEditSpec, load: async () => (await import('./commands/connections')).connectionsEditCommand },
  { ...connectionsRemoveSpec, load: async () => (await import('./commands/connections')).connectionsRemoveCommand },
  { ...connectionsTestSpec, load: async () => (await import('./commands/pull')).connectionsTestCommand },
  { ...pullSpec, load: async () => (await import('./commands/pull')).pullCommand },
  { ...usersListSpec, load: async () => (await import('./commands/users-list')).usersListCommand },
  { ...previewSpec, load: async () => (await import('./commands/preview')).previewCommand },
  { ...changesetsCreateSpec, load: async () => (await import('./commands/changesets-create')).changesetsCreateCommand },
  { ...changesetsListSpec, load: async () => (await import('./commands/changesets')).changesetsListCommand },
  { ...changesetsShowSpec, load: async () => (await import('./commands/changesets')).changesetsShowCommand },
  { ...changesetsSubmitSpec, load: async () => (await import('./commands/changesets')).changesetsSubmitCommand },
  { ...changesetsReviewSpec, load: async () => (await import('./commands/changesets')).changesetsReviewCommand },
  { ...changesetsApproveSpec, load: async () => (await import('./commands/changesets')).changesetsApproveCommand },
  { ...changesetsRejectSpec, load: async () => (await import('./commands/changesets')).changesetsRejectCommand },
  { ...pushSpec, load: async () => (await import('./commands/push')).pushCommand },
  { ...changesetsBatchSpec, load: async () => (await import('./commands/rename-batch')).changesetsBatchCommand },
  { ...changesetsPushBatchSpec, load: async () => (await import('./commands/rename-batch')).changesetsPushBatchCommand },
  { ...changesetsRetrySpec, load: async () => (await import('./commands/push')).changesetsRetryCommand },
  { ...reviewExportSpec, load: async () => (await import('./commands/review')).reviewExportCommand },
  { ...reviewDecideSpec, load: async () => (await import('./commands/review')).reviewDecideCommand },
  { ...reviewImportSpec, load: async () => (await import('./commands/review')).reviewImportCommand },
  { ...windowsListSpec, load: async () => (await import('./commands/windows')).windowsListCommand },
  { ...windowsCloseSpec, load: async () => (await import('./commands/windows')).windowsCloseCommand },
  { ...mergesFindSpec, load: async () => (await import('./commands/merges')).mergesFindCommand },
  { ...mergesDismissSpec, load: async () => (await import('./commands/merges')).mergesDismissCommand },
  { ...mergesPlanSpec, load: async () => (await import('./commands/merges')).mergesPlanCommand },
  { ...mergesStageSpec, load: async () => (await import('./commands/merges')).mergesStageCommand },
  { ...mergesUndoSpec, load: async () => (await import('./commands/merges')).mergesUndoCommand },
  { ...auditExportSpec, load: async () => (await import('./commands/audit-export')).auditExportCommand },
  { ...doctorSpec, load: async () => (await import('./commands/doctor')).doctorCommand },
  { ...serveSpec, load: async () => (await import('./commands/serve')).serveCommand },
  { ...sandboxSpec, load: async () => (await import('./commands/sandbox')).sandboxCommand },
  { ...teamServeSpec, load: async () => (await import('./commands/team-server')).teamServeCommand },
  { ...teamInviteSpec, load: async () => (await import('./commands/team-server')).teamInviteCommand },
  { ...teamRevokeSpec, load: async () => (await import('./commands/team-server')).teamRevokeCommand },
  { ...teamJoinSpec, load: async () => (await import('./commands/team-member')).teamJoinCommand },
  { ...teamStatusSpec, load: async () => (await import('./commands/team-member')).teamStatusCommand },
  { ...teamSyncSpec, load: async () => (await import('./commands/team-member')).teamSyncCommand },
  { ...teamShareSpec, load: async () => (await import('./commands/team-member')).teamShareCommand },
  { ...teamReviewSpec, load: async () => (await import('./commands/team-member')).teamReviewCommand },
  { ...teamCommentSpec, load: async () => (await import('./commands/team-member')).teamCommentCommand },
  { ...teamPolicySpec, load: async () => (await import('./commands/team-member')).teamPolicyCommand },
  { ...teamPushSpec, load: async () => (await import('./commands/team-member')).teamPushCommand },
  { ...teamLeaveSpec, load: async () => (await import('./commands/team-member')).teamLeaveCommand },
];
