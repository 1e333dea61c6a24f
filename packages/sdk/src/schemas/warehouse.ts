import * as z from 'zod/mini';
import { code, described, named, text } from './common.js';

/** 仓库. `workshop` names the workshop it serves (line-side stores). */
export const Warehouse = named(
  z.object({
    code: described(code(32), 'Warehouse code'),
    name: text(100),
    workshop: z.optional(code(32)),
    active: z.optional(z.boolean()),
  }),
  'Warehouse',
);
export type Warehouse = z.infer<typeof Warehouse>;

/** 库位: a bin inside a warehouse. */
export const Location = named(
  z.object({
    warehouse: code(32),
    code: described(code(32), 'Location code, unique within its warehouse'),
    name: z.optional(text(100)),
  }),
  'Location',
);
export type Location = z.infer<typeof Location>;
