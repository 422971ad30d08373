import type { AnyCommand } from './command';
import { auditExportCommand } from './commands/audit-export';
import {
  changesetsApproveCommand,
  changesetsListCommand,
  changesetsRejectCommand,
  changesetsReviewCommand,
  changesetsShowCommand,
  changesetsSubmitCommand,
} from './commands/changesets';
import { changesetsCreateCommand } from './commands/changesets-create';
import { doctorCommand } from './commands/doctor';
import { changesetsBatchCommand, changesetsPushBatchCommand } from './commands/rename-batch';
import { connectionsAddCommand, connectionsEditCommand, connectionsListCommand, connectionsRemoveCommand } from './commands/connections';
import { mergesDismissCommand, mergesFindCommand, mergesPlanCommand, mergesStageCommand, mergesUndoCommand } from './commands/merges';
import { previewCommand } from './commands/preview';
import { connectionsTestCommand, pullCommand } from './commands/pull';
import { changesetsRetryCommand, pushCommand } from './commands/push';
import { renamesCheckCommand } from './commands/renames-check';
import { resolveCommand } from './commands/resolve';
import { reviewDecideCommand, reviewExportCommand, reviewImportCommand } from './commands/review';
import { sandboxCommand } from './commands/sandbox';
import { serveCommand } from './commands/serve';
import { usersListCommand } from './commands/users-list';
import { windowsCloseCommand, windowsListCommand } from './commands/windows';
import {
  teamCommentCommand,
  teamJoinCommand,
  teamLeaveCommand,
  teamPolicyCommand,
  teamPushCommand,
  teamReviewCommand,
  teamShareCommand,
  teamStatusCommand,
  teamSyncCommand,
} from './commands/team-member';
import { teamInviteCommand, teamRevokeCommand, teamServeCommand } from './commands/team-server';

/**
 * Every `rekey` command. Adding one = a module under commands/ and a line here.
 * Kept as a plain list so `rekey --help` shows them in this order.
 */
export const commands: AnyCommand[] = [
  resolveCommand,
  renamesCheckCommand,
  connectionsAddCommand,
  connectionsListCommand,
  connectionsEditCommand,
  connectionsRemoveCommand,
  connectionsTestCommand,
  pullCommand,
  usersListCommand,
  previewCommand,
  changesetsCreateCommand,
  changesetsListCommand,
  changesetsShowCommand,
  changesetsSubmitCommand,
  changesetsReviewCommand,
  changesetsApproveCommand,
  changesetsRejectCommand,
  pushCommand,
  changesetsBatchCommand,
  changesetsPushBatchCommand,
  changesetsRetryCommand,
  reviewExportCommand,
  reviewDecideCommand,
  reviewImportCommand,
  windowsListCommand,
  windowsCloseCommand,
  mergesFindCommand,
  mergesDismissCommand,
  mergesPlanCommand,
  mergesStageCommand,
  mergesUndoCommand,
  auditExportCommand,
  doctorCommand,
  serveCommand,
  sandboxCommand,
  teamServeCommand,
  teamInviteCommand,
  teamRevokeCommand,
  teamJoinCommand,
  teamStatusCommand,
  teamSyncCommand,
  teamShareCommand,
  teamReviewCommand,
  teamCommentCommand,
  teamPolicyCommand,
  teamPushCommand,
  teamLeaveCommand,
];
