// Compiles the project's TypeScript on load with SWC, for `node -r ./scripts/register-ts.js`.
// It replaces @swc-node/register, which loads the TypeScript compiler into every process to
// read tsconfig.json: about 30 MB of heap that each major GC marks again, for options that are
// fixed in swc-options.js instead. Source maps are kept so stack traces name .ts lines, but
// without the sources inlined: each module's original text would otherwise stay in memory a
// second time.
'use strict';
const fs = require('node:fs');
const swc = require('@swc/core');
const swcOptions = require('./swc-options');

const options = { ...swcOptions(), sourceMaps: 'inline', inlineSourcesContent: false };

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
process.setSourceMapsEnabled(true);
