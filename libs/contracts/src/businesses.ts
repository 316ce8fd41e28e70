import type { User } from './auth';
import type { Conversation, PresenceStatus } from './conversations';

/**
 * Business chats (seed 004, requirements 2 and 7): a user messages a business, and the
 * conversation (type `business`, named after the business) lands in the business's inbox with an
 * agent assigned as its third participant.
 *
 * `POST /v1/businesses` {@link CreateBusinessRequest} → 201 {@link BusinessResponse}; the creator owns
 * it and is its first agent.
 * `GET /v1/businesses/:id` → {@link BusinessResponse}: anyone in the tenant (presence and opening
 * hours are what a customer needs before writing); `agentIds` and `agents` only for its agents and owner.
 * `PATCH /v1/businesses/:id` {@link UpdateBusinessRequest} → {@link BusinessResponse} (owner): the
 * fields given; null only for `hours` (a null `name` or `routing` is 400 VALIDATION_FAILED).
 * `PUT /v1/businesses/:id/agents/:userId` → {@link BusinessResponse} (owner; 403 CONTACT_BLOCKED
 * across a block of either of them); `DELETE` → 204 (the owner, or the agent themselves): the
 * agent leaves every conversation they were assigned; each open one is routed to another agent (or
 * waits in the inbox unassigned when none can take it), each resolved one goes back to the inbox
 * unassigned until its customer writes again. Conversations are never routed to an agent whose
 * account is banned, nor to the conversation's own customer.
 * `POST /v1/businesses/:id/conversations` → 201 {@link BusinessConversationResponse} (or 200 with the
 * customer's open one): the caller messages the business.
 * `GET /v1/businesses/:id/inbox?assigned=me|none|any&limit=&cursor=` → {@link BusinessInboxResponse}
 * (agents), most recently active first, continued from `nextCursor` while `hasMore`.
 * `GET /v1/businesses?q=&limit=&cursor=` → {@link BusinessSearchResponse}: the tenant's businesses
 * (closed ones left out) whose name starts with `q` or has a word starting with `q`, ignoring case,
 * by name then id, continued from `nextCursor` while `hasMore`.
 * `GET /v1/me/businesses?limit=&cursor=` → {@link MyBusinessesResponse}: the businesses I own or am
 * an agent of, by name then id, each with my role there, continued from `nextCursor` while `hasMore`.
 * `POST /v1/businesses/:id/conversations/:conversationId/assign` {@link AssignAgentRequest} →
 * {@link BusinessConversationResponse}: an agent claims it (no `agentId`), the owner hands it to any agent.
 * A claim (no `agentId`, or an agent naming themself) of one another agent has is 409
 * CONVERSATION_ALREADY_ASSIGNED: only the owner's hand-off, naming the agent (themself included),
 * moves a taken conversation. Giving a customer their own conversation is 409 AGENT_IS_CUSTOMER.
 * `POST /v1/businesses/:id/conversations/:conversationId/resolve` → {@link BusinessConversationResponse}
 * (agents and owner): the conversation is resolved until the customer writes again; `least-busy`
 * routing counts only open ones.
 */
export const ROUTING_STRATEGIES = ['round-robin', 'least-busy'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * When agents are assigned: per weekday, opening intervals as `HH:MM` pairs in `timeZone` (IANA).
 * A day not listed is closed. Outside these hours a new conversation waits in the inbox unassigned.
 */
export interface BusinessHours {
  timeZone: string;
  days: Partial<Record<Weekday, [string, string][]>>;
}

/**
 * An agent as a business's agents and owner see them: who it is, without a lookup by id. Extension
 * of v1: with their picture (`avatarUrl`, see User.avatarUrl; null: clients draw initials), read
 * from the account at each request.
 */
export type BusinessAgent = Pick<User, 'id' | 'username' | 'displayName' | 'avatarUrl'>;

export interface Business {
  id: string;
  name: string;
  ownerId: string;
  routing: RoutingStrategy;
  /** Null: always open. */
  hours: BusinessHours | null;
  /** Whether it is within its hours now. */
  open: boolean;
  /** online when an agent is online, away when one is away, offline otherwise. */
  presence: PresenceStatus;
  /** Only for its agents and owner; null for anyone else. Longest-standing first. */
  agentIds: string[] | null;
  /** The same agents in the same order, with their names; null whenever `agentIds` is. */
  agents: BusinessAgent[] | null;
  createdAt: string;
}

export interface CreateBusinessRequest {
  name: string;
  routing?: RoutingStrategy;
  hours?: BusinessHours | null;
}

export type UpdateBusinessRequest = Partial<CreateBusinessRequest>;

export interface BusinessResponse {
  business: Business;
}

export interface AssignAgentRequest {
  agentId?: string;
}

/** A conversation of the business's inbox. */
export interface BusinessConversation {
  conversation: Conversation;
  businessId: string;
  customerId: string;
  customerName: string;
  /** Extension of v1: the customer's picture (see User.avatarUrl) as it is now, or null: clients draw initials then. */
  customerAvatarUrl: string | null;
  /** Null while it waits for an agent (outside hours, or no agent). */
  agentId: string | null;
  /** The assigned agent's display name; null when `agentId` is. */
  agentName: string | null;
  assignedAt: string | null;
  /** When it was resolved; null while open (never resolved, or the customer wrote since). */
  resolvedAt: string | null;
}

export interface BusinessConversationResponse {
  businessConversation: BusinessConversation;
}

export interface BusinessInboxQuery {
  assigned?: 'me' | 'none' | 'any';
  limit?: number;
  /** The previous page's `nextCursor`. */
  cursor?: string;
}

export interface BusinessInboxResponse {
  conversations: BusinessConversation[];
  /** Null on the last page. */
  nextCursor: string | null;
  hasMore: boolean;
}

export interface BusinessSearchQuery {
  /** The start of the business's name or of a word of it (case-insensitive); at least one letter or digit. */
  q: string;
  limit?: number;
  /** The previous page's `nextCursor`. */
  cursor?: string;
}

export interface BusinessSearchResponse {
  businesses: Business[];
  /** Null on the last page. */
  nextCursor: string | null;
  hasMore: boolean;
}

/** What I am at a business: its owner (who may be an agent too) or one of its agents. */
export type BusinessRole = 'owner' | 'agent';

export interface MyBusiness {
  business: Business;
  role: BusinessRole;
}

/** The page of `GET /v1/me/businesses`: BUSINESS_SEARCH_DEFAULT_LIMIT by default, at most BUSINESS_SEARCH_MAX_LIMIT. */
export interface MyBusinessesQuery {
  limit?: number;
  /** The previous page's `nextCursor`. */
  cursor?: string;
}

export interface MyBusinessesResponse {
  businesses: MyBusiness[];
  /** Null on the last page. */
  nextCursor: string | null;
  hasMore: boolean;
}
