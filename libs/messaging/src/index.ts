export * from './messaging.module';
export * from './send-message/send-message.command';
export * from './send-message/send-message.dto';
export * from './get-history/get-history.query';
export * from './edit-message/edit-message.command';
export * from './edit-message/edit-message.dto';
export * from './delete-message/delete-message.command';
export * from './change-reaction/change-reaction.command';
