import type { ConversationType } from './conversations';

/**
 * Conversation moderation (seed 003, requirement 9), for a conversation's owner and admins:
 *
 * `POST /v1/conversations/:id/bans` {@link BanRequest} → 201 {@link BanResponse}: removes the user if
 *   they are a member (their sockets leave the room at once, `member.left` with reason `banned`) and
 *   keeps them out: joining and being invited answer 403 BANNED_FROM_CONVERSATION until the ban
 *   ends (`durationSeconds`; permanent without it). Banning again replaces the ban.
 * `DELETE /v1/conversations/:id/bans/:userId` → 204 (lifts it; 404 BAN_NOT_FOUND when there is none).
 *   Lifting or replacing a ban in force takes what banning took: outranking the user as they were
 *   when banned (the owner any ban; admins those of members and of people who were not members),
 *   403 FORBIDDEN otherwise: an admin cannot undo or shorten the owner's ban of another admin.
 * `GET /v1/conversations/:id/bans?before=&limit=` → {@link BansResponse} (bans in force, newest first;
 *   `before` is the `userId` of the last ban of the previous page, 400 when that ban is gone, lifted
 *   meanwhile: start again without it; at most MODERATION_LOG_MAX_LIMIT a page).
 * `GET /v1/conversations/:id/moderation-log?q=&action=&actorId=&targetUserId=&before=&limit=` →
 *   {@link ModerationLogResponse}: every moderation action, newest first. `q` matches the reason
 *   and the actor's and target's usernames and display names; `before` is an entry id (the last
 *   of the previous page).
 * A kick is `DELETE /v1/conversations/:id/members/:userId` (CONTRACT.md): the user may come back.
 */
export interface BanRequest {
  userId: string;
  reason?: string;
  /** How long the ban lasts; omitted, it lasts until lifted. */
  durationSeconds?: number;
}

export interface ConversationBan {
  userId: string;
  /** The banned user's display name as it is now. */
  displayName: string;
  /** Extension of v1: the banned user's picture (see User.avatarUrl) as it is now, or null: clients draw initials then. */
  avatarUrl: string | null;
  bannedBy: string;
  reason: string | null;
  createdAt: string;
  /** Null for a ban that lasts until lifted. */
  expiresAt: string | null;
}

export interface BanResponse {
  ban: ConversationBan;
}

export interface BansQuery {
  before?: string;
  limit?: number;
}

export interface BansResponse {
  bans: ConversationBan[];
  /** Extension of v1: there are older bans (ask again with `before`). */
  hasMore: boolean;
}

