export * from './chat-api';
export * from './chat-api-error';
export * from './realtime-client';
export * from './conversation-feed';
export * from './e2ee/e2ee';
export * from './e2ee/e2ee-crypto';
export * from './e2ee/key-backup';
export * from './e2ee/decrypted-index';
