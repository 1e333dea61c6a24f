import type { Db } from '../../http/route.js';

export interface PersonRow {
  id: string;
  name: string;
  platform: string;
  platform_user_id: string | null;
  active: boolean;
  roles: string[];
  workshops: string[];
  warehouses: string[];
  team: string | null;
  email: string | null;
}

export async function loadPeople(db: Db, orgId: string): Promise<PersonRow[]> {
  return db
    .selectFrom('users')
    .select([
      'id',
      'name',
      'platform',
      'platform_user_id',
      'active',
      'roles',
      'workshops',
      'warehouses',
      'team',
      'email',
    ])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
}

const PLATFORM_PREFIX = /^(dingtalk|wecom|钉钉|企业微信|企微)\s*[:：]\s*(.+)$/i;
const PLATFORM_OF: Record<string, string> = { 钉钉: 'dingtalk', 企业微信: 'wecom', 企微: 'wecom' };

/**
 * How the workbook names a person (a supervisor, a routing's owner): the userId of the users sheet
 * (`zhangsan`), `dingtalk:zhangsan` when both platforms have that userId, or the Shopfloor user id
 * (`dt-zhangsan`). Knows the stored users and those the users sheet adds.
 */
export class People {
  private readonly active = new Map<string, boolean>();
  private readonly byPlatform = new Map<string, string>();
  private readonly byUserId = new Map<string, Set<string>>();

  constructor(stored: readonly PersonRow[]) {
    for (const row of stored) {
      this.active.set(row.id, row.active);
      if (row.platform_user_id) this.add(row.platform, row.platform_user_id, row.id, row.active);
    }
  }

  /** A person of the users sheet (new, or stored under that platform userid). */
  add(platform: string, userId: string, id: string, active = true): void {
    if (!this.active.has(id)) this.active.set(id, active);
    this.byPlatform.set(`${platform}:${userId}`, id);
    const ids = this.byUserId.get(userId) ?? new Set<string>();
    ids.add(id);
    this.byUserId.set(userId, ids);
  }

  resolve(text: string): { id: string } | { zh: string; en: string } {
    let id: string | undefined;
    if (this.active.has(text)) id = text;
    else {
      const prefixed = PLATFORM_PREFIX.exec(text);
      if (prefixed) {
        const platform = PLATFORM_OF[prefixed[1]!] ?? prefixed[1]!.toLowerCase();
        id = this.byPlatform.get(`${platform}:${prefixed[2]!.trim()}`);
      } else {
        const ids = this.byUserId.get(text);
        if (ids && ids.size > 1) {
          return {
            zh: `userId「${text}」在钉钉和企业微信中都有：请写成 dingtalk:${text} 或 wecom:${text}`,
            en: `userId '${text}' exists on both platforms: write dingtalk:${text} or wecom:${text}`,
          };
        }
        id = ids?.values().next().value;
      }
    }
    if (id === undefined) {
      return {
        zh: `人员「${text}」不存在：请在 人员(users) 表中添加`,
        en: `no person '${text}': add them to the users sheet`,
      };
    }
    if (this.active.get(id) === false) {
      return { zh: `人员「${text}」已停用`, en: `person '${text}' is deactivated` };
    }
    return { id };
  }

  /** How the export writes a person: their platform userId when that alone finds them again. */
  label(id: string, row: PersonRow | undefined): string {
    const userId = row?.platform_user_id;
    if (userId && !this.active.has(userId) && this.byUserId.get(userId)?.size === 1) return userId;
    return id;
  }
}
