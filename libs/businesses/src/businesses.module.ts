import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ConversationsModule } from '@chat/conversations';
import { IdentityModule } from '@chat/identity';
import { AddAgentHandler } from './agents/add-agent.handler';
import { RemoveAgentHandler } from './agents/remove-agent.handler';
import { AssignConversationHandler } from './assign-conversation/assign-conversation.handler';
import { BusinessesController } from './businesses.controller';
import { CreateBusinessHandler } from './create-business/create-business.handler';
import { GetBusinessHandler } from './get-business/get-business.handler';
import { BusinessInboxHandler } from './inbox/inbox.handler';
import { AccountBusinesses } from './leave-all/account-businesses';
import { MyBusinessesController } from './my-businesses/my-businesses.controller';
import { MyBusinessesHandler } from './my-businesses/my-businesses.handler';
import { OpenBusinessConversationHandler } from './open-conversation/open-business-conversation.handler';
import { ResolveConversationHandler } from './resolve-conversation/resolve-conversation.handler';
import { SearchBusinessesHandler } from './search-businesses/search-businesses.handler';
import { AgentRemoval } from './shared/agent-removal';
import { AgentRouter } from './shared/agent-router';
import { AgentSeat } from './shared/agent-seat';
import { BusinessAccess } from './shared/business-access';
import { BusinessViews } from './shared/business-views';
import { BusinessesRepository } from './shared/businesses.repository';
import { UpdateBusinessHandler } from './update-business/update-business.handler';
import { WaitingRouting } from './route-waiting/waiting-routing';

const HANDLERS = [CreateBusinessHandler, UpdateBusinessHandler, GetBusinessHandler, AddAgentHandler, RemoveAgentHandler, OpenBusinessConversationHandler, AssignConversationHandler, ResolveConversationHandler, BusinessInboxHandler, SearchBusinessesHandler, MyBusinessesHandler];

/** `/v1/businesses` and `/v1/me/businesses`: on the command side (changes) and the query side (business, search, mine, inbox), like every route. */
@Module({
  imports: [CqrsModule, IdentityModule, ConversationsModule],
  controllers: [BusinessesController, MyBusinessesController],
  providers: [...HANDLERS, BusinessesRepository, BusinessAccess, BusinessViews, AgentRouter, AgentSeat, AgentRemoval, AccountBusinesses, WaitingRouting],
  exports: [AccountBusinesses, BusinessesRepository, WaitingRouting],
})
export class BusinessesModule {}
