#!/usr/bin/env node
// `pnpm start`: builds the server, the packages it runs on and the H5 app — only those whose
// sources changed since their last build — then runs the server in this process.
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
const withApp = !process.env.SHOPFLOOR_APP_DIR && packages.has('@shopfloor/miniapp');
if (withApp) needed('@shopfloor/miniapp', wanted);

const stale = [...wanted].filter((name) => {
  const built = outputs(name).map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0));
  return Math.min(...built) < sourceTime(name);
});

function build(names) {
  if (names.length === 0) return true;
  process.stdout.write(`shopfloor: building ${names.join(', ')}…\n`);
  // pnpm -r builds the selected packages in dependency order.
  const args = ['-r', ...names.flatMap((n) => ['--filter', n]), 'run', 'build'];
  return (
    spawnSync('pnpm', args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }).status === 0
  );
}

const app = stale.filter((n) => n === '@shopfloor/miniapp');
if (!build(stale.filter((n) => n !== '@shopfloor/miniapp'))) {
  process.stderr.write('shopfloor: the build failed (see above); the server was not started.\n');
  process.exit(1);
}
// The app is a nicety: without it the server still runs and says so at /app/.
if (!build(app)) process.stderr.write('shopfloor: the H5 app did not build; starting without it.\n');

await import(pathToFileURL(join(packages.get('@shopfloor/server').dir, 'dist/main.js')).href);
