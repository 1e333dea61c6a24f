import * as z from 'zod/mini';
import { code, described, IsoDateTime, int, named, OperationSeq, text } from './common.js';

const minutes = z.number().check(z.minimum(0));

/** 工作中心: machines or a team that performs operations. */
export const WorkCenter = named(
  z.object({
    code: code(32),
    name: text(100),
    workshop: described(code(32), 'The workshop (车间) the work center belongs to'),
    capacityMinutesPerDay: z.optional(minutes),
  }),
  'WorkCenter',
);
export type WorkCenter = z.infer<typeof WorkCenter>;

/** 工序 in a routing: the template each work order's operations are copied from. */
export const Operation = named(
  z.object({
    seq: OperationSeq,
    name: described(text(100), 'Operation name, e.g. 下料, 焊接'),
    workCenter: code(32),
    workshop: described(code(32), 'Workshop whose operators may report the operation'),
    owner: z.optional(described(code(64), 'User id of the responsible person (负责人)')),
    standardMinutes: described(minutes, 'Standard run minutes per unit'),
    setupMinutes: z.optional(described(minutes, 'Setup minutes per work order')),
  }),
  'Operation',
);
export type Operation = z.infer<typeof Operation>;

/** 工艺路线: the ordered operations that make an item. */
export const Routing = named(
  z.object({
    item: code(),
    revision: z.optional(int(1)),
    operations: z.array(Operation).check(z.minLength(1)),
    updatedAt: z.optional(IsoDateTime),
  }),
  'Routing',
);
export type Routing = z.infer<typeof Routing>;