export const MODERATION_ACTIONS = ['member.removed', 'member.banned', 'member.unbanned', 'member.role-changed', 'message.deleted', 'account.banned', 'account.unbanned', 'message.reported', 'report.resolved'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export interface ModerationEntry {
  id: string;
  action: ModerationAction;
  /** Null for account actions (they span the tenant). */
  conversationId: string | null;
  actorId: string;
  /** Display names as they are now, so a log reads without another lookup. */
  actorName: string;
  targetUserId: string | null;
  targetName: string | null;
  /** For `message.deleted`: the message (a tombstone now). */
  messageId: string | null;
  reason: string | null;
  /** Action-specific facts: `{role, previousRole}` for a role change (an ownership transfer logs two: the new owner's and the former owner's), `{expiresAt}` for a ban. */
  details: Record<string, unknown>;
  createdAt: string;
}

export interface ModerationLogQuery {
  q?: string;
  action?: ModerationAction;
  actorId?: string;
  targetUserId?: string;
  before?: string;
  limit?: number;
}

export interface ModerationLogResponse {
  entries: ModerationEntry[];
  hasMore: boolean;
}

/**
 * Account moderation by tenant administrators (the usernames in ADMIN_USERNAMES):
 *
 * `POST /v1/admin/users/:userId/ban` {@link AccountBanRequest} → 201 {@link AccountBanResponse}: every
 *   login of the account ends at once (its tokens answer 401 TOKEN_REVOKED), its sockets are
 *   disconnected, and logging in, as a guest too, answers 403 ACCOUNT_BANNED until the ban ends.
 *   With `closeReports`, every open report of the account's messages in the tenant is closed as
 *   actioned in the same transaction (logged in each report's conversation).
 * `DELETE /v1/admin/users/:userId/ban` → 204 (404 BAN_NOT_FOUND when the account is not banned).
 * `GET /v1/admin/bans?before=&limit=` → {@link BannedAccountsResponse}: the account bans in force,
 *   newest first, paged like a conversation's bans (`before` the `userId` of the last of the previous page).
 * `GET /v1/admin/moderation-log?…` → {@link ModerationLogResponse}: the whole tenant's log (account
 *   and conversation actions), with the same filters as a conversation's.
 */
export interface AccountBanRequest {
  reason?: string;
  durationSeconds?: number;
  /** True: the ban is the answer to every open report of the account's messages, which it closes as actioned. */
  closeReports?: boolean;
}

export interface AccountBan {
  userId: string;
  reason: string | null;
  bannedAt: string;
  /** Null for a ban until lifted. */
  bannedUntil: string | null;
  /** How many open reports the ban closed (0 without `closeReports`). */
  reportsClosed: number;
}

export interface AccountBanResponse {
  ban: AccountBan;
}

export interface BannedAccount {
  userId: string;
  /** The account's display name and picture as they are now (a null picture: clients draw initials). */
  displayName: string;
  avatarUrl: string | null;
  reason: string | null;
  bannedAt: string;
  /** Null for a ban until lifted. */
  bannedUntil: string | null;
}

export interface BannedAccountsResponse {
  bans: BannedAccount[];
  /** There are older bans (ask again with `before`). */
  hasMore: boolean;
}

/**
 * Reports (seed 003, req. 16.5): any member tells the conversation's owners and admins that a
 * message breaks the rules; where there are none but the people involved (a direct conversation,
 * or the report is of the only owner's message), the tenant's administrators.
 *
 * `POST /v1/conversations/:id/messages/:messageId/reports` {@link ReportMessageRequest} → 201
 *   {@link ReportResponse}; reporting the same message again answers 200 with the first report.
 *   Your own message or a deleted one cannot be reported (400, 404 MESSAGE_NOT_FOUND). Each owner
 *   and admin other than the reporter and the author gets a `message.reported` frame on their own
 *   devices; when there is none, the report is `escalated` and the tenant's administrators (other
 *   than those two) get the frame instead. The moderation log gets a `message.reported` entry. At
 *   most RATE_LIMIT_REPORTS_PER_MINUTE new reports a user (429 RATE_LIMITED).
 * `GET /v1/conversations/:id/reports?status=&before=&limit=` → {@link ReportsResponse} (owners and
 *   admins; newest first, `before` a report id), without the escalated reports (they are the
 *   tenant's administrators', even once the conversation has other moderators) and without those
 *   of the moderator's own messages.
 * `PATCH /v1/conversations/:id/reports/:reportId` {@link ResolveReportRequest} → {@link ReportResponse}:
 *   an owner or admin closes an open report as `actioned` (they deleted the message, banned the
 *   sender …) or `dismissed`; logged as `report.resolved`. 404 REPORT_NOT_FOUND for an unknown id,
 *   an escalated report, one of your own message and your own report; 409 REPORT_ALREADY_RESOLVED
 *   for a report closed already (by a moderator, an administrator or an account ban): the first
 *   outcome stands.
 */
export const REPORT_REASONS = ['spam', 'harassment', 'hate', 'violence', 'sexual', 'illegal', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REPORT_STATUSES = ['open', 'actioned', 'dismissed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface ReportMessageRequest {
  reason: ReportReason;
  /** What the reporter wants moderators to know; at most REPORT_NOTE_MAX_CHARS. */
  note?: string;
}

export interface MessageReport {
  id: string;
  conversationId: string;
  messageId: string;
  messageSeq: number;
  /** Who wrote the reported message. */
  senderId: string;
  reporterId: string;
  /** Display names as they are now. */
  reporterName: string;
  /** Extension of v1: the reporter's picture (see User.avatarUrl) as it is now, or null: clients draw initials then. */
  reporterAvatarUrl: string | null;
  reason: ReportReason;
  note: string | null;
  status: ReportStatus;
  /** Nobody in the conversation but the reporter and the author could act on it: the tenant's administrators were told, and handle it at `/v1/admin/reports`. */
  escalated: boolean;
  createdAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export interface ReportResponse {
  report: MessageReport;
}

export interface ReportsQuery {
  status?: ReportStatus;
  before?: string;
  limit?: number;
}

export interface ReportsResponse {
  reports: MessageReport[];
  hasMore: boolean;
}

export interface ResolveReportRequest {
  status: Exclude<ReportStatus, 'open'>;
}

/**
 * The tenant's reports, for its administrators (seed 003 R9, R16.5): they see what was reported
 * anywhere in the tenant, the escalated ones above all, with the reported message's text, since
 * they are usually not members of the conversation.
 *
 * `GET /v1/admin/reports?status=&escalated=&before=&limit=` → {@link TenantReportsResponse},
 *   newest first, `before` a report id, at most MODERATION_LOG_MAX_LIMIT a page.
 * `PATCH /v1/admin/reports/:reportId` {@link ResolveReportRequest} → {@link ReportResponse}: an
 *   administrator closes any open report of the tenant (logged in the moderation log as
 *   `report.resolved`); acting on it is the account ban (`POST /v1/admin/users/:userId/ban`).
 *   404 REPORT_NOT_FOUND for an id not of this tenant; 409 REPORT_ALREADY_RESOLVED for a report
 *   closed already, as in a conversation; 403 for anyone but its administrators.
 */
export interface TenantReport extends MessageReport {
  conversationType: ConversationType;
  /** The author's display name as it is now. */
  senderName: string;
  /** The author's picture (see User.avatarUrl) as it is now, or null: clients draw initials then. */
  senderAvatarUrl: string | null;
  /** The reported message's text as it is now; null once deleted (its author, a moderator or retention). */
  messageBody: string | null;
}

export interface TenantReportsQuery extends ReportsQuery {
  /** Only the reports that went to the administrators (true), or only the others (false). */
  escalated?: boolean;
}

export interface TenantReportsResponse {
  reports: TenantReport[];
  hasMore: boolean;
}
