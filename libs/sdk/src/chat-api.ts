import type {
  AuthResponse,
  ConversationDetailsResponse,
  ConversationListResponse,
  ConversationResponse,
  CreateConversationRequest,
  HistoryQuery,
  HistoryResponse,
  MemberRole,
  MessageResponse,
  MuteResponse,
  PublicChannelsResponse,
  ReactionsResponse,
  ReadPointersResponse,
  ReadResponse,
  SearchQuery,
  SearchResponse,
  SendMessageRequest,
  SyncQuery,
  SyncResponse,
  UpdateConversationRequest,
  User,
  WsTicketResponse,
} from '@chat/contracts';
import { ChatApiError } from './chat-api-error';

export interface ChatApiOptions {
  baseUrl: string;
  accessToken?: string;
  fetch?: typeof fetch;
}

/** REST client of the contract. Holds the access token once logged in. */
export class ChatApi {
  accessToken: string | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ChatApiOptions) {
    this.accessToken = options.accessToken;
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
  }

  get baseUrl(): string {
    return this.options.baseUrl.replace(/\/$/, '');
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
    const res = await this.fetchImpl(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      throw new ChatApiError(res.status, data?.error ?? { code: 'INTERNAL', message: text || res.statusText, hint: '', requestId: res.headers.get('x-request-id') ?? '' });
    }
    return { status: res.status, data: data as T };
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await this.request<T>(method, path, body)).data;
  }

  private async authenticate(path: string, body: unknown): Promise<AuthResponse> {
    const auth = await this.call<AuthResponse>('POST', path, body);
    this.accessToken = auth.accessToken;
    return auth;
  }

  register(username: string, displayName: string, password: string) {
    return this.authenticate('/v1/auth/register', { username, displayName, password });
  }
  login(username: string, password: string) {
    return this.authenticate('/v1/auth/login', { username, password });
  }
  guest(username: string, displayName?: string) {
    return this.authenticate('/v1/auth/guest', { username, displayName });
  }
  refresh(refreshToken: string) {
    return this.authenticate('/v1/auth/refresh', { refreshToken });
  }
  logout() {
    return this.call<void>('POST', '/v1/auth/logout');
  }
  me() {
    return this.call<{ user: User }>('GET', '/v1/me');
  }
  wsTicket() {
    return this.call<WsTicketResponse>('POST', '/v1/auth/ws-ticket');
  }

  createConversation(input: CreateConversationRequest) {
    return this.call<ConversationResponse>('POST', '/v1/conversations', input);
  }
  listConversations() {
    return this.call<ConversationListResponse>('GET', '/v1/conversations');
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
  changeRole(id: string, userId: string, role: MemberRole) {
    return this.call<ConversationDetailsResponse>('PATCH', `/v1/conversations/${id}/members/${userId}`, { role });
  }

  sendMessage(conversationId: string, input: SendMessageRequest) {
    return this.call<MessageResponse>('POST', `/v1/conversations/${conversationId}/messages`, input);
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
  markRead(conversationId: string, seq: number) {
    return this.call<ReadResponse>('POST', `/v1/conversations/${conversationId}/read`, { seq });
  }
  readPointers(conversationId: string) {
    return this.call<ReadPointersResponse>('GET', `/v1/conversations/${conversationId}/reads`);
  }
  setMuted(conversationId: string, muted: boolean) {
    return this.call<MuteResponse>('PUT', `/v1/conversations/${conversationId}/mute`, { muted });
  }
  sync(query: SyncQuery = {}) {
    return this.call<SyncResponse>('GET', `/v1/sync${toQuery(query)}`);
  }
  /** Messages I may read that contain every word of `q`, most relevant first, with highlights. */
  search(query: SearchQuery) {
    return this.call<SearchResponse>('GET', `/v1/search${toQuery(query)}`);
  }
}

function toQuery(query: object): string {
  const entries = Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}
