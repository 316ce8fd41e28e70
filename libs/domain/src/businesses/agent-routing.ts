import type { PresenceStatus, RoutingStrategy } from '@chat/contracts';

export interface AgentLoad {
  userId: string;
  online: boolean;
  /** Conversations of the business assigned to this agent now and still active (the caller decides what active means: recent activity, for business chats). */
  openConversations: number;
  /** When the agent was last assigned, as a number that orders in time (epoch µs); 0 if never. */
  lastAssignedAt: number;
}

/**
 * The agent a new conversation goes to, or null when there is none. Agents online now come first;
 * when none is, every agent is a candidate (the one chosen is notified while offline).
 * round-robin: whoever waited longest since their last assignment; least-busy: fewest open
 * conversations, then whoever waited longest. Ties break by user id, so the choice is stable.
 */
export function pickAgent(agents: readonly AgentLoad[], strategy: RoutingStrategy): string | null {
  const online = agents.filter((a) => a.online);
  const pool = online.length > 0 ? online : agents;
  const byTurn = (a: AgentLoad, b: AgentLoad) => a.lastAssignedAt - b.lastAssignedAt || a.userId.localeCompare(b.userId);
  const order = strategy === 'least-busy' ? (a: AgentLoad, b: AgentLoad) => a.openConversations - b.openConversations || byTurn(a, b) : byTurn;
  return [...pool].sort(order)[0]?.userId ?? null;
}

/** A business is online when one of its agents is, away when one is away, offline otherwise. */
export function businessPresence(agents: readonly PresenceStatus[]): PresenceStatus {
  if (agents.includes('online')) return 'online';
  return agents.includes('away') ? 'away' : 'offline';
}
