// Backups (备份) the server took: `shopfloor backup --server`, the console and the check-up read them.
import * as z from 'zod/mini';
import { described, named } from '../schemas/common.js';

export const BackupReason = described(
  z.enum(['manual', 'daily', 'pre-migration']),
  'manual: shopfloor backup or POST /backups · daily: the daily backup · pre-migration: taken before migrations ran',
);
export type BackupReason = z.infer<typeof BackupReason>;

export const Backup = named(
  z.object({
    id: z.number(),
    takenAt: described(z.string(), 'When it was taken, ISO 8601 (UTC)'),
    file: described(z.string(), 'Path of the backup file on the server'),
    bytes: z.number(),
    reason: BackupReason,
    takenBy: z.nullable(described(z.string(), 'User id, cli:<login> or null for the server itself')),
  }),
  'Backup',
);
export type Backup = z.infer<typeof Backup>;

export const BackupList = named(z.object({ items: z.array(Backup) }), 'BackupList');
export type BackupList = z.infer<typeof BackupList>;
