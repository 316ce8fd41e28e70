/**
 * What the published package exports (`npm run sdk:pack`, libs/sdk/pack.js): the SDK, and the
 * contract it speaks (request and response types, frames, error codes), which integrators need
 * beside it and which is not a package of its own.
 */
export * from './index';
export * from '@chat/contracts';
