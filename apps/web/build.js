#!/usr/bin/env node
// Bundles the browser client (apps/web/src/main.ts with @chat/sdk, @chat/contracts and
// socket.io-client) into apps/web/public/generated/app.js, which the server serves at `/`.
// esbuild only strips types; `npm run typecheck` is what checks them.
'use strict';
const { mkdir, rename, writeFile } = require('node:fs/promises');
const path = require('node:path');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '../..');
const OUTFILE = path.join(__dirname, 'public/generated/app.js');

/**
 * Builds once; resolves with the output path and how long it took. Rejects on a build error.
 * Each output file replaces the old one by a rename, so a page loading while another test file
 * rebuilds gets the old bundle or the new one, never a half-written one.
 */
async function buildWebClient() {
  const started = Date.now();
  const { outputFiles } = await esbuild.build({
    write: false,
    entryPoints: [path.join(__dirname, 'src/main.ts')],
    outfile: OUTFILE,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2020',
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    absWorkingDir: ROOT,
    logLevel: 'silent',
  });
  await mkdir(path.dirname(OUTFILE), { recursive: true });
  for (const file of outputFiles) {
    const partial = `${file.path}.${process.pid}.partial`;
    await writeFile(partial, file.contents);
    await rename(partial, file.path);
  }
  return { outfile: OUTFILE, ms: Date.now() - started };
}

module.exports = { buildWebClient, OUTFILE };

if (require.main === module) {
  buildWebClient().then(
    ({ outfile, ms }) => process.stdout.write(`web client built: ${path.relative(ROOT, outfile)} in ${ms} ms\n`),
    (err) => {
      // esbuild's error already lists each problem with file and line.
      process.stderr.write(`web client build failed: ${err.message}\n`);
      process.exit(1);
    },
  );
}
