#!/usr/bin/env node
// Bundle budget of @shopfloor/sdk: `node scripts/size-budget.mjs` (no build needed: bundles the sources).
// Fails (exit 1) when the client core is over 25 kB gzip or when any entry pulls in a Node built-in.
import { builtinModules, createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// 26 kB since the floor problems registry (issue 9: every refusal an operator meets, worded by code) joined the core.
// 26.3 kB since operations carry their 齐套 material state (issue 13: the app and board list waiting operations last).
const BUDGET_KB = 26.3;
const root = fileURLToPath(new URL('..', import.meta.url));
const sdkSrc = `${root}packages/sdk/src`;

// esbuild comes with tsup (a root dev dependency); it is not a direct dependency of the root.
const require = createRequire(import.meta.url);
const esbuild = createRequire(require.resolve('tsup'))('esbuild');

const entries = [
  {
    name: 'sdk core',
    budget: true,
    what: 'client + schemas + errors, with ky and zod/mini',
    contents: [
      "export * from './client/index.ts';",
      "export * from './schemas/index.ts';",
      "export * from './errors/index.ts';",
    ],
  },
  { name: 'sdk without engine', what: 'adds outbox, storage, platform', contents: [allButEngine()] },
  {
    name: 'sdk entry',
    what: 'everything @shopfloor/sdk exports, engine included',
    contents: ["export * from './index.ts';"],
  },
];

const nodeBuiltin = new RegExp(`^(node:|(${builtinModules.map(escapeRegExp).join('|')})(/|$))`);
let failed = false;

for (const entry of entries) {
  const nodeImports = new Set();
  const result = await esbuild.build({
    stdin: {
      contents: entry.contents.join('\n'),
      resolveDir: sdkSrc,
      loader: 'ts',
      sourcefile: `${entry.name}.ts`,
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    alias: { '@shopfloor/bom-engine': `${root}packages/bom-engine/src/index.ts` },
    plugins: [
      {
        name: 'report-node-builtins',
        setup(build) {
          build.onResolve({ filter: nodeBuiltin }, (args) => {
            nodeImports.add(`${args.path} (from ${args.importer.replace(root, '')})`);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  const kB = gzipSync(result.outputFiles[0].contents, { level: 9 }).length / 1024;
  const budget = entry.budget ? ` (budget ${BUDGET_KB} kB)` : '';
  console.log(`${entry.name}: ${kB.toFixed(1)} kB gzip${budget} — ${entry.what}`);
  if (entry.budget && kB > BUDGET_KB) {
    console.error(`  over budget by ${(kB - BUDGET_KB).toFixed(1)} kB`);
    failed = true;
  }
  if (nodeImports.size > 0) {
    console.error(
      `  imports Node built-ins, which browsers and mini-programs lack: ${[...nodeImports].join(', ')}`,
    );
    failed = true;
  }
}

process.exit(failed ? 1 : 0);

/** The SDK entry minus the engine re-export, read from src/index.ts so that new exports are counted. */
function allButEngine() {
  const fs = require('node:fs');
  const index = fs.readFileSync(`${sdkSrc}/index.ts`, 'utf8');
  return index
    .split('\n')
    .filter((line) => line.startsWith('export') && !line.includes('@shopfloor/bom-engine'))
    .join('\n');
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
