#!/usr/bin/env node
// `pnpm start`: builds the server, the packages it runs on, the `shopfloor` CLI, the H5 app and the
// console — only those whose sources changed since their last build, one line per step — then runs the
// server in this process. The build is the quick one: JavaScript without .d.ts (SHOPFLOOR_BUILD_JS_ONLY;
// `pnpm build` makes the types) and an H5 build minified by esbuild with no progress output
// (SHOPFLOOR_START_BUILD, see packages/miniapp/config); the H5 app and the console build side by side.
import { spawn } from 'node:child_process';
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
// The README's `pnpm exec shopfloor …` works right after the quick start (a second or two of esbuild).
if (packages.has('@shopfloor/cli')) needed('@shopfloor/cli', wanted);
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

// `node scripts/start.mjs --plan`: what a start would build, as JSON, and nothing else (for tests).
if (process.argv.includes('--plan')) {
  process.stdout.write(`${JSON.stringify({ wanted: [...wanted], stale })}\n`);
  process.exit(0);
}

const START_ENV = { ...process.env, SHOPFLOOR_BUILD_JS_ONLY: '1', SHOPFLOOR_START_BUILD: '1' };

/** Runs `pnpm args` with its output kept: resolves to { ok, output }. */
function pnpm(args) {
  return new Promise((done) => {
    const child = spawn('pnpm', args, {
      cwd: root,
      env: START_ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => done({ ok: false, output: `${error.message}\n` }));
    child.on('close', (code) => done({ ok: code === 0, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** Builds `names` (pnpm -r keeps dependency order) in one quiet step: one line, the tool's output only on failure. */
async function build(names) {
  if (names.length === 0) return true;
  const started = Date.now();
  const run = await pnpm(['-r', ...names.flatMap((n) => ['--filter', n]), 'run', 'build']);
  const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  process.stdout.write(
    `shopfloor: built ${names.join(', ')} ${run.ok ? `in ${took}` : `— failed after ${took}`}\n`,
  );
  if (!run.ok) process.stderr.write(run.output);
  return run.ok;
}

const isFrontEnd = (name) => name in FRONT_ENDS;
const t0 = Date.now();
// First what the front ends import (the SDK and the engine); then, side by side, the rest of the
// server's packages and the CLI, the H5 app and the console: on two cores the H5 build, the longest,
// starts as early as it can.
const frontEndDeps = new Set(
  Object.keys(FRONT_ENDS)
    .filter((name) => wanted.has(name))
    .flatMap((name) => [...needed(name)].filter((dep) => !isFrontEnd(dep))),
);
const libraries = stale.filter((n) => !isFrontEnd(n));
const failed = () => {
  process.stderr.write('shopfloor: the build failed (see above); the server was not started.\n');
  process.exit(1);
};
if (!(await build(libraries.filter((n) => frontEndDeps.has(n))))) failed();
// The front ends are a nicety: without one the server still runs and says so at /app/ or /console/.
const [librariesOk, appOk, consoleOk] = await Promise.all([
  build(libraries.filter((n) => !frontEndDeps.has(n))),
  build(stale.filter((n) => n === '@shopfloor/miniapp')),
  build(stale.filter((n) => n === '@shopfloor/console')),
]);
if (!librariesOk) failed();
if (!appOk) process.stderr.write('shopfloor: the H5 app did not build; starting without it.\n');
if (!consoleOk) process.stderr.write('shopfloor: the console did not build; starting without it.\n');
if (stale.length > 0) {
  process.stdout.write(
    `shopfloor: build done in ${((Date.now() - t0) / 1000).toFixed(1)} s; starting the server\n`,
  );
}

await import(pathToFileURL(join(packages.get('@shopfloor/server').dir, 'dist/main.js')).href);
