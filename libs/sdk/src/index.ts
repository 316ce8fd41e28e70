export * from './chat-api';
export * from './chat-api-error';
export * from './realtime-client';
export * from './conversation-feed';
