export * from './identity.module';
export * from './auth/principal';
export * from './auth/authenticator';
export * from './auth/access-token.guard';
export * from './auth/users.repository';
export * from './auth/jwt-secret';
export * from './auth/login-sessions.repository';
export * from './auth/tenant-admins';
