import { FIELDS, ITEM_TYPES, LIST_NAMES, normalizeName } from '../columns.js';

/**
 * The setup workbook (开账工作簿): one sheet per list a factory fills in to set itself up. This is
 * the contract: sheet and field names, which fields are required, the Chinese aliases accepted
 * for sheets and headers, and the 说明 text of every column. The BOM lists take their aliases
 * from the BOM reader (columns.ts), so both read the same headers.
 */
export const SETUP_SHEET_NAMES = [
  'warehouses',
  'locations',
  'workshops',
  'workCenters',
  'users',
  'items',
  'bomLines',
  'uomConversions',
  'routings',
  'openingStock',
] as const;
export type SetupSheetName = (typeof SETUP_SHEET_NAMES)[number];

/**
 * text: a code or a name (a number typed as 1001 reads as "1001"); number / integer: a number or
 * text like "12"; date: YYYY-MM-DD; choice: one of `choices` (aliases allowed); list: several
 * values separated by commas (，、; too), each checked against `choices` when there are any.
 */
export type SetupFieldKind = 'text' | 'number' | 'integer' | 'date' | 'choice' | 'list';

export interface SetupField {
  name: string;
  kind: SetupFieldKind;
  required?: boolean;
  aliases: readonly string[];
  /** Spelling → value, for choice and list fields; keys are matched loosely (normalizeName). */
  choices?: Readonly<Record<string, string>>;
  zh: string;
  en: string;
}

export interface SetupSheet {
  name: SetupSheetName;
  /** The Chinese name, also accepted as the sheet name. */
  zh: string;
  aliases: readonly string[];
  zhSummary: string;
  enSummary: string;
  fields: readonly SetupField[];
  /** The template's example rows, in field order. */
  example: readonly (readonly (string | number | null)[])[];
}

export const LOCATION_KINDS: Readonly<Record<string, string>> = {
  'raw-material': 'raw-material',
  raw: 'raw-material',
  原材料: 'raw-material',
  原料: 'raw-material',
  材料: 'raw-material',
  wip: 'wip',
  在制品: 'wip',
  线边: 'wip',
  线边库: 'wip',
  线边仓: 'wip',
  半成品: 'wip',
  'finished-goods': 'finished-goods',
  finished: 'finished-goods',
  fg: 'finished-goods',
  成品: 'finished-goods',
  quarantine: 'quarantine',
  待检: 'quarantine',
  隔离: 'quarantine',
  不良品: 'quarantine',
};

export const PLATFORMS: Readonly<Record<string, string>> = {
  dingtalk: 'dingtalk',
  钉钉: 'dingtalk',
  wecom: 'wecom',
  企业微信: 'wecom',
  企微: 'wecom',
  wework: 'wecom',
};

export const ROLES: Readonly<Record<string, string>> = {
  operator: 'operator',
  操作工: 'operator',
  操作员: 'operator',
  报工员: 'operator',
  approver: 'approver',
  审批人: 'approver',
  审批: 'approver',
  storekeeper: 'storekeeper',
  仓管: 'storekeeper',
  仓管员: 'storekeeper',
  库管: 'storekeeper',
  库管员: 'storekeeper',
  planner: 'planner',
  计划员: 'planner',
  计划: 'planner',
  admin: 'admin',
  管理员: 'admin',
  系统管理员: 'admin',
};

const bom = (list: 'items' | 'bomLines' | 'uomConversions', field: string) => FIELDS[list][field]!;

/** A BOM list field as the setup workbook reads it: the aliases are the BOM reader's own. */
function bomField(
  list: 'items' | 'bomLines' | 'uomConversions',
  name: string,
  zh: string,
  en: string,
  kind?: SetupFieldKind,
): SetupField {
  const spec = bom(list, name);
  const read: SetupFieldKind =
    kind ?? (spec.kind === 'itemType' ? 'choice' : spec.kind === 'number' ? 'number' : spec.kind);
  return {
    name,
    kind: read,
    ...(spec.required ? { required: true } : {}),
    aliases: spec.aliases,
    ...(spec.kind === 'itemType' ? { choices: { ...ITEM_TYPES } } : {}),
    zh,
    en,
  };
}

