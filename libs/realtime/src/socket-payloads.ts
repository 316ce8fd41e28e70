import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Min, ValidateIf } from 'class-validator';
import type { ConversationRef, SocketDelivered, SocketRead, SocketSendMessage, SocketSync, SocketTyping, SocketView } from '@chat/contracts';
import { SendMessageDto } from '@chat/messaging';

export class ConversationRefPayload implements ConversationRef {
  @IsUUID() conversationId: string;
}

export class SendMessagePayload extends SendMessageDto implements SocketSendMessage {
  @IsUUID() conversationId: string;
}

export class SyncPayload implements SocketSync {
  @IsUUID() conversationId: string;
  @Type(() => Number) @IsInt() @Min(0) afterSeq: number;
  @IsOptional() @Type(() => Number) @IsInt() limit?: number;
}

export class TypingPayload implements SocketTyping {
  @IsUUID() conversationId: string;
  @IsBoolean() isTyping: boolean;
}

/** A conversation's id, or null (none shown); left out is refused, not read as null. */
export class ViewPayload implements SocketView {
  @ValidateIf((p: SocketView) => p.conversationId !== null) @IsUUID() conversationId: string | null;
}

export class PresenceSetPayload {
  @IsIn(['online', 'away']) status: 'online' | 'away';
}

export class ReadPayload implements SocketRead {
  @IsUUID() conversationId: string;
  @Type(() => Number) @IsInt() @Min(0) seq: number;
}

export class DeliveredPayload implements SocketDelivered {
  @IsUUID() conversationId: string;
  @Type(() => Number) @IsInt() @Min(0) seq: number;
}
