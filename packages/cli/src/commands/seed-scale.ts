import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expectPositionals, parseCommandArgs } from '../args.js';
import { EXIT, InputError } from '../errors.js';
import { IN_USE, loadServer } from './backup/server-config.js';
import type { Command } from './command.js';

const HELP = `Usage: shopfloor seed-scale [--size year|small] [--seed N]

Fills the server's database with a year of a 500-person plant, for trying the screens at size:
20,000 items, 60,000 BOM lines, 300 routings, 30,000 work orders with 200,000 operations,
1,000,000 reports, 2,000,000 stock movements, 100,000 lots, 400,000 genealogy edges, 5,000 issue
requests and 50,000 alerts (--size small: the same shapes at about 1/500). The rows go on top of
the demo plant (seeded first when the org is empty); the year ends today. Same seed, same day:
the same rows. Refused when the data set is already there.

The database is the server's, from its settings: DATABASE_URL (PostgreSQL) or SHOPFLOOR_DATA_DIR
(the embedded database: stop the server first). Not for a production database.

Options:
  --size year|small   how much (default: year; several minutes on PostgreSQL)
  --seed N            another deterministic data set (default: 1)
  -h, --help          this text

Example:
  DATABASE_URL=postgres://shopfloor@127.0.0.1/try shopfloor seed-scale --size year
`;

export const seedScaleCommand: Command = {
  name: 'seed-scale',
  summary: 'Fill the server database with a year of plant data (trying at size)',
  help: HELP,
  async run(argv, context) {
    const command = 'shopfloor seed-scale';
    const { values, positionals } = parseCommandArgs(
      argv,
      { size: { type: 'string' }, seed: { type: 'string' } },
      command,
    );
    if (values.help) {
      context.out.write(HELP);
      return EXIT.ok;
    }
    expectPositionals(positionals, [], command);
    const size = typeof values.size === 'string' ? values.size : 'year';
    if (size !== 'year' && size !== 'small') throw new InputError(`--size: '${size}' is not year or small`);
    const seed = typeof values.seed === 'string' ? Number(values.seed) : 1;
    if (!Number.isInteger(seed) || seed < 0 || seed > 1_000_000)
      throw new InputError(`--seed: '${values.seed}' is not a whole number from 0 to 1000000`);
    const { server, config } = await loadServer();
    const dataDir = resolve(config.dataDir);
    if (!config.databaseUrl && existsSync(dataDir) && server.backups.pgliteFolderInUse(dataDir)) {
      throw new InputError(`the data folder ${dataDir} ${IN_USE}`);
    }
    const result = await server.scale.seedScaleIntoServer(config, {
      size,
      seed,
      log: (m) => context.io.stderr.write(`seed-scale: ${m}\n`),
    });
    if (!result.seeded) {
      context.out.write('the scale data set is already there (item Y-00001): nothing added\n');
      return EXIT.ok;
    }
    const rows = Object.entries(result.counts).map(([k, v]) => `  ${k}: ${v.toLocaleString('en')}`);
    context.out.write(`seeded the ${size} data set in ${result.seconds.toFixed(1)} s:\n${rows.join('\n')}\n`);
    return EXIT.ok;
  },
};
