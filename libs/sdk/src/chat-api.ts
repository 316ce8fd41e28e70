import type {
  ConversationSummary,
  ConversationListQuery,
  AccountBanRequest,
  AccountBanResponse,
  AuditLogQuery,
  AuditLogResponse,
  AuditSummaryQuery,
  AuditSummaryResponse,
  AssignAgentRequest,
  AuthResponse,
  BannedAccountsResponse,
  BanRequest,
  BlocksQuery,
  BlocksResponse,
  BanResponse,
  BansQuery,
  BansResponse,
  BusinessConversationResponse,
  BusinessInboxQuery,
  BusinessInboxResponse,
  BusinessResponse,
  BusinessSearchQuery,
  BusinessSearchResponse,
  CreateBusinessRequest,
  FeatureFlagResponse,
  FeatureFlagsResponse,
  FeatureKey,
  CreateTenantRequest,
  CreateTenantResponse,
  ConversationDetailsResponse,
  ConversationListResponse,
  ConversationCreatedResponse,
  ConversationResponse,
  CreateConversationRequest,
  DeviceKey,
  DevicePublicJwk,
  DistributeKeyRequest,
  E2eeDevicesResponse,
  KeyBackupResponse,
  MyDevicesResponse,
  MyKeyEnvelopesResponse,
  FindUsersQuery,
  HistoryQuery,
  HistoryResponse,
  MediaLimitsResponse,
  MediaQuarantineResponse,
  MediaResponse,
  UploadUrlRequest,
  UploadUrlResponse,
  MfaEnrolment,
  MeResponse,
  PreferencesResponse,
  ProfileResponse,
  UpdatePreferencesRequest,
  UpdateProfileRequest,
  MemberRole,
  MessageResponse,
  ModerationLogQuery,
  ReportMessageRequest,
  ReportResponse,
  ReportsQuery,
  ReportsResponse,
  TenantReportsQuery,
  TenantReportsResponse,
  ResolveReportRequest,
  ModerationLogResponse,
  MuteResponse,
  FavouriteResponse,
  MyFeaturesResponse,
  MyBusinessesQuery,
  MyBusinessesResponse,
  NotificationSettingsResponse,
  PushSubscriptionRequest,
  PushSubscriptionResponse,
  PushSubscriptionsResponse,
  PublicChannelsResponse,
  PinResponse,
  PinsResponse,
  ReactionsResponse,
  UnreadMentionsResponse,
  ReadPointersResponse,
  ReadResponse,
  DeliveredResponse,
  MessageReceiptsResponse,
  SearchQuery,
  SearchResponse,
  SendMessageRequest,
  SessionsResponse,
  SsoInfo,
  SyncQuery,
  SyncResponse,
  TenancyInfo,
  TenantExportListQuery,
  TenantExportListResponse,
  TenantExportResponse,
  TenantQuotaOverrides,
  TenantQuotasResponse,
  TenantUsageResponse,
  TenantResponse,
  CostRangeQuery,
  CostReportResponse,
  TenantCostsResponse,
  UpdateBusinessRequest,
  UpdateConversationRequest,
  UpdateFeatureFlagRequest,
  UpdateNotificationSettingsRequest,
  UpdateTenantRequest,
  UsersResponse,
  VerifyNotificationEmailRequest,
  WsTicketRequest,
  WsTicketResponse,
} from '@chat/contracts';
import { DEVICE_PROOF_HEADER, ErrorCode, TENANT_HEADER } from '@chat/contracts';
import { ChatApiError } from './chat-api-error';
import { deviceProof, type DeviceKeySigner } from './device-key';
import { solveLoginChallenge } from './login-challenge';
import { retryAfterSeconds, retryDelayMs, type AttemptOutcome, type RetryPolicy } from './retry-policy';
import { ServerClock } from './server-clock';

/** A request body sent as is (an upload) instead of as JSON. */
export class RawBody {
  constructor(
    readonly data: Blob | ArrayBuffer | Uint8Array | ReadableStream<Uint8Array>,
    readonly contentType: string,
  ) {}
}

