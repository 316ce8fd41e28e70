#!/usr/bin/env node
// `npm run docs:asyncapi`: writes docs/asyncapi.json, the AsyncAPI document of the socket contract,
// generated from @chat/contracts' types (scripts/asyncapi/). Commit the result: a unit spec
// (libs/realtime/src/asyncapi) runs this with --stdout and fails while the committed file differs.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

require('./register-ts');
const { ASYNCAPI_PATH, renderAsyncApi } = require('./asyncapi/asyncapi-document.ts');

const document = renderAsyncApi();
if (process.argv.includes('--stdout')) {
  process.stdout.write(document);
} else {
  fs.writeFileSync(ASYNCAPI_PATH, document);
  process.stdout.write(`wrote ${path.relative(process.cwd(), ASYNCAPI_PATH)}\n`);
}
