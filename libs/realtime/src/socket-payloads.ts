import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import type { ConversationRef, SocketDelivered, SocketRead, SocketSendMessage, SocketSync, SocketTyping, SocketView } from '@chat/contracts';
import { SendMessageDto } from '@chat/messaging';
import { IsSeq } from '@chat/platform';

/**
 * A conversation's id, lower-cased as Postgres prints it: rooms, typing and viewer entries are keyed
 * by that form, so a client writing it in capitals must not end up in a room nobody emits to.
 */
const ConversationId = () => applyDecorators(Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value)), IsUUID());

export class ConversationRefPayload implements ConversationRef {
  @ConversationId() conversationId: string;
}

export class SendMessagePayload extends SendMessageDto implements SocketSendMessage {
  @ConversationId() conversationId: string;
}

export class SyncPayload implements SocketSync {
  @ConversationId() conversationId: string;
  @Type(() => Number) @IsSeq() afterSeq: number;
  @IsOptional() @Type(() => Number) @IsInt() limit?: number;
}

export class TypingPayload implements SocketTyping {
  @ConversationId() conversationId: string;
  @IsBoolean() isTyping: boolean;
}

/** A conversation's id, or null (none shown); left out is refused, not read as null. */
export class ViewPayload implements SocketView {
  @ValidateIf((p: SocketView) => p.conversationId !== null) @ConversationId() conversationId: string | null;
}

export class PresenceSetPayload {
  @IsIn(['online', 'away']) status: 'online' | 'away';
}

export class ReadPayload implements SocketRead {
  @ConversationId() conversationId: string;
  @Type(() => Number) @IsSeq() seq: number;
}

export class DeliveredPayload implements SocketDelivered {
  @ConversationId() conversationId: string;
  @Type(() => Number) @IsSeq() seq: number;
}
