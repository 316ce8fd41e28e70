#!/usr/bin/env node
// Builds the SDK as the package integrators install (seed 003 R17.3): `npm run sdk:pack` writes
// dist/sdk/chat-platform-sdk-<version>.tgz, ready for `npm publish` or `npm install <file>`.
// In it: one CommonJS and one ES module bundle of libs/sdk/src/published.ts (the SDK with the
// contract's types and constants: @chat/contracts and @chat/domain are not packages of their own,
// so what the SDK needs of them is bundled in), socket.io-client as its one dependency, and the
// declarations tsc emits, with their @chat/* imports made relative so they stand alone.
'use strict';
const { execFileSync } = require('node:child_process');
const { cp, mkdir, readdir, readFile, rm, writeFile } = require('node:fs/promises');
const path = require('node:path');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist/sdk');
const PACKAGE = path.join(DIST, 'package');
const TYPES = path.join(PACKAGE, 'types');
const NAME = '@chat-platform/sdk';
/** Where each private library's declarations land under TYPES (tsc keeps the libs/ layout). */
const LIBRARIES = { '@chat/contracts': 'contracts/src/index', '@chat/domain': 'domain/src/index', '@chat/sdk': 'sdk/src/index' };

async function packSdk() {
  const { version } = JSON.parse(await readFile(path.join(__dirname, 'package.json'), 'utf8'));
  const root = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
  await rm(DIST, { recursive: true, force: true });
  await mkdir(PACKAGE, { recursive: true });

  const bundle = { entryPoints: [path.join(__dirname, 'src/published.ts')], bundle: true, platform: 'neutral', mainFields: ['main'], target: 'es2022', external: ['socket.io-client'], sourcemap: true, legalComments: 'none' };
  await esbuild.build({ ...bundle, format: 'cjs', outfile: path.join(PACKAGE, 'index.js') });
  await esbuild.build({ ...bundle, format: 'esm', outfile: path.join(PACKAGE, 'index.mjs') });

  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(__dirname, 'tsconfig.pack.json'), '--outDir', TYPES], { cwd: ROOT, stdio: 'inherit' });
  await standAlone(TYPES);

  const types = `./types/${LIBRARIES['@chat/sdk'].replace(/index$/, 'published')}.d.ts`;
  const manifest = {
    name: NAME,
    version,
    description: 'Typed client of the chat platform: REST (ChatApi, with retries and backoff), Socket.IO (RealtimeClient), exactly-once ordered feeds, end-to-end encryption',
    license: root.license ?? 'UNLICENSED',
    main: './index.js',
    module: './index.mjs',
    types,
    exports: { '.': { types, import: './index.mjs', require: './index.js' } },
    sideEffects: false,
    engines: { node: '>=20' },
    dependencies: { 'socket.io-client': root.dependencies['socket.io-client'] },
  };
  await writeFile(path.join(PACKAGE, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await cp(path.join(__dirname, 'README.md'), path.join(PACKAGE, 'README.md'));
  const file = execFileSync('npm', ['pack', '--silent', '--pack-destination', DIST], { cwd: PACKAGE, encoding: 'utf8' }).trim().split('\n').pop();
  return path.join(DIST, file);
}

/** Rewrites every `from '@chat/…'` in the declarations to the relative path of that library's. */
async function standAlone(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = await readFile(file, 'utf8');
    const rewritten = text.replace(/(from |import\()'(@chat\/[\w-]+)'/g, (whole, keyword, name) => {
      if (!LIBRARIES[name]) throw new Error(`${path.relative(ROOT, file)} imports ${name}, which the package does not carry`);
      const target = path.relative(entry.parentPath, path.join(TYPES, LIBRARIES[name]));
      return `${keyword}'${target.startsWith('.') ? target : `./${target}`}'`;
    });
    if (rewritten !== text) await writeFile(file, rewritten);
  }
}

if (require.main === module) {
  packSdk().then(
    (file) => console.log(file),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

module.exports = { packSdk };
