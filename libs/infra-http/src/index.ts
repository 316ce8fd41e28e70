export * from './service-token';
export * from './dispatch/http-dispatcher';
export * from './dispatch/remote-error';
export * from './forward/public-api-forwarder';
export * from './service-link.module';
