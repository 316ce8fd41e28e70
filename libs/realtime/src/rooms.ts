/** Room names: one per conversation, one per user (all of that user's devices). */
export const conversationRoom = (conversationId: string) => `conv:${conversationId}`;
export const userRoom = (userId: string) => `user:${userId}`;
