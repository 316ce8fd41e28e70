// How SWC compiles the project's TypeScript, shared by the apps' loader (register-ts.js) and jest
// (jest.config.js), so tests run code compiled exactly as the apps run it. The same settings as
// tsconfig.base.json, which SWC does not read.
// A function, so each caller gets its own copy: @swc/jest writes into the options it is given.
'use strict';

module.exports = () => ({
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    // Decorator metadata is what Nest's dependency injection reads.
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
});
