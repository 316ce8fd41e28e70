import type {
  Business,
  BusinessConversation,
  BusinessConversationResponse,
  BusinessInboxQuery,
  BusinessInboxResponse,
  BusinessResponse,
  CreateBusinessRequest,
  UpdateBusinessRequest,
} from '@chat/contracts';
import type { SessionApi } from './session-api';

/**
 * The business routes of the contract (`@chat/contracts` businesses.ts). @chat/sdk has no methods
 * for them, so they go through the session's `request`, which renews the token like every call.
 */
export class BusinessApi {
  constructor(private readonly api: SessionApi) {}

  async get(id: string): Promise<Business> {
    return (await this.api.request<BusinessResponse>('GET', `/v1/businesses/${encodeURIComponent(id)}`)).data.business;
  }

  async create(request: CreateBusinessRequest): Promise<Business> {
    return (await this.api.request<BusinessResponse>('POST', '/v1/businesses', request)).data.business;
  }

  async update(id: string, request: UpdateBusinessRequest): Promise<Business> {
    return (await this.api.request<BusinessResponse>('PATCH', `/v1/businesses/${id}`, request)).data.business;
  }

  async addAgent(id: string, userId: string): Promise<Business> {
    return (await this.api.request<BusinessResponse>('PUT', `/v1/businesses/${id}/agents/${userId}`)).data.business;
  }

  async removeAgent(id: string, userId: string): Promise<void> {
    await this.api.request<void>('DELETE', `/v1/businesses/${id}/agents/${userId}`);
  }

  /** My conversation with the business: made on the first call, the same one after. */
  async message(id: string): Promise<BusinessConversation> {
    return (await this.api.request<BusinessConversationResponse>('POST', `/v1/businesses/${id}/conversations`)).data.businessConversation;
  }

  /** No `agentId`: I claim it; with one (owner only): hand it to that agent. */
  async assign(id: string, conversationId: string, agentId?: string): Promise<BusinessConversation> {
    const body = agentId ? { agentId } : {};
    return (await this.api.request<BusinessConversationResponse>('POST', `/v1/businesses/${id}/conversations/${conversationId}/assign`, body)).data.businessConversation;
  }

  async inbox(id: string, query: BusinessInboxQuery): Promise<BusinessConversation[]> {
    const params = new URLSearchParams();
    if (query.assigned) params.set('assigned', query.assigned);
    if (query.limit) params.set('limit', String(query.limit));
    return (await this.api.request<BusinessInboxResponse>('GET', `/v1/businesses/${id}/inbox?${params.toString()}`)).data.conversations;
  }
}
