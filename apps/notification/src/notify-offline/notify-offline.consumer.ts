import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { EventName, type EventEnvelope } from '@chat/contracts';
import { EVENT_BUS, eachEvent, type EventBus } from '@chat/platform';

export const NOTIFICATION_GROUP = 'notification';

/**
 * The notification app's place in the event flow: a consumer group of its own, so it reads every
 * message event from where it left off. Push and email delivery to offline recipients are not
 * built yet; until then it only notes what it would notify.
 */
@Injectable()
export class NotifyOfflineConsumer implements OnModuleInit {
  private readonly logger = new Logger(NotifyOfflineConsumer.name);

  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  onModuleInit(): void {
    this.bus.subscribe(NOTIFICATION_GROUP, eachEvent(NOTIFICATION_GROUP, (event) => this.apply(event)));
  }

  private apply(event: EventEnvelope): void {
    if (event.name !== EventName.MessageSent) return;
    const { message } = (event as EventEnvelope<typeof EventName.MessageSent>).payload;
    this.logger.debug({ conversationId: message.conversationId, seq: message.seq }, 'message to notify offline members of');
  }
}
