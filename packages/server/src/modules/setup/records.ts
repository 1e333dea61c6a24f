import type { SetupRow, SetupSheetName, SetupWorkbookRead } from '@shopfloor/bom-io';
import { SHEET_BY_NAME } from '@shopfloor/bom-io';
import { BomItem, BomLine, NonNegativeQuantity, Role, UomConversion } from '@shopfloor/sdk';
import {
  CalendarSyntaxError,
  EmailAddress,
  LocationKind,
  LoginPlatform,
  parseCalendar,
  type WorkCalendar,
  WorkCalendarSchema,
} from '@shopfloor/sdk/admin';
import { MAX_MAGNITUDE, type Schema, z } from '../../http/route.js';
import type { Problems } from './report.js';

/** A record of a sheet, checked against its schema, with the Excel row it came from. */
export interface Rec<T> {
  row: number;
  value: T;
}

const code = (max: number) => z.string().trim().min(1).max(max);
const name = (max: number) => z.string().trim().min(1).max(max);
const codeList = z.array(code(32)).max(200);
const minutes = z.number().min(0).max(1_000_000);

// The API's own input schemas where there is one (the SDK's), so a record the workbook accepts is
// one the admin routes would accept too.
const SCHEMAS = {
  warehouses: z.object({ code: code(32), name: name(100) }),
  locations: z.object({
    warehouse: code(32),
    code: code(32),
    name: name(100).optional(),
    kind: LocationKind,
  }),
  workshops: z.object({ code: code(32), name: name(100), supervisor: code(64).optional() }),
  workCenters: z.object({
    code: code(32),
    name: name(100),
    workshop: code(32),
    stations: z.int().min(1).max(1000).optional(),
    calendar: z.string().optional(),
  }),
  users: z.object({
    platform: LoginPlatform,
    userId: code(64),
    name: name(100),
    roles: z.array(Role).max(5).optional(),
    workshops: codeList.optional(),
    warehouses: codeList.optional(),
    team: name(32).optional(),
    email: z.optional(EmailAddress),
  }),
  items: BomItem,
  bomLines: BomLine,
  uomConversions: UomConversion,
  routings: z.object({
    item: code(64),
    seq: z.int().min(1).max(99_999),
    name: name(100),
    workCenter: code(32).optional(),
    workshop: code(32).optional(),
    standardMinutes: minutes.optional(),
    setupMinutes: minutes.optional(),
    owner: code(64).optional(),
  }),
  openingStock: z.object({
    item: code(64),
    location: code(32),
    lot: code(64).optional(),
    qty: NonNegativeQuantity,
  }),
} satisfies Record<SetupSheetName, Schema<unknown>>;

type Parsed<S extends SetupSheetName> = z.infer<(typeof SCHEMAS)[S]>;
export type WorkCenterRecord = Omit<Parsed<'workCenters'>, 'calendar'> & { calendar?: WorkCalendar };

export interface Records {
  warehouses: Rec<Parsed<'warehouses'>>[];
  locations: Rec<Parsed<'locations'>>[];
  workshops: Rec<Parsed<'workshops'>>[];
  workCenters: Rec<WorkCenterRecord>[];
  users: Rec<Parsed<'users'>>[];
  items: Rec<BomItem>[];
  bomLines: Rec<BomLine>[];
  uomConversions: Rec<UomConversion>[];
  routings: Rec<Parsed<'routings'>>[];
  openingStock: Rec<Parsed<'openingStock'>>[];
  /** The sheets the workbook has (even empty ones). */
  present: Set<SetupSheetName>;
  /**
   * Codes each sheet names, from valid rows or not: a location whose warehouse row has a bad
   * name is not reported again as "unknown warehouse".
   */
  declared: Record<'warehouses' | 'locations' | 'workshops' | 'workCenters' | 'items', Set<string>>;
  /** People of users rows refused for another field: a supervisor naming them is not reported again. */
  declaredUsers: { platform: 'dingtalk' | 'wecom'; userId: string }[];
  /** Rows with a problem of their own, by sheet: their records are left out. */
  refused: Record<SetupSheetName, number>;
}

