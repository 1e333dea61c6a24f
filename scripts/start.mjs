#!/usr/bin/env node
// `pnpm start`: builds the server, the packages it runs on, the H5 app and the console — only those
// whose sources changed since their last build, one line per step — then runs the server in this process.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = new Set([
  'node_modules',
  'dist',
  'test',
  'tests',
  '.temp',
  '.swc',
  '.shopfloor',
  'coverage',
  'screenshots',
]);

const packages = new Map(
  readdirSync(join(root, 'packages'))
    .map((name) => join(root, 'packages', name))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return [manifest.name, { dir, manifest }];
    }),
);

/** What a package's build leaves behind; missing or older than its sources means "build it". */
function outputs(name) {
  const { dir, manifest } = packages.get(name);
  if (name === '@shopfloor/miniapp') return [join(dir, 'dist/h5/index.html')];
  if (name === '@shopfloor/console') return [join(dir, 'dist/index.html')];
  const files = [join(dir, manifest.main ?? 'dist/index.js')];
  if (name === '@shopfloor/server') files.push(join(dir, 'dist/main.js'));
  return files;
}

function workspaceDeps(name) {
  const deps = packages.get(name).manifest.dependencies ?? {};
  return Object.keys(deps).filter((d) => packages.has(d) && String(deps[d]).startsWith('workspace:'));
}

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.endsWith('.test.ts')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

// A package is stale when its own sources or those of a workspace package it uses are newer.
const sourceTimes = new Map();
function sourceTime(name) {
  if (!sourceTimes.has(name)) {
    sourceTimes.set(name, 0);
    const own = newestSource(packages.get(name).dir);
    sourceTimes.set(name, Math.max(own, ...workspaceDeps(name).map(sourceTime)));
  }
  return sourceTimes.get(name);
}

function needed(name, into = new Set()) {
  if (into.has(name)) return into;
  into.add(name);
  for (const dep of workspaceDeps(name)) needed(dep, into);
  return into;
}

const wanted = needed('@shopfloor/server');
// The front ends are built only when the server is to serve the workspace's own build of them.
const FRONT_ENDS = {
  '@shopfloor/miniapp': 'SHOPFLOOR_APP_DIR',
  '@shopfloor/console': 'SHOPFLOOR_CONSOLE_DIR',
};
for (const [name, variable] of Object.entries(FRONT_ENDS)) {
  if (!process.env[variable] && packages.has(name)) needed(name, wanted);
}

const stale = [...wanted].filter((name) => {
  const built = outputs(name).map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0));
  return Math.min(...built) < sourceTime(name);
});

/** Builds `names` (pnpm -r keeps dependency order) in one quiet step: one line, the tool's output only on failure. */
function build(names) {
  if (names.length === 0) return true;
  const started = Date.now();
  process.stdout.write(`shopfloor: building ${names.join(', ')}… `);
  const args = ['-r', ...names.flatMap((n) => ['--filter', n]), 'run', 'build'];
  const run = spawnSync('pnpm', args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
  });
  if (run.status === 0) {
    process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return true;
  }
  process.stdout.write('failed\n');
  process.stderr.write(`${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? `${run.error.message}\n` : ''}`);
  return false;
}

const isFrontEnd = (name) => name in FRONT_ENDS;
if (!build(stale.filter((n) => !isFrontEnd(n)))) {
  process.stderr.write('shopfloor: the build failed (see above); the server was not started.\n');
  process.exit(1);
}
// The front ends are a nicety: without one the server still runs and says so at /app/ or /console/.
if (!build(stale.filter((n) => n === '@shopfloor/miniapp'))) {
  process.stderr.write('shopfloor: the H5 app did not build; starting without it.\n');
}
if (!build(stale.filter((n) => n === '@shopfloor/console'))) {
  process.stderr.write('shopfloor: the console did not build; starting without it.\n');
}

await import(pathToFileURL(join(packages.get('@shopfloor/server').dir, 'dist/main.js')).href);