export interface ChatApiOptions {
  baseUrl: string;
  accessToken?: string;
  fetch?: typeof fetch;
  /** The tenant to log into (its slug, sent as X-Tenant) on a multi-tenant server; absent: the default tenant. */
  tenant?: string;
  /** Retries with backoff (see retryDelayMs for which failures); absent: every failure is thrown at once. */
  retry?: RetryPolicy;
  /**
   * Binds this client's logins to a device key (contracts device-proof.ts): logging in sends its
   * public half, and `refresh` signs a proof with it, without which the server refuses the refresh.
   */
  deviceKey?: DeviceKeySigner;
}

/** REST client of the contract. Holds the access token once logged in. */
export class ChatApi {
  accessToken: string | undefined;
  /** Starts as ChatApiOptions.deviceKey; replaceable, like the access token (a web page loads its account's key later). */
  deviceKey: DeviceKeySigner | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly serverClock = new ServerClock();

  constructor(private readonly options: ChatApiOptions) {
    this.accessToken = options.accessToken;
    this.deviceKey = options.deviceKey;
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
  }

  get baseUrl(): string {
    return this.options.baseUrl.replace(/\/$/, '');
  }

  /**
   * `extraHeaders`: e.g. `x-mfa-code` for a sensitive action. `idempotent`: a POST that carries its
   * own idempotency key (a message's clientMessageId), so the retry policy may repeat it.
   */
  async request<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}, idempotent = false): Promise<{ status: number; data: T }> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (body !== undefined) headers['content-type'] = body instanceof RawBody ? body.contentType : 'application/json';
    if (this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
    if (this.options.tenant) headers[TENANT_HEADER] = this.options.tenant;
    const init: RequestInit & { duplex?: 'half' } = { method, headers, body: body === undefined ? undefined : body instanceof RawBody ? (body.data as BodyInit) : JSON.stringify(body) };
    // A streamed body needs half duplex in fetch (Node's requires saying so); it cannot be sent twice.
    const streamed = body instanceof RawBody && typeof ReadableStream !== 'undefined' && body.data instanceof ReadableStream;
    if (streamed) init.duplex = 'half';
    const res = await this.fetchRetrying(`${this.baseUrl}${path}`, init, { method, idempotent, replayable: !streamed });
    this.serverClock.note(res.headers.get('date'));
    const text = await res.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      throw new ChatApiError(res.status, data?.error ?? { code: 'INTERNAL', message: text || res.statusText, hint: '', requestId: res.headers.get('x-request-id') ?? '' });
    }
    return { status: res.status, data: data as T };
  }

  /** One request, sent again while the retry policy says so; the last answer (or network error) is the caller's. */
  private async fetchRetrying(url: string, init: RequestInit, request: { method: string; idempotent: boolean; replayable: boolean }): Promise<Response> {
    const policy = this.options.retry;
    for (let attempt = 1; ; attempt++) {
      let res: Response | undefined;
      let failure: unknown;
      try {
        res = await this.fetchImpl(url, init);
        if (res.ok) return res;
      } catch (err) {
        failure = err;
      }
      const outcome: AttemptOutcome = res ? { kind: 'status', status: res.status, retryAfterSeconds: retryAfterSeconds(res.headers.get('retry-after')) } : { kind: 'network' };
      const wait = policy && request.replayable ? retryDelayMs(attempt, outcome, request, policy) : null;
      if (wait === null) {
        if (res) return res;
        throw failure;
      }
      await res?.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async call<T>(method: string, path: string, body?: unknown, idempotent = false): Promise<T> {
    return (await this.request<T>(method, path, body, {}, idempotent)).data;
  }

  private async authenticate(path: string, body: unknown, headers: Record<string, string> = {}): Promise<AuthResponse> {
    const auth = (await this.request<AuthResponse>('POST', path, body, headers)).data;
    this.accessToken = auth.accessToken;
    return auth;
  }

  /** A new login, bound to the device key when this client has one. */
  private startLogin(path: string, body: object): Promise<AuthResponse> {
    return this.authenticate(path, { ...body, deviceKey: this.deviceKey?.publicJwk });
  }

  register(username: string, displayName: string, password: string) {
    return this.startLogin('/v1/auth/register', { username, displayName, password });
  }
  /** After failed attempts the server asks a login to solve a challenge first (428 CHALLENGE_REQUIRED): it is solved here and the login sent again, once. */
  async login(username: string, password: string): Promise<AuthResponse> {
    try {
      return await this.startLogin('/v1/auth/login', { username, password });
    } catch (err) {
      const challenge = err instanceof ChatApiError && err.code === ErrorCode.CHALLENGE_REQUIRED ? err.body.challenge : undefined;
      if (!challenge) throw err;
      return this.startLogin('/v1/auth/login', { username, password, challenge: await solveLoginChallenge(challenge) });
    }
  }
  guest(username: string, displayName?: string) {
    return this.startLogin('/v1/auth/guest', { username, displayName });
  }
  /** With a device key, signs the proof a device-bound login needs (an unbound login ignores it). */
  async refresh(refreshToken: string): Promise<AuthResponse> {
    const clockThought = this.serverClock.offsetMs;
    try {
      return await this.authenticate('/v1/auth/refresh', { refreshToken }, await this.deviceProofHeader(refreshToken));
    } catch (err) {
      // A refused proof spends nothing: when the refusal's Date showed this clock to be off, sign again at the server's time.
      if (!(err instanceof ChatApiError) || err.code !== ErrorCode.DEVICE_PROOF_INVALID || !this.serverClock.movedSince(clockThought)) throw err;
      return this.authenticate('/v1/auth/refresh', { refreshToken }, await this.deviceProofHeader(refreshToken));
    }
  }
  private async deviceProofHeader(refreshToken: string): Promise<Record<string, string>> {
    return this.deviceKey ? { [DEVICE_PROOF_HEADER]: await deviceProof(this.deviceKey, refreshToken, this.serverClock.nowSeconds()) } : {};
  }
  logout() {
    return this.call<void>('POST', '/v1/auth/logout');
  }
  me() {
    return this.call<MeResponse>('GET', '/v1/me');
  }
  /** How I am shown to others; everyone I share a conversation with gets a `user.updated` frame. */
  updateProfile(changes: UpdateProfileRequest) {
    return this.call<ProfileResponse>('PATCH', '/v1/me', changes);
  }
  /** My language and time zone, kept with the account (null clears one). */
  updatePreferences(changes: UpdatePreferencesRequest) {
    return this.call<PreferencesResponse>('PATCH', '/v1/me/preferences', changes);
  }
  /** How the server is run: whether to ask which tenant to log into. */
  tenancy() {
    return this.call<TenancyInfo>('GET', '/v1/tenancy');
  }
  /** Whether the server offers single sign-on, and the name for its "Log in with …" button. */
  ssoInfo() {
    return this.call<SsoInfo>('GET', '/v1/auth/sso');
  }
  /** The one-time code an SSO login left in the web app's URL (`sso_code`), for a token pair: this client is then logged in. */
  exchangeSsoCode(code: string) {
    return this.startLogin('/v1/auth/sso/exchange', { code });
  }
  /**
   * A new tenant with its first administrator (on a server with TENANCY_MODE=multi). The answer
   * logs that administrator in; this client keeps its own login (an operator stays an operator).
   */
  createTenant(input: CreateTenantRequest) {
    return this.call<CreateTenantResponse>('POST', '/v1/tenants', input);
  }
  /** My tenant. */
  tenant() {
    return this.call<TenantResponse>('GET', '/v1/tenant');
  }
  /** The tenant's administrators: who may join by themselves. */
  updateTenant(changes: UpdateTenantRequest) {
    return this.call<TenantResponse>('PATCH', '/v1/tenant', changes);
  }
  /** Tenant administrators: each quota's limit, where it comes from, and its use. */
  tenantUsage() {
    return this.call<TenantUsageResponse>('GET', '/v1/tenant/usage');
  }
  /** Operators: a tenant's quota overrides (null: the configuration's default). */
  setTenantQuotas(tenantId: string, overrides: Partial<TenantQuotaOverrides>) {
    return this.call<TenantQuotasResponse>('PUT', `/v1/admin/tenants/${tenantId}/quotas`, overrides);
  }
  /** Tenant administrators: what the tenant used of sockets, egress and storage over UTC days `from`..`to`, and what it cost. */
  tenantCosts(range: CostRangeQuery) {
    return this.call<TenantCostsResponse>('GET', `/v1/tenant/costs${toQuery(range)}`);
  }
  /** Operators: every tenant's usage and costs over UTC days `from`..`to`, most expensive first, with the cost drift flagged. */
  costReport(range: CostRangeQuery) {
    return this.call<CostReportResponse>('GET', `/v1/admin/cost-report${toQuery(range)}`);
  }
  /** Tenant administrators: an export of the whole tenant, written in the background (poll `tenantExport`; the file is at `/v1/admin/exports/:id/download`). */
  requestTenantExport() {
    return this.call<TenantExportResponse>('POST', '/v1/admin/exports');
  }
  tenantExports(query: TenantExportListQuery = {}) {
    return this.call<TenantExportListResponse>('GET', `/v1/admin/exports${toQuery(query)}`);
  }
  tenantExport(id: string) {
    return this.call<TenantExportResponse>('GET', `/v1/admin/exports/${id}`);
  }
  /** My logins in force (devices), newest first. */
  sessions() {
    return this.call<SessionsResponse>('GET', '/v1/me/sessions');
  }
  /** Ends one of my logins: its tokens fail and its sockets close. Another device's needs `mfaCode` with two-step login on. */
  async revokeSession(id: string, mfaCode?: string) {
    await this.request<void>('DELETE', `/v1/me/sessions/${id}`, undefined, mfaCode ? { 'x-mfa-code': mfaCode } : {});
  }
  /** Starts two-step login: the secret for an authenticator app, in force once confirmed. */
  enrolMfa() {
    return this.call<MfaEnrolment>('POST', '/v1/me/mfa');
  }
  confirmMfa(code: string) {
    return this.call<void>('POST', '/v1/me/mfa/confirm', { code });
  }
  async disableMfa(mfaCode: string) {
    await this.request<void>('DELETE', '/v1/me/mfa', undefined, { 'x-mfa-code': mfaCode });
  }
  /** Deletes my account for good (`password` when it has one, `mfaCode` with two-step login on). */
  async deleteAccount(password?: string, mfaCode?: string) {
    await this.request<void>('DELETE', '/v1/me', { password }, mfaCode ? { 'x-mfa-code': mfaCode } : {});
  }
  /** People whose username or display name starts with `q`, the exact username first. */
  findUsers(query: FindUsersQuery) {
    return this.call<UsersResponse>('GET', `/v1/users${toQuery(query)}`);
  }
  /** Blocks a person: between us, no new direct conversation, invitation or direct message (idempotent). */
  async block(userId: string) {
    await this.call<void>('PUT', `/v1/me/blocks/${userId}`);
  }
  async unblock(userId: string) {
    await this.call<void>('DELETE', `/v1/me/blocks/${userId}`);
  }
  /** The people I blocked, the most recent first. */
  blocks(query: BlocksQuery = {}) {
    return this.call<BlocksResponse>('GET', `/v1/me/blocks${toQuery(query)}`);
  }
  /** A single-use socket ticket; with `conversationIds`, its socket acts on those conversations only. */
  wsTicket(input: WsTicketRequest = {}) {
    return this.call<WsTicketResponse>('POST', '/v1/auth/ws-ticket', input);
  }

  /** With a `clientRequestId` the create is safe to send again: the retry policy then resends it after a lost answer too. */
  createConversation(input: CreateConversationRequest) {
    return this.call<ConversationCreatedResponse>('POST', '/v1/conversations', input, input.clientRequestId !== undefined);
  }
  /** One page of my conversations, most recently active first; `nextCursor` asks for the next. */
  listConversations(query: ConversationListQuery = {}) {
    return this.call<ConversationListResponse>('GET', `/v1/conversations${toQuery(query)}`);
  }
  /** All my conversations, page after page. */
  async allConversations(): Promise<ConversationSummary[]> {
    const all: ConversationSummary[] = [];
    for (let cursor: string | undefined; ; ) {
      const { conversations, nextCursor } = await this.listConversations(cursor ? { cursor } : {});
      all.push(...conversations);
      if (nextCursor === null) return all;
      cursor = nextCursor;
    }
  }
  browsePublic(query: { q?: string; limit?: number; cursor?: string } = {}) {
    return this.call<PublicChannelsResponse>('GET', `/v1/conversations/public${toQuery(query)}`);
  }
  getConversation(id: string) {
    return this.call<ConversationDetailsResponse>('GET', `/v1/conversations/${id}`);
  }
  updateConversation(id: string, input: UpdateConversationRequest) {
    return this.call<ConversationResponse>('PATCH', `/v1/conversations/${id}`, input);
  }
  deleteConversation(id: string) {
    return this.call<void>('DELETE', `/v1/conversations/${id}`);
  }
  /** Owners and admins: nothing is sent, edited or reacted to there until it is reopened (409 CONVERSATION_CLOSED); it is still read. */
  closeConversation(id: string) {
    return this.call<ConversationDetailsResponse>('POST', `/v1/conversations/${id}/close`);
  }
  reopenConversation(id: string) {
    return this.call<ConversationDetailsResponse>('POST', `/v1/conversations/${id}/reopen`);
  }
  join(id: string) {
    return this.call<ConversationDetailsResponse>('POST', `/v1/conversations/${id}/join`);
  }
  leave(id: string) {
    return this.call<void>('POST', `/v1/conversations/${id}/leave`);
  }
  invite(id: string, userId: string) {
    return this.call<ConversationDetailsResponse>('POST', `/v1/conversations/${id}/members`, { userId });
  }
  kick(id: string, userId: string) {
    return this.call<void>('DELETE', `/v1/conversations/${id}/members/${userId}`);
  }
  /** Removes the user (if a member) and keeps them out until the ban ends or is lifted. */
  ban(id: string, request: BanRequest) {
    return this.call<BanResponse>('POST', `/v1/conversations/${id}/bans`, request);
  }
  liftBan(id: string, userId: string) {
    return this.call<void>('DELETE', `/v1/conversations/${id}/bans/${userId}`);
  }
  bans(id: string, query: BansQuery = {}) {
    return this.call<BansResponse>('GET', `/v1/conversations/${id}/bans${toQuery(query)}`);
  }
  moderationLog(id: string, query: ModerationLogQuery = {}) {
    return this.call<ModerationLogResponse>('GET', `/v1/conversations/${id}/moderation-log${toQuery(query)}`);
  }
  /** Reports someone else's message to the conversation's owners and admins; again, the first report. */
  reportMessage(id: string, messageId: string, request: ReportMessageRequest) {
    return this.call<ReportResponse>('POST', `/v1/conversations/${id}/messages/${messageId}/reports`, request);
  }
  reports(id: string, query: ReportsQuery = {}) {
    return this.call<ReportsResponse>('GET', `/v1/conversations/${id}/reports${toQuery(query)}`);
  }
  resolveReport(id: string, reportId: string, request: ResolveReportRequest) {
    return this.call<ReportResponse>('PATCH', `/v1/conversations/${id}/reports/${reportId}`, request);
  }
  changeRole(id: string, userId: string, role: MemberRole) {
    return this.call<ConversationDetailsResponse>('PATCH', `/v1/conversations/${id}/members/${userId}`, { role });
  }

  /** End-to-end encryption (see the README, "End-to-end encryption"; the E2ee class builds on these). */
  registerDeviceKey(deviceId: string, publicKey: DevicePublicJwk) {
    return this.call<{ device: DeviceKey }>('PUT', `/v1/me/devices/${encodeURIComponent(deviceId)}/e2ee-key`, { publicKey });
  }
  /** My registered E2EE devices. */
  myDevices() {
    return this.call<MyDevicesResponse>('GET', '/v1/me/devices');
  }
  /** Unlinks one of my E2EE devices (its key and envelopes go; conversations it held the key of rotate; the login it registered from ends, unless it is this one). Needs `mfaCode` with two-step login on. */
  async unlinkDevice(deviceId: string, mfaCode?: string) {
    await this.request<void>('DELETE', `/v1/me/devices/${encodeURIComponent(deviceId)}`, undefined, mfaCode ? { 'x-mfa-code': mfaCode } : {});
  }
  e2eeDevices(conversationId: string) {
    return this.call<E2eeDevicesResponse>('GET', `/v1/conversations/${conversationId}/e2ee/devices`);
  }
  distributeKey(conversationId: string, request: DistributeKeyRequest) {
    return this.call<E2eeDevicesResponse>('POST', `/v1/conversations/${conversationId}/e2ee/keys`, request);
  }
  myKeyEnvelopes(conversationId: string, deviceId: string) {
    return this.call<MyKeyEnvelopesResponse>('GET', `/v1/conversations/${conversationId}/e2ee/keys${toQuery({ deviceId })}`);
  }
  keyBackup() {
    return this.call<KeyBackupResponse>('GET', '/v1/me/e2ee-backup');
  }
  putKeyBackup(blob: string) {
    return this.call<KeyBackupResponse>('PUT', '/v1/me/e2ee-backup', { blob });
  }
  optOutOfKeyBackup() {
    return this.call<KeyBackupResponse>('POST', '/v1/me/e2ee-backup/opt-out');
  }
  deleteKeyBackup() {
    return this.call<void>('DELETE', '/v1/me/e2ee-backup');
  }

  /** Safe to repeat (the retry policy may): the server answers a known clientMessageId with the message it stored. */
  sendMessage(conversationId: string, input: SendMessageRequest) {
    return this.call<MessageResponse>('POST', `/v1/conversations/${conversationId}/messages`, input, true);
  }
  history(conversationId: string, query: HistoryQuery = {}) {
    return this.call<HistoryResponse>('GET', `/v1/conversations/${conversationId}/messages${toQuery(query)}`);
  }
  /** With `version`, the edit applies only if the message is still at that version (else 409 MESSAGE_VERSION_CONFLICT). */
  editMessage(conversationId: string, messageId: string, body: string, version?: number) {
    return this.call<MessageResponse>('PATCH', `/v1/conversations/${conversationId}/messages/${messageId}`, { body, version });
  }
  deleteMessage(conversationId: string, messageId: string) {
    return this.call<void>('DELETE', `/v1/conversations/${conversationId}/messages/${messageId}`);
  }
  react(conversationId: string, messageId: string, emoji: string) {
    return this.call<ReactionsResponse>('PUT', `/v1/conversations/${conversationId}/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`);
  }
  unreact(conversationId: string, messageId: string, emoji: string) {
    return this.call<ReactionsResponse>('DELETE', `/v1/conversations/${conversationId}/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`);
  }
  /** Extension of v1: pins a message to its conversation (idempotent: a pinned one answers its pin as it was). */
  pin(conversationId: string, messageId: string) {
    return this.call<PinResponse>('PUT', `/v1/conversations/${conversationId}/pins/${messageId}`);
  }
  unpin(conversationId: string, messageId: string) {
    return this.call<void>('DELETE', `/v1/conversations/${conversationId}/pins/${messageId}`);
  }
  /** Extension of v1: my unread messages that mention me or answer mine, oldest first (for "jump to the next mention"). */
  unreadMentions(conversationId: string, page: { limit?: number; after?: number } = {}) {
    const query = new URLSearchParams(Object.entries(page).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
    return this.call<UnreadMentionsResponse>('GET', `/v1/conversations/${conversationId}/mentions${query.size ? `?${query}` : ''}`);
  }
  /** The conversation's pins, the latest first. */
  pins(conversationId: string) {
    return this.call<PinsResponse>('GET', `/v1/conversations/${conversationId}/pins`);
  }
  markRead(conversationId: string, seq: number) {
    return this.call<ReadResponse>('POST', `/v1/conversations/${conversationId}/read`, { seq });
  }
  /** The REST twin of the socket's `delivered` (an app with a socket lets RealtimeClient's `deliveryAcks` send it). */
  markDelivered(conversationId: string, seq: number) {
    return this.call<DeliveredResponse>('POST', `/v1/conversations/${conversationId}/delivered`, { seq });
  }
  /** Who read one message, who has it on a device, who has neither (members only). */
  messageReceipts(conversationId: string, messageId: string) {
    return this.call<MessageReceiptsResponse>('GET', `/v1/conversations/${conversationId}/messages/${messageId}/receipts`);
  }
  readPointers(conversationId: string) {
    return this.call<ReadPointersResponse>('GET', `/v1/conversations/${conversationId}/reads`);
  }
  setMuted(conversationId: string, muted: boolean) {
    return this.call<MuteResponse>('PUT', `/v1/conversations/${conversationId}/mute`, { muted });
  }
  /** Stars (or unstars) a conversation of mine; 409 FAVOURITES_FULL past FAVOURITE_CONVERSATIONS_MAX. */
  setFavourite(conversationId: string, favourite: boolean) {
    return this.call<FavouriteResponse>('PUT', `/v1/conversations/${conversationId}/favourite`, { favourite });
  }
  sync(query: SyncQuery = {}) {
    return this.call<SyncResponse>('GET', `/v1/sync${toQuery(query)}`);
  }

  /**
   * `POST /v1/media`: the file's bytes as the body, its type as Content-Type, its name in the query;
   * for audio optionally its length (`durationMs`, shown where the server cannot read it from the file). 201 `{media}`.
   */
  uploadMedia(file: RawBody['data'], options: { name: string; contentType: string; durationMs?: number }) {
    return this.call<MediaResponse>('POST', `/v1/media${toQuery({ name: options.name, durationMs: options.durationMs })}`, new RawBody(file, options.contentType || 'application/octet-stream'));
  }
  /** A pre-signed upload URL for one file of this type and at most this size (the upload counts against my upload rate now). */
  createUploadUrl(request: UploadUrlRequest) {
    return this.call<UploadUrlResponse>('POST', '/v1/media/upload-urls', request);
  }
  /**
   * PUTs a file to a pre-signed upload URL. The URL is the permission, so no token goes with it;
   * retrying is safe (status 200 with the same media when it was stored already).
   */
  uploadToUrl(uploadUrl: string, file: RawBody['data'], contentType: string) {
    const anonymous = new ChatApi({ ...this.options, accessToken: undefined });
    return anonymous.request<MediaResponse>('PUT', uploadUrl, new RawBody(file, contentType), {}, true);
  }
  /** The largest upload and the types the server takes, to refuse a file before sending it. */
  mediaLimits() {
    return this.call<MediaLimitsResponse>('GET', '/v1/media/limits');
  }
  /** A media link from a message or an upload (relative to the API), as an absolute URL. */
  mediaUrl(link: string): string {
    // Links are API paths (`/v1/media/...`), so they go under the base URL like every call does.
    return link.startsWith('/') ? `${this.baseUrl}${link}` : link;
  }
  /** Messages I may read that contain every word of `q`, most relevant first, with highlights. */
  search(query: SearchQuery) {
    return this.call<SearchResponse>('GET', `/v1/search${toQuery(query)}`);
  }

  /** My notification settings and the server's VAPID key for `pushManager.subscribe`. */
  notificationSettings() {
    return this.call<NotificationSettingsResponse>('GET', '/v1/me/notifications');
  }
  /** A new `emailAddress` is unverified until the code mailed to it is entered (verifyNotificationEmail). */
  updateNotificationSettings(changes: UpdateNotificationSettingsRequest) {
    return this.call<NotificationSettingsResponse>('PATCH', '/v1/me/notifications', changes);
  }
  verifyNotificationEmail(code: string) {
    return this.call<NotificationSettingsResponse>('POST', '/v1/me/notifications/email-verification', { code } satisfies VerifyNotificationEmailRequest);
  }
  /** Mails a new code to my unverified address (the one before stops working). */
  resendNotificationEmailCode() {
    return this.call<NotificationSettingsResponse>('POST', '/v1/me/notifications/email-verification/resend');
  }
  pushSubscriptions() {
    return this.call<PushSubscriptionsResponse>('GET', '/v1/me/push-subscriptions');
  }
  /** A browser's `PushSubscription.toJSON()`; registering the same endpoint again refreshes it. */
  registerPushSubscription(subscription: PushSubscriptionRequest) {
    return this.call<PushSubscriptionResponse>('POST', '/v1/me/push-subscriptions', subscription);
  }
  removePushSubscription(id: string) {
    return this.call<void>('DELETE', `/v1/me/push-subscriptions/${id}`);
  }

  /** A business I own (and am the first agent of). */
  createBusiness(input: CreateBusinessRequest) {
    return this.call<BusinessResponse>('POST', '/v1/businesses', input);
  }
  /** Its name, hours, whether it is open and its presence; its agents only for insiders. */
  getBusiness(id: string) {
    return this.call<BusinessResponse>('GET', `/v1/businesses/${encodeURIComponent(id)}`);
  }
  updateBusiness(id: string, input: UpdateBusinessRequest) {
    return this.call<BusinessResponse>('PATCH', `/v1/businesses/${id}`, input);
  }
  /** Open businesses whose name or a word of it starts with `q`, by name; page on with `nextCursor`. */
  searchBusinesses(query: BusinessSearchQuery) {
    return this.call<BusinessSearchResponse>('GET', `/v1/businesses${toQuery(query)}`);
  }
  /** The businesses I own or am an agent of, with my role at each; page on with `nextCursor`. */
  myBusinesses(query: MyBusinessesQuery = {}) {
    return this.call<MyBusinessesResponse>('GET', `/v1/me/businesses${toQuery(query)}`);
  }
  addBusinessAgent(id: string, userId: string) {
    return this.call<BusinessResponse>('PUT', `/v1/businesses/${id}/agents/${userId}`);
  }
  /** Their open conversations go to the business's other agents; resolved ones go back to the inbox unassigned. */
  removeBusinessAgent(id: string, userId: string) {
    return this.call<void>('DELETE', `/v1/businesses/${id}/agents/${userId}`);
  }
  /** My conversation with the business: made on the first call (201), the same one after (200). */
  openBusinessConversation(id: string) {
    return this.call<BusinessConversationResponse>('POST', `/v1/businesses/${id}/conversations`);
  }
  /** No `agentId`: I claim it; with one (owner only): it goes to that agent. */
  assignBusinessConversation(id: string, conversationId: string, request: AssignAgentRequest = {}) {
    return this.call<BusinessConversationResponse>('POST', `/v1/businesses/${id}/conversations/${conversationId}/assign`, request);
  }
  /** Resolved until the customer writes again (agents and owner); `least-busy` routing counts only open ones. */
  resolveBusinessConversation(id: string, conversationId: string) {
    return this.call<BusinessConversationResponse>('POST', `/v1/businesses/${id}/conversations/${conversationId}/resolve`);
  }
  /** Most recently active first; page on with `nextCursor`. */
  businessInbox(id: string, query: BusinessInboxQuery = {}) {
    return this.call<BusinessInboxResponse>('GET', `/v1/businesses/${id}/inbox${toQuery(query)}`);
  }

  /** Every feature flag evaluated for me: what the client should show (a feature that is off answers 403 FEATURE_DISABLED). */
  myFeatures() {
    return this.call<MyFeaturesResponse>('GET', '/v1/me/features');
  }
  /** Every feature flag as this tenant has it (administrators only). */
  featureFlags() {
    return this.call<FeatureFlagsResponse>('GET', '/v1/admin/features');
  }
  /** Sets a flag's whole state for this tenant (administrators only). */
  setFeatureFlag(key: FeatureKey, request: UpdateFeatureFlagRequest) {
    return this.call<FeatureFlagResponse>('PUT', `/v1/admin/features/${encodeURIComponent(key)}`, request);
  }

  /** The tenant's reports, the escalated ones (nobody in their conversation could act) among them (administrators only). */
  tenantReports(query: TenantReportsQuery = {}) {
    return this.call<TenantReportsResponse>('GET', `/v1/admin/reports${toQuery(query)}`);
  }
  /** Uploads the malware scan refused, held for the administrators, newest first (administrators only). */
  mediaQuarantine(query: { limit?: number; before?: string } = {}) {
    return this.call<MediaQuarantineResponse>('GET', `/v1/media/quarantine${toQuery(query)}`);
  }
  /** Removes a quarantined upload for good (administrators only). */
  deleteQuarantined(id: string) {
    return this.call<void>('DELETE', `/v1/media/quarantine/${id}`);
  }
  /** An administrator closes any report of the tenant. */
  resolveTenantReport(reportId: string, request: ResolveReportRequest) {
    return this.call<ReportResponse>('PATCH', `/v1/admin/reports/${reportId}`, request);
  }
  /** Bans an account of the tenant: every login ends, sockets close, logging in is refused until it ends (administrators only). */
  banAccount(userId: string, request: AccountBanRequest) {
    return this.call<AccountBanResponse>('POST', `/v1/admin/users/${userId}/ban`, request);
  }
  /** The account bans in force, newest first (administrators only). */
  bannedAccounts(query: BansQuery = {}) {
    return this.call<BannedAccountsResponse>('GET', `/v1/admin/bans${toQuery(query)}`);
  }
  /** Lifts an account ban (administrators only). */
  liftAccountBan(userId: string) {
    return this.call<void>('DELETE', `/v1/admin/users/${userId}/ban`);
  }
  /** The tenant's audit log, newest first (administrators only). */
  auditLog(query: AuditLogQuery = {}) {
    return this.call<AuditLogResponse>('GET', `/v1/admin/audit-log${toQuery(query)}`);
  }
  /** Audit entries per day, action and outcome (administrators only). */
  auditSummary(query: AuditSummaryQuery) {
    return this.call<AuditSummaryResponse>('GET', `/v1/admin/audit-log/summary${toQuery(query)}`);
  }
}

function toQuery(query: object): string {
  const entries = Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}