const KIND_TEXT = '原材料 raw-material · 在制品/线边 wip · 成品 finished-goods · 待检/隔离 quarantine';
const USER_REF_ZH = '人员表里的 userId（两个平台都有同名时写 dingtalk:userId 或 wecom:userId）';
const USER_REF_EN =
  'a userId of the users sheet (dingtalk:userId or wecom:userId when both platforms have it)';

export const SETUP_SHEETS: readonly SetupSheet[] = [
  {
    name: 'warehouses',
    zh: '仓库',
    aliases: ['仓库', '仓库列表', 'warehouse'],
    zhSummary: '仓库：每行一个仓库。',
    enSummary: 'Warehouses, one per row.',
    fields: [
      {
        name: 'code',
        kind: 'text',
        required: true,
        aliases: ['仓库编码', '仓库代码', '仓库编号', '仓库', '编码', '代码'],
        zh: '仓库编码，全厂唯一，最长 32 个字符',
        en: 'Warehouse code, unique, at most 32 characters',
      },
      {
        name: 'name',
        kind: 'text',
        required: true,
        aliases: ['仓库名称', '名称'],
        zh: '仓库名称',
        en: 'Warehouse name',
      },
    ],
    example: [['WH-RM', '原材料仓']],
  },
  {
    name: 'locations',
    zh: '库位',
    aliases: ['库位', '货位', '储位', 'location'],
    zhSummary: '库位：每行一个库位，属于一个仓库。',
    enSummary: 'Storage locations, one per row, each in a warehouse.',
    fields: [
      {
        name: 'warehouse',
        kind: 'text',
        required: true,
        aliases: ['仓库', '仓库编码', '所属仓库'],
        zh: '所属仓库的编码（仓库表或系统中已有）',
        en: 'Code of its warehouse (in the warehouses sheet or already in Shopfloor)',
      },
      {
        name: 'code',
        kind: 'text',
        required: true,
        aliases: ['库位', '库位编码', '库位代码', '库位号', '编码'],
        zh: '库位编码，全厂唯一，最长 32 个字符',
        en: 'Location code, unique in the plant, at most 32 characters',
      },
      {
        name: 'name',
        kind: 'text',
        aliases: ['库位名称', '名称'],
        zh: '库位名称（可空）',
        en: 'Location name (optional)',
      },
      {
        name: 'kind',
        kind: 'choice',
        required: true,
        aliases: ['类型', '库位类型', '类别', '用途'],
        choices: LOCATION_KINDS,
        zh: `库位类型：${KIND_TEXT}`,
        en: `Kind: ${KIND_TEXT}`,
      },
    ],
    example: [['WH-RM', 'RM-A01', '原材料A区01', '原材料']],
  },
  {
    name: 'workshops',
    zh: '车间',
    aliases: ['车间', 'workshop'],
    zhSummary: '车间：每行一个车间。',
    enSummary: 'Workshops, one per row.',
    fields: [
      {
        name: 'code',
        kind: 'text',
        required: true,
        aliases: ['车间编码', '车间代码', '车间', '编码'],
        zh: '车间编码，最长 32 个字符',
        en: 'Workshop code, at most 32 characters',
      },
      {
        name: 'name',
        kind: 'text',
        required: true,
        aliases: ['车间名称', '名称'],
        zh: '车间名称',
        en: 'Workshop name',
      },
      {
        name: 'supervisor',
        kind: 'text',
        aliases: ['车间主任', '主任', '主管', '负责人'],
        zh: `车间主任（可空）：${USER_REF_ZH}`,
        en: `Supervisor (optional): ${USER_REF_EN}`,
      },
    ],
    example: [['WS-ASM', '总装车间', 'zhangsan']],
  },
  {
    name: 'workCenters',
    zh: '工作中心',
    aliases: ['工作中心', 'workCenter', 'work centers'],
    zhSummary: '工作中心：机台、产线或班组，属于一个车间。',
    enSummary: 'Work centers (machines, lines or teams), each in a workshop.',
    fields: [
      {
        name: 'code',
        kind: 'text',
        required: true,
        aliases: ['工作中心编码', '工作中心', '编码'],
        zh: '工作中心编码，最长 32 个字符',
        en: 'Work-center code, at most 32 characters',
      },
      {
        name: 'name',
        kind: 'text',
        required: true,
        aliases: ['工作中心名称', '名称'],
        zh: '工作中心名称',
        en: 'Work-center name',
      },
      {
        name: 'workshop',
        kind: 'text',
        required: true,
        aliases: ['车间', '车间编码', '所属车间'],
        zh: '所属车间的编码',
        en: 'Code of its workshop',
      },
      {
        name: 'stations',
        kind: 'integer',
        aliases: ['工位数', '工位', '机台数', '并行工位'],
        zh: '可同时开工的工位/机台数，1–1000，空则为 1',
        en: 'Parallel stations, 1–1000; blank: 1',
      },
      {
        name: 'calendar',
        kind: 'text',
        aliases: ['日历', '工作日历', '班次', '工作时间'],
        zh: '工作日历，例如「周一至周五 08:00-12:00 13:00-17:00」；可加「; 休 2026-10-01..2026-10-07; 班 2026-10-10」。空则为周一至周五 8-12、13-17 点',
        en: "Calendar, e.g. 'Mon-Fri 08:00-12:00 13:00-17:00'; add '; holiday 2026-10-01..2026-10-07; work 2026-10-10'. Blank: Mon-Fri 8-12, 13-17",
      },
    ],
    example: [['WC-ASM-1', '总装一线', 'WS-ASM', 2, '周一至周五 08:00-12:00 13:00-17:00']],
  },
  {
    name: 'users',
    zh: '人员',
    aliases: ['人员', '用户', '员工', '人员与权限', 'user'],
    zhSummary: '人员：钉钉或企业微信的成员，以及他们的角色和负责范围。',
    enSummary: 'People from DingTalk or WeCom with their roles and scopes.',
    fields: [
      {
        name: 'platform',
        kind: 'choice',
        required: true,
        aliases: ['平台', '登录平台', '来源'],
        choices: PLATFORMS,
        zh: '钉钉 dingtalk 或 企业微信 wecom',
        en: 'dingtalk or wecom',
      },
      {
        name: 'userId',
        kind: 'text',
        required: true,
        aliases: ['用户ID', 'userid', '钉钉ID', '企业微信ID', '账号'],
        zh: '钉钉或企业微信里的 userid（管理后台通讯录可查），最长 64 个字符',
        en: 'The userid in DingTalk or WeCom (see the admin console), at most 64 characters',
      },
      {
        name: 'name',
        kind: 'text',
        required: true,
        aliases: ['姓名', '名字', '名称'],
        zh: '姓名',
        en: 'Name',
      },
      {
        name: 'roles',
        kind: 'list',
        aliases: ['角色', '权限'],
        choices: ROLES,
        zh: '角色，多个用逗号分隔：操作工 operator、审批人 approver、仓管 storekeeper、计划员 planner、管理员 admin',
        en: 'Roles, comma-separated: operator, approver, storekeeper, planner, admin',
      },
      {
        name: 'workshops',
        kind: 'list',
        aliases: ['车间', '所属车间', '负责车间'],
        zh: '负责的车间编码，多个用逗号分隔（操作工只能给这些车间报工）',
        en: 'Workshop codes, comma-separated (operators report only there)',
      },
      {
        name: 'warehouses',
        kind: 'list',
        aliases: ['仓库', '负责仓库', '管理仓库'],
        zh: '负责的仓库编码，多个用逗号分隔（审批人、仓管只管这些仓库）',
        en: 'Warehouse codes, comma-separated (approvers and storekeepers act only there)',
      },
      {
        name: 'team',
        kind: 'text',
        aliases: ['班组', '所属班组', '班组名称'],
        zh: '班组（班组对比按它汇总），最长 32 个字符；空则保留原值',
        en: 'Team, for the team comparison; at most 32 characters; blank keeps the current one',
      },
      {
        name: 'email',
        kind: 'text',
        aliases: ['邮箱', '电子邮箱', 'e-mail', 'mail'],
        zh: '电子邮箱（预警规则的邮件渠道发到这里）；空则保留原值',
        en: "E-mail address (alert rules' e-mail channel writes here); blank keeps the current one",
      },
    ],
    example: [
      ['dingtalk', 'zhangsan', '张三', 'planner,approver', 'WS-ASM', 'WH-RM', '甲班', 'zhangsan@example.com'],
    ],
  },
  {
    name: 'items',
    zh: '物料',
    aliases: LIST_NAMES.items,
    zhSummary: '物料：成品、半成品、外购件、虚拟件（格式同 docs/bom-format.md）。',
    enSummary: 'Items: finished goods, sub-assemblies, purchased parts, kits (as docs/bom-format.md).',
    fields: [
      bomField('items', 'code', '料号，唯一，最长 64 个字符', 'Item code, unique, at most 64 characters'),
      bomField('items', 'name', '物料名称', 'Item name'),
      bomField('items', 'uom', '库存单位，如 pcs、kg、m、套', 'Stock unit, e.g. pcs, kg, m'),
      bomField('items', 'type', '类型：自制 make、外购 buy、虚拟件 phantom', 'Type: make, buy or phantom'),
      bomField('items', 'leadTime', '提前期（天），空则为 0', 'Lead time in days; blank: 0'),
      bomField('items', 'cost', '单位成本（可空）', 'Unit cost (optional)'),
      bomField(
        'items',
        'precision',
        '数量的小数位数 0–6，件、套填 0；空则为 6',
        'Decimal places of quantities, 0–6 (0 for pieces); blank: 6',
        'integer',
      ),
    ],
    example: [
      ['TABLE', '餐桌', 'pcs', '自制', 5, null, 0],
      ['LEG', '桌腿', 'pcs', '外购', 10, 12.5, 0],
    ],
  },
  {
    name: 'bomLines',
    zh: '物料清单',
    aliases: LIST_NAMES.bomLines,
    zhSummary:
      '物料清单（BOM）：每行一个 父项→子项。表中出现的父项，其 BOM 以本表为准（本表没有的行会被删除）。',
    enSummary:
      'BOM lines, parent → child. A parent in this sheet gets exactly these lines (its other stored lines are removed).',
    fields: [
      bomField('bomLines', 'parent', '父项料号', 'Parent item code'),
      bomField('bomLines', 'child', '子项料号', 'Child item code'),
      bomField('bomLines', 'qty', '每 1 个父项用多少子项', 'Child quantity per one parent'),
      bomField('bomLines', 'uom', '用量单位，空则为子项的库存单位', "Unit of qty; blank: the child's unit"),
      bomField('bomLines', 'scrapRate', '损耗率，0.05 或 5%', 'Scrap rate, 0.05 or 5%'),
      bomField('bomLines', 'setupQty', '每张工单的固定损耗', 'Fixed quantity per order'),
      bomField('bomLines', 'roundingMultiple', '按此倍数向上取整', 'Round the requirement up to a multiple'),
      bomField(
        'bomLines',
        'effectiveFrom',
        '生效日期 YYYY-MM-DD（可空）',
        'First day, YYYY-MM-DD (optional)',
      ),
      bomField('bomLines', 'effectiveTo', '失效日期 YYYY-MM-DD（可空）', 'Last day, YYYY-MM-DD (optional)'),
    ],
    example: [['TABLE', 'LEG', 4, null, 0.02, null, null, null, null]],
  },
  {
    name: 'uomConversions',
    zh: '单位换算',
    aliases: LIST_NAMES.uomConversions,
    zhSummary: '单位换算：1 个 from 等于 factor 个 to；填了料号则只对该物料有效。',
    enSummary: '1 from = factor to; with an item, for that item only.',
    fields: [
      bomField('uomConversions', 'from', '源单位', 'From unit'),
      bomField('uomConversions', 'to', '目标单位', 'To unit'),
      bomField('uomConversions', 'factor', '换算系数', 'Factor'),
      bomField('uomConversions', 'item', '料号（可空）', 'Item code (optional)'),
    ],
    example: [['box', 'pcs', 50, 'LEG']],
  },
  {
    name: 'routings',
    zh: '工艺路线',
    aliases: ['工艺路线', '工艺', '工序', 'routing'],
    zhSummary: '工艺路线：每行一道工序。表中出现的物料，其工艺路线以本表为准（本表没有的工序会被删除）。',
    enSummary: 'Routings, one operation per row. An item in this sheet gets exactly these operations.',
    fields: [
      {
        name: 'item',
        kind: 'text',
        required: true,
        aliases: ['料号', '物料编码', '物料', '产品'],
        zh: '料号',
        en: 'Item code',
      },
      {
        name: 'seq',
        kind: 'integer',
        required: true,
        aliases: ['工序号', '序号', '工序顺序'],
        zh: '工序号，如 10、20、30',
        en: 'Operation number, e.g. 10, 20, 30',
      },
      {
        name: 'name',
        kind: 'text',
        required: true,
        aliases: ['工序名称', '工序', '名称'],
        zh: '工序名称，如 下料、焊接',
        en: 'Operation name',
      },
      {
        name: 'workCenter',
        kind: 'text',
        aliases: ['工作中心', '工作中心编码'],
        zh: '工作中心编码（可空：由整个车间完成）',
        en: 'Work-center code (blank: the workshop as a whole)',
      },
      {
        name: 'workshop',
        kind: 'text',
        aliases: ['车间', '车间编码'],
        zh: '报工车间编码；空则取工作中心所属车间',
        en: "Workshop whose operators report it; blank: the work center's workshop",
      },
      {
        name: 'standardMinutes',
        kind: 'number',
        aliases: ['标准工时', '单件工时', '工时'],
        zh: '每件标准工时（分钟），空则为 0',
        en: 'Standard minutes per unit; blank: 0',
      },
      {
        name: 'setupMinutes',
        kind: 'number',
        aliases: ['准备工时', '调机时间', '换线时间'],
        zh: '每张工单的准备工时（分钟），空则为 0',
        en: 'Setup minutes per work order; blank: 0',
      },
      {
        name: 'owner',
        kind: 'text',
        aliases: ['负责人'],
        zh: `负责人（可空）：${USER_REF_ZH}`,
        en: `Responsible person (optional): ${USER_REF_EN}`,
      },
    ],
    example: [['TABLE', 10, '总装', 'WC-ASM-1', 'WS-ASM', 30, 10, 'zhangsan']],
  },
  {
    name: 'openingStock',
    zh: '期初库存',
    aliases: ['期初库存', '期初', '期初数据', '期初数量', 'opening'],
    zhSummary:
      '期初库存：上线时每个 物料+库位+批次 的在库数量，作为一张期初单记账。库位开始有其他出入库后，期初不能再改，请用盘点或调整。',
    enSummary:
      'Opening stock per item, location and lot, posted as one opening document. Once a location has other movements its opening can no longer change: count or adjust instead.',
    fields: [
      {
        name: 'item',
        kind: 'text',
        required: true,
        aliases: ['料号', '物料编码', '物料'],
        zh: '料号',
        en: 'Item code',
      },
      {
        name: 'location',
        kind: 'text',
        required: true,
        aliases: ['库位', '库位编码'],
        zh: '库位编码',
        en: 'Location code',
      },
      {
        name: 'lot',
        kind: 'text',
        aliases: ['批次', '批次号', '批号'],
        zh: '批次号（不分批管理的物料留空）',
        en: 'Lot (blank for items not kept in lots)',
      },
      {
        name: 'qty',
        kind: 'number',
        required: true,
        aliases: ['数量', '期初数量', '库存数量', '在库数量'],
        zh: '期初数量（物料的库存单位）',
        en: "Quantity on hand, in the item's unit",
      },
    ],
    example: [['LEG', 'RM-A01', 'L2026-001', 200]],
  },
];

export const SHEET_BY_NAME: Readonly<Record<SetupSheetName, SetupSheet>> = Object.fromEntries(
  SETUP_SHEETS.map((sheet) => [sheet.name, sheet]),
) as Record<SetupSheetName, SetupSheet>;

/** The list a sheet name means: the field name, its Chinese name or an alias; loosely matched. */
export function matchSetupSheet(name: string): SetupSheetName | undefined {
  const key = normalizeName(name);
  for (const sheet of SETUP_SHEETS) {
    if ([sheet.name, sheet.zh, ...sheet.aliases].some((alias) => normalizeName(alias) === key)) {
      return sheet.name;
    }
  }
  return undefined;
}

/** The value a choice spelling stands for (`原材料` → raw-material), or undefined. */
export function choiceValue(choices: Readonly<Record<string, string>>, text: string): string | undefined {
  const key = normalizeName(text);
  for (const [spelling, value] of Object.entries(choices)) {
    if (normalizeName(spelling) === key) return value;
  }
  return undefined;
}
