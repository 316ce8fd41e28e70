import type { Conversation } from '@chat/contracts';
import { statusOf } from '@chat/domain';
import type { ConversationEntity } from '@chat/persistence';

export function toConversation(row: ConversationEntity): Conversation {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    description: row.description,
    visibility: row.visibility,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastSeq: row.lastSeq,
    memberCount: row.memberCount,
    status: statusOf(row),
    closedAt: row.closedAt?.toISOString() ?? null,
    ...(row.e2ee ? { e2ee: { keyVersion: row.e2eeKeyVersion, rotationRequired: row.e2eeRotationRequired } } : {}),
  };
}
