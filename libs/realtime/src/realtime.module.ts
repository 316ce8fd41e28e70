import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@chat/audit';
import { ConversationsModule } from '@chat/conversations';
import { IdentityModule } from '@chat/identity';
import { MediaLinksModule } from '@chat/media';
import { MessagingModule } from '@chat/messaging';
import { TenantQuotasModule, UsageMeteringModule } from '@chat/tenancy';
import { AsyncApiController } from './asyncapi/asyncapi.controller';
import { ChatGateway } from './chat.gateway';
import { EphemeralGateway } from './ephemeral.gateway';
import { ServerStatusTeller } from './server-status';
import { MessageFrames } from './message-frames';
import { PresenceAnnouncer } from './presence/presence-announcer';
import { PresenceService } from './presence/presence.service';
import { RealtimeMetrics } from './realtime-metrics';
import { RealtimeFanout } from './realtime.fanout';
import { ConnectionCaps } from './connection-caps/connection-caps';
import { TypingAdmission } from './typing/typing-admission';
import { TypingPeers } from './typing/typing-peers';
import { TypingService } from './typing/typing.service';
import { SocketEventBudgets } from './socket-event-budgets';
import { SocketUsage } from './usage/socket-usage';
import { ViewersService } from './viewers/viewers.service';

@Global()
@Module({
  imports: [CqrsModule, AuditModule, IdentityModule, ConversationsModule, MessagingModule, MediaLinksModule, TenantQuotasModule, UsageMeteringModule],
  providers: [ChatGateway, EphemeralGateway, ServerStatusTeller, MessageFrames, RealtimeFanout, RealtimeMetrics, PresenceService, PresenceAnnouncer, TypingService, TypingAdmission, TypingPeers, ViewersService, ConnectionCaps, SocketUsage, SocketEventBudgets],
  // The socket contract's document (GET /docs/asyncapi.json), served wherever the sockets are.
  controllers: [AsyncApiController],
})
export class RealtimeModule {}
