import { z } from 'zod';
import type { TeamReviewView } from '../team/derive-review';
import type { ApprovalPolicy, SharedChangeSetEntry } from '../team/team-doc';
import type { TeamPageState } from '../team/team-status';
import type { PushResultValue } from '../model/push';
import { call } from './define';

const sharedKey = z.string().min(1).max(200);
const rowIdx = z.number().int().min(0).max(10_000_000);

/** The team calls of the contract (issue 20), spread into `api`. */
export const teamApi = {
  'team.status': call(z.object({}).strict(), 'The team this workspace joined: server, member, sync, shared change sets, presence, leases').returns<TeamPageState>(),
  'team.join': call(
    z
      .object({
        url: z.string().min(1).max(500),
        member: z.string().min(1).max(64),
        tokenEnv: z.string().min(1).max(200).optional(),
        /** Desktop app only: the token itself, kept in the OS keychain. */
        token: z.string().min(1).max(500).optional(),
      })
      .strict(),
    'Join a team server (the member token from the named environment variable, or typed into the desktop app)',
  ).returns<TeamPageState>(),
  'team.leave': call(z.object({}).strict(), 'Leave the team: forget the server and the shared documents').returns<{ left: string }>(),
  'team.share': call(z.object({ id: z.number().int().positive() }).strict(), 'Share a change set with the team for review').returns<SharedChangeSetEntry>(),
  'team.view': call(z.object({ key: sharedKey }).strict(), 'A shared change set as the team reviews it').returns<{ entry: SharedChangeSetEntry; review: TeamReviewView; policy: ApprovalPolicy }>(),
  'team.decide': call(
    z
      .object({
        key: sharedKey,
        decisions: z
          .array(z.object({ idx: rowIdx, verdict: z.enum(['approve', 'reject']), comment: z.string().max(2000).nullable().optional() }).strict())
          .min(1)
          .max(100_000),
      })
      .strict(),
    'Decide rows of a shared change set as this member',
  ).returns<TeamReviewView>(),
  'team.comment': call(z.object({ key: sharedKey, idx: rowIdx, text: z.string().min(1).max(2000) }).strict(), 'Comment on a row of a shared change set').returns<{ ok: true }>(),
  'team.look': call(
    z.object({ key: sharedKey.nullable(), rows: z.array(rowIdx).max(200) }).strict(),
    'Tell the others which shared change set and rows this member is looking at',
  ).returns<{ ok: true }>(),
  'team.policy': call(
    z.object({ approvals: z.number().int().min(1).max(20), authorMayApprove: z.boolean() }).strict(),
    "Set the team's approval policy",
  ).returns<ApprovalPolicy>(),
  'team.push': call(z.object({ id: z.number().int().positive() }).strict(), 'Push a shared change set the team approved, under the push lease').returns<PushResultValue & { key: string }>(),
};
