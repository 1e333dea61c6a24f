// Plant master data (仓库, 库位, 车间, 工作中心, 人员): what the console and integrations set up.
// Kept out of the client core (schemas/index.ts): the operators' app never carries them.
import * as z from 'zod/mini';
import { code, described, IsoDate, int, named, text } from '../schemas/common.js';
import { Role } from '../schemas/user.js';

const activeFlag = described(
  z.boolean(),
  'false once deactivated (停用): kept for history, not offered for new use',
);

export const LocationKind = described(
  z.enum(['raw-material', 'wip', 'finished-goods', 'quarantine']),
  '原材料 raw material · 在制品/线边 WIP · 成品 finished goods · 待检/隔离 quarantine',
);
export type LocationKind = z.infer<typeof LocationKind>;

export const WarehouseView = named(
  z.object({ code: code(32), name: text(100), active: activeFlag }),
  'WarehouseView',
);
export type WarehouseView = z.infer<typeof WarehouseView>;

export const WarehouseInput = named(z.object({ code: code(32), name: text(100) }), 'WarehouseInput');
export type WarehouseInput = z.infer<typeof WarehouseInput>;

export const WarehouseUpdate = named(
  z.object({ name: z.optional(text(100)), active: z.optional(z.boolean()) }),
  'WarehouseUpdate',
);
export type WarehouseUpdate = z.infer<typeof WarehouseUpdate>;

export const LocationView = named(
  z.object({
    warehouse: code(32),
    code: described(code(32), 'Location code, unique in the plant'),
    name: z.string(),
    kind: LocationKind,
    active: activeFlag,
  }),
  'LocationView',
);
export type LocationView = z.infer<typeof LocationView>;

export const LocationInput = named(
  z.object({
    warehouse: code(32),
    code: code(32),
    name: z.optional(text(100)),
    kind: LocationKind,
  }),
  'LocationInput',
);
export type LocationInput = z.infer<typeof LocationInput>;

export const LocationUpdate = named(
  z.object({
    name: z.optional(text(100)),
    kind: z.optional(LocationKind),
    active: z.optional(z.boolean()),
  }),
  'LocationUpdate',
);
export type LocationUpdate = z.infer<typeof LocationUpdate>;

/** A warehouse as the lists show it: with its locations. */
export const WarehouseWithLocations = named(
  z.object({ ...WarehouseView.shape, locations: z.array(LocationView) }),
  'WarehouseWithLocations',
);
export type WarehouseWithLocations = z.infer<typeof WarehouseWithLocations>;

export const WorkshopView = named(
  z.object({
    code: code(32),
    name: text(100),
    supervisor: z.nullable(described(code(64), 'User id of the supervisor (车间主任)')),
    active: activeFlag,
  }),
  'WorkshopView',
);
export type WorkshopView = z.infer<typeof WorkshopView>;

export const WorkshopInput = named(
  z.object({ code: code(32), name: text(100), supervisor: z.optional(z.nullable(code(64))) }),
  'WorkshopInput',
);
export type WorkshopInput = z.infer<typeof WorkshopInput>;

export const WorkshopUpdate = named(
  z.object({
    name: z.optional(text(100)),
    supervisor: z.optional(z.nullable(code(64))),
    active: z.optional(z.boolean()),
  }),
  'WorkshopUpdate',
);
export type WorkshopUpdate = z.infer<typeof WorkshopUpdate>;

const HHMM = described(
  z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, 00:00 to 23:59')),
  'Asia/Shanghai wall-clock time HH:MM',
);

export const WorkCalendarSchema = named(
  z.object({
    workdays: described(
      z.array(int(1, 7)).check(z.minLength(1), z.maxLength(7)),
      'ISO weekdays worked: 1 = Monday … 7 = Sunday',
    ),
    shifts: described(
      z.array(z.object({ start: HHMM, end: HHMM })).check(z.minLength(1), z.maxLength(6)),
      'Shifts of a working day; an end before the start runs past midnight',
    ),
    holidays: z.optional(described(z.array(IsoDate).check(z.maxLength(400)), 'Dates off (法定假日)')),
    workingDates: z.optional(
      described(z.array(IsoDate).check(z.maxLength(400)), 'Extra working dates (调休补班)'),
    ),
  }),
  'WorkCalendar',
);