/** Every row of every sheet checked against its schema; problems name sheet, row and field. */
export function checkRecords(read: SetupWorkbookRead, problems: Problems): Records {
  const records = {
    present: new Set(Object.keys(read.sheets)),
    declared: {
      warehouses: new Set<string>(),
      locations: new Set<string>(),
      workshops: new Set<string>(),
      workCenters: new Set<string>(),
      items: new Set<string>(),
    },
    declaredUsers: [] as Records['declaredUsers'],
    refused: {},
  } as Records;
  for (const sheetName of Object.keys(SCHEMAS) as SetupSheetName[]) {
    const sheet = read.sheets[sheetName];
    const list: Rec<unknown>[] = [];
    let refused = 0;
    for (const row of sheet?.rows ?? []) {
      // A sheet without its required columns was reported as such: its rows only say what exists.
      const value = sheet!.complete ? checkRow(sheetName, row, problems) : undefined;
      if (value === undefined) {
        refused++;
        const { platform, userId } = row.values;
        if (
          sheetName === 'users' &&
          (platform === 'dingtalk' || platform === 'wecom') &&
          typeof userId === 'string' &&
          userId.trim() !== ''
        ) {
          records.declaredUsers.push({ platform, userId: userId.trim() });
        }
      } else list.push({ row: row.row, value });
      const key = row.values.code;
      if (sheetName in records.declared && typeof key === 'string' && key.trim() !== '') {
        records.declared[sheetName as keyof Records['declared']].add(key.trim());
      }
    }
    (records as unknown as Record<string, unknown>)[sheetName] = list;
    records.refused[sheetName] = refused;
  }
  return records;
}

function checkRow(sheet: SetupSheetName, row: SetupRow, problems: Problems): unknown {
  let ok = row.invalid.size === 0;
  for (const field of SHEET_BY_NAME[sheet].fields) {
    if (field.required && !row.invalid.has(field.name) && row.values[field.name] === undefined) {
      problems.add(sheet, row.row, field.name, `${field.name} 必填，不能为空`, `${field.name} is required`);
      ok = false;
    }
  }
  for (const [field, value] of Object.entries(row.values)) {
    if (typeof value === 'number' && Math.abs(value) > MAX_MAGNITUDE) {
      problems.add(sheet, row.row, field, `数字 ${value} 太大`, `the number ${value} is out of range`);
      ok = false;
    }
  }
  if (!ok) return undefined;
  const parsed = z.safeParse(SCHEMAS[sheet] as Schema<Record<string, unknown>>, row.values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const column = String(issue.path[0] ?? '') || null;
      problems.add(sheet, row.row, column, `${column ?? ''} ${issueZh(issue)}`.trim(), issue.message);
    }
    return undefined;
  }
  const value = parsed.data;
  if (sheet === 'workCenters' && typeof value.calendar === 'string') {
    try {
      const calendar = parseCalendar(value.calendar);
      const checked = z.safeParse(WorkCalendarSchema, calendar);
      if (!checked.success) {
        const issue = checked.error.issues[0]!;
        problems.add(sheet, row.row, 'calendar', `日历不对：${issueZh(issue)}`, `calendar: ${issue.message}`);
        return undefined;
      }
      return { ...value, calendar: checked.data };
    } catch (error) {
      if (!(error instanceof CalendarSyntaxError)) throw error;
      problems.add(
        sheet,
        row.row,
        'calendar',
        `日历不对：${error.reason.zh}`,
        `calendar: ${error.reason.en}`,
      );
      return undefined;
    }
  }
  return value;
}

interface Issue {
  code: string;
  message: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  values?: unknown[];
}

/** A schema issue in Chinese, as short as the cell it is about. */
export function issueZh(issue: Issue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? '不能为空' : `至少 ${issue.minimum} 个字符`;
      if (issue.origin === 'array') return `至少 ${issue.minimum} 个`;
      return `不能小于 ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `太长：最多 ${issue.maximum} 个字符`;
      if (issue.origin === 'array') return `最多 ${issue.maximum} 个`;
      return `不能大于 ${issue.maximum}`;
    case 'invalid_value':
      return `应为以下之一：${(issue.values ?? []).map(String).join('、')}`;
    case 'invalid_type':
      return '类型不对';
    case 'invalid_format':
      return '格式不对';
    default:
      return /decimal places/.test(issue.message) ? '最多 6 位小数' : issue.message;
  }
}
