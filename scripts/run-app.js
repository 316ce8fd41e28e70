#!/usr/bin/env node
// Runs an app's TypeScript entry point directly: SWC compiles on load (register-ts.js), so there
// is no build step to forget.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const name = process.argv[2];
const entries = {
  bench: 'bench/src/main.ts',
  // npm run messages:reencrypt: seal stored message bodies with the current key (MessageBodyReencryption).
  'messages-reencrypt': 'libs/persistence/src/message-body/reencrypt-messages.main.ts',
  // npm run messages:partition: partition the messages table by month (MessagePartitions).
  'messages-partition': 'libs/persistence/src/message-partitions/partition-messages.main.ts',
  // npm run messages:inline-content: bring bodies offloaded to the media bucket back into messages (MessageContentInlining).
  'messages-inline-content': 'libs/persistence/src/message-content/inline-message-content.main.ts',
};
const entry = entries[name] ?? `apps/${name}/src/main.ts`;
const file = path.resolve(__dirname, '..', entry);
if (!name || !fs.existsSync(file)) {
  const apps = fs.readdirSync(path.resolve(__dirname, '../apps')).filter((a) => fs.existsSync(path.resolve(__dirname, '../apps', a, 'src/main.ts')));
  process.stderr.write(`usage: run-app.js <${[...apps, ...Object.keys(entries)].join('|')}> [args]\n`);
  process.exit(2);
}
process.argv.splice(2, 1);
require('./register-ts');
require(file);
