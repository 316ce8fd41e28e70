export * from './audit.module';
export * from './audit-recorder.module';
export * from './audit-log.repository';
export * from './record-requests/audited.decorator';
export * from './record-requests/socket-call-audit';
export * from './record-events/audit-events.consumer';
export * from './retention/audit-retention';