export const WorkCenterView = named(
  z.object({
    code: code(32),
    name: text(100),
    workshop: code(32),
    stations: described(int(1, 1000), 'Parallel stations (工位/机台) working at once'),
    calendar: WorkCalendarSchema,
    active: activeFlag,
    owner: z.optional(
      z.nullable(described(code(64), 'User id of the owner (负责人), copied onto operations')),
    ),
    lateTolerance: z.optional(
      z.nullable(
        described(z.number(), 'Lateness factor; null: the server default (SHOPFLOOR_LATE_TOLERANCE)'),
      ),
    ),
  }),
  'WorkCenterView',
);
export type WorkCenterView = z.infer<typeof WorkCenterView>;

export const WorkCenterInput = named(
  z.object({
    code: code(32),
    name: text(100),
    workshop: code(32),
    stations: z.optional(int(1, 1000)),
    calendar: z.optional(WorkCalendarSchema),
    owner: z.optional(z.nullable(code(64))),
    lateTolerance: z.optional(z.nullable(z.number().check(z.gte(1), z.lte(10)))),
  }),
  'WorkCenterInput',
);
export type WorkCenterInput = z.infer<typeof WorkCenterInput>;

export const WorkCenterUpdate = named(
  z.object({
    name: z.optional(text(100)),
    workshop: z.optional(code(32)),
    stations: z.optional(int(1, 1000)),
    calendar: z.optional(WorkCalendarSchema),
    active: z.optional(z.boolean()),
    owner: z.optional(z.nullable(code(64))),
    lateTolerance: z.optional(z.nullable(z.number().check(z.gte(1), z.lte(10)))),
  }),
  'WorkCenterUpdate',
);
export type WorkCenterUpdate = z.infer<typeof WorkCenterUpdate>;

export const LoginPlatform = z.enum(['dingtalk', 'wecom']);
export type LoginPlatform = z.infer<typeof LoginPlatform>;

/** An e-mail address, loosely: something@domain.tld, as people type them. */
export const EmailAddress = z
  .string()
  .check(z.maxLength(254), z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'not an e-mail address'));

export const UserInput = named(
  z.object({
    platform: LoginPlatform,
    platformUserId: described(code(64), 'The userid in DingTalk or WeCom'),
    name: text(100),
    roles: z.array(Role).check(z.maxLength(5)),
    workshops: z.optional(z.array(code(32)).check(z.maxLength(200))),
    warehouses: z.optional(z.array(code(32)).check(z.maxLength(200))),
    team: z.optional(z.nullable(described(text(32), 'Team (班组) for the team comparison'))),
  }),
  'UserInput',
);
export type UserInput = z.infer<typeof UserInput>;

export const UserUpdate = named(
  z.object({
    name: z.optional(text(100)),
    active: z.optional(z.boolean()),
    team: z.optional(z.nullable(described(text(32), 'Team (班组); null clears it'))),
    email: z.optional(
      z.nullable(
        described(EmailAddress, "Where alert rules' e-mail channel writes to this user; null clears it"),
      ),
    ),
  }),
  'UserUpdate',
);
export type UserUpdate = z.infer<typeof UserUpdate>;

export const RolesInput = named(
  z.object({
    roles: z.array(Role).check(z.maxLength(5)),
    workshops: z.optional(z.array(code(32)).check(z.maxLength(200))),
    warehouses: z.optional(z.array(code(32)).check(z.maxLength(200))),
  }),
  'RolesInput',
);
export type RolesInput = z.infer<typeof RolesInput>;

/** Query of the master-data lists: deactivated records are left out unless asked for. */
export type ActiveQuery = {
  includeInactive?: boolean;
  cursor?: string;
  limit?: number;
};
