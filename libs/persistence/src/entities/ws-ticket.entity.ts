import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('ws_tickets')
export class WsTicketEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('uuid', { name: 'session_id' }) sessionId: string;
  @Index('ws_tickets_hash', { unique: true })
  @Column('text', { name: 'ticket_hash' })
  ticketHash: string;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'used_at', nullable: true }) usedAt: Date | null;
  /** A scoped ticket's conversations (its socket acts on these only); null: the whole account. */
  @Column('uuid', { name: 'conversation_ids', array: true, nullable: true }) conversationIds: string[] | null;
}
