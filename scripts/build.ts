// `npm run build [-- <outDir> [tsc flags]]`: compiles src/ into dist/ (or the folder named) and
// copies what the compiled modules read beside themselves at run time, so that
// `node dist/cli/run.js` runs without tsx. The folder must sit where node_modules resolves.
import { spawnSync } from 'node:child_process';
import { cp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve, sep } from 'node:path';

/** Files read through `new URL('./…', import.meta.url)`: the same place in src/ and dist/. */
const RUNTIME_ASSETS = [
  'storage/migrations', // migrate.ts
  'web/static', // _static.ts
  'catalog/catalog.json', // catalog.ts
];

const root = resolve(import.meta.dirname, '..');
const [target, ...tscFlags] = process.argv.slice(2);
const outDir = resolve(target ?? join(root, 'dist'));
if (!outDir.startsWith(root + sep) || outDir.startsWith(join(root, 'src') + sep)) {
  // It is emptied first: never the project itself, its sources, or a folder outside it.
  console.error(`refusing to build into ${outDir}: name a new folder inside ${root}, outside src/`);
  process.exit(2);
}

// A clean folder: a module deleted from src must not linger in the build.
await rm(outDir, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(
  process.execPath,
  [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir, ...tscFlags],
  { stdio: 'inherit' },
);
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
for (const asset of RUNTIME_ASSETS) {
  await cp(join(root, 'src', asset), join(outDir, asset), { recursive: true });
}
console.log(`built ${outDir}`);
