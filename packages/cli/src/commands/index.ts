import { adminCommand } from './admin/index.js';
import { backupCommand } from './backup/backup.js';
import { restoreCommand } from './backup/restore.js';
import { bomCommand } from './bom/index.js';
import type { Command } from './command.js';
import { doctorCommand } from './doctor/index.js';
import { moveToPostgresCommand } from './move-to-postgres.js';
import { seedScaleCommand } from './seed-scale.js';
import { setupCommand } from './setup/index.js';

/** Top-level commands. `serve`, `import` and `doctor` join this table when they exist. */
export const COMMANDS: readonly Command[] = [
  bomCommand,
  setupCommand,
  adminCommand,
  backupCommand,
  restoreCommand,
  doctorCommand,
  moveToPostgresCommand,
  seedScaleCommand,
];
