import type { Role } from '@shopfloor/sdk';
import type { StockGroup } from './catalog-builder.js';

/** Workshops, each with its team leader (班组长) as supervisor. */
export const WORKSHOPS = [
  { code: 'WS-CUT', name: '开料车间', supervisor: 'demo-operator-2' },
  { code: 'WS-MCH', name: '机加车间', supervisor: 'demo-operator-2' },
  { code: 'WS-PNT', name: '涂装车间', supervisor: 'demo-painter' },
  { code: 'WS-ASM', name: '总装车间', supervisor: 'demo-operator' },
] as const;

const DAY_SHIFTS = [
  { start: '08:00', end: '12:00' },
  { start: '13:00', end: '17:00' },
];

const center = (code: string, name: string, workshop: string, stations: number, shifts = DAY_SHIFTS) => ({
  code,
  name,
  workshop,
  stations,
  calendar: { workdays: [1, 2, 3, 4, 5, 6], shifts },
});

/** The work centers the routings name: stations that work at once, and their week (Asia/Shanghai). */
export const WORK_CENTERS = [
  center('SAW-01', '电子开料锯', 'WS-CUT', 2),
  center('EDGE-01', '全自动封边机', 'WS-CUT', 1),
  center('DRILL-01', '六面钻', 'WS-MCH', 2),
  // The paint line runs a night shift too: the drying takes the night.
  center('SPRAY-01', '喷涂线', 'WS-PNT', 1, [...DAY_SHIFTS, { start: '20:00', end: '04:00' }]),
  center('ASM-01', '总装线', 'WS-ASM', 4),
  center('PACK-01', '包装台', 'WS-ASM', 2),
];

export const WAREHOUSES = [
  { code: 'WH-RM', name: '原材料仓' },
  { code: 'WH-WIP', name: '半成品仓' },
  { code: 'WH-FG', name: '成品仓' },
] as const;

/** Storage locations, and which kind of stock each one holds. */
export const LOCATIONS: {
  code: string;
  warehouse: string;
  name: string;
  kind: 'raw-material' | 'wip' | 'finished-goods' | 'quarantine';
  holds: StockGroup[];
}[] = [
  { code: 'RM-A01', warehouse: 'WH-RM', name: '板材区 A01 实木', kind: 'raw-material', holds: ['board'] },
  { code: 'RM-A02', warehouse: 'WH-RM', name: '板材区 A02 人造板', kind: 'raw-material', holds: [] },
  { code: 'RM-B01', warehouse: 'WH-RM', name: '辅料区 B01 封边条', kind: 'raw-material', holds: ['edge'] },
  {
    code: 'RM-B02',
    warehouse: 'WH-RM',
    name: '危化品库 B02 油漆',
    kind: 'raw-material',
    holds: ['chemical'],
  },
  { code: 'RM-C01', warehouse: 'WH-RM', name: '五金区 C01', kind: 'raw-material', holds: ['hardware'] },
  {
    code: 'RM-C02',
    warehouse: 'WH-RM',
    name: '椅类配件 C02',
    kind: 'raw-material',
    holds: ['chair-part', 'soft'],
  },
  { code: 'RM-D01', warehouse: 'WH-RM', name: '包材区 D01', kind: 'raw-material', holds: ['packaging'] },
  { code: 'WIP-01', warehouse: 'WH-WIP', name: '半成品区 01 板件', kind: 'wip', holds: ['part'] },
  { code: 'WIP-02', warehouse: 'WH-WIP', name: '半成品区 02 组件', kind: 'wip', holds: ['assembly'] },
  { code: 'FG-01', warehouse: 'WH-FG', name: '成品区 01', kind: 'finished-goods', holds: ['product'] },
];

/** Where an item's stock lies: veneers and solid wood apart from particle board and MDF. */
export function locationOf(item: { code: string; group: StockGroup }): string {
  if (item.group === 'board') return /^RM-OAK/.test(item.code) ? 'RM-A01' : 'RM-A02';
  const found = LOCATIONS.find((l) => l.holds.includes(item.group));
  if (!found) throw new Error(`no demo location holds ${item.group}`);
  return found.code;
}

export interface DemoUser {
  id: string;
  name: string;
  roles: Role[];
  workshops: string[];
  warehouses: string[];
  /** 班组, for the team comparison. */
  team?: string;
}

/** The people of the demo plant; dev-login signs in as any of them. */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    id: 'demo-operator',
    name: '李师傅',
    roles: ['operator'],
    workshops: ['WS-ASM'],
    warehouses: [],
    team: '总装一班',
  },
  {
    id: 'demo-operator-2',
    name: '王师傅',
    roles: ['operator'],
    workshops: ['WS-CUT', 'WS-MCH'],
    warehouses: [],
    team: '开料一班',
  },
  // The paint line needs its own operator: operators report only in their workshops.
  {
    id: 'demo-painter',
    name: '陈师傅',
    roles: ['operator'],
    workshops: ['WS-PNT'],
    warehouses: [],
    team: '涂装班',
  },
  // Second teams (二班) of cutting and assembly: the team comparison's history (team-history.ts).
  {
    id: 'demo-operator-3',
    name: '张师傅',
    roles: ['operator'],
    workshops: ['WS-CUT', 'WS-MCH'],
    warehouses: [],
    team: '开料二班',
  },
  {
    id: 'demo-operator-4',
    name: '刘师傅',
    roles: ['operator'],
    workshops: ['WS-ASM'],
    warehouses: [],
    team: '总装二班',
  },
  {
    id: 'demo-approver',
    name: '赵主管',
    roles: ['approver'],
    workshops: [],
    warehouses: ['WH-RM', 'WH-WIP'],
  },
  {
    id: 'demo-storekeeper',
    name: '孙仓管',
    roles: ['storekeeper'],
    workshops: [],
    warehouses: ['WH-RM', 'WH-FG'],
  },
  {
    id: 'demo-planner',
    name: '周计划',
    roles: ['planner'],
    workshops: WORKSHOPS.map((w) => w.code),
    warehouses: [],
  },
  { id: 'demo-admin', name: '系统管理员', roles: ['admin'], workshops: [], warehouses: [] },
];

/** The operator who reports in a workshop (for seeded operation reports). */
export function operatorOf(workshop: string): string {
  const user = DEMO_USERS.find((u) => u.roles.includes('operator') && u.workshops.includes(workshop));
  if (!user) throw new Error(`no demo operator works in ${workshop}`);
  return user.id;
}
