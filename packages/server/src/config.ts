import { z } from 'zod';
import {
  type ClassNumbers,
  cycleCheck,
  DEFAULT_CYCLE_WEEKS,
  DEFAULT_TOLERANCE_PCT,
  parseClassNumbers,
  toleranceCheck,
} from './modules/counts/class-settings.js';
import { BOARD_ANSWER_TTL_MS } from './modules/production/work-order-board-cache.js';
import { parseSchedulingSettings } from './modules/scheduling/settings.js';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1_000).default(20),
  DATABASE_PREPARE: z
    .enum(['on', 'off'], { error: 'must be on or off (off behind PgBouncer in transaction mode)' })
    .default('on'),
  SHOPFLOOR_DATA_DIR: z.string().min(1).default('./.shopfloor'),
  SHOPFLOOR_BACKUP_DIR: z.string().min(1).optional(),
  SHOPFLOOR_BACKUP_KEEP: z.coerce.number().int().min(1).max(3_650).default(14),
  SHOPFLOOR_IDEMPOTENCY_KEEP_DAYS: z.coerce.number().int().min(7).max(3_650).default(90),
  SHOPFLOOR_BOARD_SHARE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(25)
    .default(BOARD_ANSWER_TTL_MS / 1000),
  SHOPFLOOR_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SHOPFLOOR_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  SHOPFLOOR_ALERT_EMAILS: z.string().optional(),
  SHOPFLOOR_PUBLIC_URL: z.string().url().optional(),
  SHOPFLOOR_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  SHOPFLOOR_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHOPFLOOR_APP_DIR: z.string().optional(),
  SHOPFLOOR_CONSOLE_DIR: z.string().optional(),
  SHOPFLOOR_ADMINS: z.string().optional(),
  SHOPFLOOR_ORG_ID: z.string().min(1).default('demo'),
  SHOPFLOOR_ORG_NAME: z.string().min(1).max(200).optional(),
  DINGTALK_CORP_ID: z.string().min(1).optional(),
  DINGTALK_APP_KEY: z.string().min(1).optional(),
  DINGTALK_APP_SECRET: z.string().min(1).optional(),
  DINGTALK_AGENT_ID: z.string().min(1).optional(),
  DINGTALK_API_BASE: z.string().url().default('https://oapi.dingtalk.com'),
  WECOM_CORP_ID: z.string().min(1).optional(),
  WECOM_AGENT_ID: z.string().min(1).optional(),
  WECOM_SECRET: z.string().min(1).optional(),
  WECOM_API_BASE: z.string().url().default('https://qyapi.weixin.qq.com'),
  SHOPFLOOR_WECOM_CALLBACK_TOKEN: z.string().min(1).max(128).optional(),
  SHOPFLOOR_WECOM_CALLBACK_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, 'must be the 43 letters and digits of the EncodingAESKey')
    .optional(),
  SHOPFLOOR_DINGTALK_APPROVAL_NOTICES: z.enum(['on', 'off']).default('off'),
  SHOPFLOOR_EMERGENCY_APPROVAL_HOURS: z.coerce.number().positive().max(8760).default(12),
  SHOPFLOOR_LOGIN_RATE_IP: z.coerce.number().int().min(1).max(1_000_000).default(300),
  SHOPFLOOR_LOGIN_RATE_USER: z.coerce.number().int().min(1).max(1_000_000).default(20),
  SHOPFLOOR_LOGIN_RATE_WINDOW: z.coerce.number().int().min(1).max(86_400).default(60),
  SHOPFLOOR_TRUST_PROXY: z.enum(['on', 'off']).default('off'),
  SHOPFLOOR_CORS_ORIGINS: z.string().optional(),
  SHOPFLOOR_COUNT_CYCLE_WEEKS: z.string().optional(),
  SHOPFLOOR_COUNT_TOLERANCE_PCT: z.string().optional(),
  SHOPFLOOR_LATE_TOLERANCE: z.string().optional(),
});

export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  /** Connections to PostgreSQL this process keeps (DATABASE_POOL_SIZE); PGlite is one connection. */
  databasePoolSize: number;
  /**
   * Named prepared statements on PostgreSQL (DATABASE_PREPARE, on by default). Off for a pooler that
   * hands each transaction another server connection (PgBouncer in transaction mode), where a
   * statement prepared on one connection is unknown on the next.
   */
  databasePrepare: boolean;
  dataDir: string;
  /** SHOPFLOOR_BACKUP_DIR: daily and pre-migration backups go here (none when unset); see docs/backup.md. */
  backupDir?: string;
  /** SHOPFLOOR_BACKUP_KEEP: daily backups kept (default 14); older ones are deleted. */
  backupKeep: number;
  /** SHOPFLOOR_IDEMPOTENCY_KEEP_DAYS: days an Idempotency-Key answers a retry (default 90); older keys are deleted. */
  idempotencyKeepDays: number;
  /** SHOPFLOOR_BOARD_SHARE_SECONDS: how long a board answer is shared between callers (default 5; 0 = each asks alone). */
  boardShareMs: number;
  sessionSecret?: string;
  /** SHOPFLOOR_SMTP_URL: the mail server health alerts go out through (smtp[s]://user:pass@host:port). */
  smtpUrl?: string;
  /** SHOPFLOOR_ALERT_EMAILS: who gets an e-mail when the server turns degraded or down, and when it recovers. */
  alertEmails: string[];
  publicUrl?: string;
  /** Demo mode: seeds the demo factory and enables dev-login. Never on with platform credentials. */
  demo: boolean;
  logLevel: string;
  appDir?: string;
  /** The built console served at /console/ (SHOPFLOOR_CONSOLE_DIR; main.ts defaults it to packages/console/dist). */
  consoleDir?: string;
  orgId: string;
  orgName: string;
  /**
   * SHOPFLOOR_ADMINS: platform users made administrators when they sign in (created if new), the
   * way a factory gets its first admin. Nobody else gets a role by signing in.
   */
  admins: BootstrapAdmin[];
  dingtalk?: { corpId: string; appKey: string; appSecret: string; agentId?: string; apiBase: string };
  wecom?: { corpId: string; agentId: string; secret: string; apiBase: string };
  /**
   * Approving issue requests from the chat (docs/chat-callbacks.md). wecom: the 接收消息 Token and
   * EncodingAESKey (SHOPFLOOR_WECOM_CALLBACK_TOKEN / _AES_KEY); set, approvers get template cards.
   * dingtalkNotices (SHOPFLOOR_DINGTALK_APPROVAL_NOTICES=on): approvers get a work notice linking to the request.
   */
  chatApprovals: { wecom?: { token: string; aesKey: string }; dingtalkNotices: boolean };
  /** Where the platform APIs live (robots need them even without app credentials); tests point them at msw. */
  platformApiBase: { dingtalk: string; wecom: string };
  /** Check every answer against its schema (tests); off in production for speed. */
  validateResponses: boolean;
  /** SHOPFLOOR_EMERGENCY_APPROVAL_HOURS: an emergency issue unapproved this long after posting raises an alert. */
  emergencyApprovalHours: number;
  /** Sign-in attempts allowed per client IP and per user in each window (memory of this process). */
  loginRate: { perIp: number; perUser: number; windowSeconds: number };
  /** SHOPFLOOR_TRUST_PROXY: the client IP is the last X-Forwarded-For entry (behind one reverse proxy). */
  trustProxy: boolean;
  /** SHOPFLOOR_CORS_ORIGINS: origins allowed to call the API from a browser; none by default. */
  corsOrigins: string[];
  /** SHOPFLOOR_COUNT_CYCLE_WEEKS / SHOPFLOOR_COUNT_TOLERANCE_PCT: cycle-count cycles and tolerances by ABC class (defaults when absent). */
  counts?: { cycleWeeks: ClassNumbers; tolerancePct: ClassNumbers };
  /** SHOPFLOOR_LATE_TOLERANCE: an operation running longer than its standard × this is late (default 1.5; docs/planning.md). */
  lateTolerance?: number;
}

export const DEMO_ORG_NAME = '演示工厂 Demo Furniture Co.';

export interface BootstrapAdmin {
  platform: 'dingtalk' | 'wecom';
  userId: string;
}

/** `dingtalk:<userid>,wecom:<userid>` → the list; throws a line per bad entry. */
export function parseAdmins(text: string | undefined): { admins: BootstrapAdmin[]; problems: string[] } {
  const admins: BootstrapAdmin[] = [];
  const problems: string[] = [];
  for (const entry of (text ?? '').split(/[,\s]+/).filter(Boolean)) {
    const match = /^(dingtalk|wecom):(.{1,64})$/.exec(entry);
    if (match) admins.push({ platform: match[1] as BootstrapAdmin['platform'], userId: match[2]! });
    else problems.push(`SHOPFLOOR_ADMINS: '${entry}' is not dingtalk:<userid> or wecom:<userid>`);
  }
  return { admins, problems };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment, with one clear line for each missing or bad value. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const group = (names: Record<string, string | undefined>, label: string) => {
    const given = Object.entries(names).filter(([, v]) => v !== undefined);
    if (given.length > 0 && given.length < Object.keys(names).length) {
      const missing = Object.entries(names)
        .filter(([, v]) => v === undefined)
        .map(([k]) => k);
      problems.push(
        `${label}: ${missing.join(', ')} missing (set all of ${Object.keys(names).join(', ')} or none)`,
      );
      return false;
    }
    return given.length > 0;
  };
  const hasDing = group(
    {
      DINGTALK_CORP_ID: e.DINGTALK_CORP_ID,
      DINGTALK_APP_KEY: e.DINGTALK_APP_KEY,
      DINGTALK_APP_SECRET: e.DINGTALK_APP_SECRET,
    },
    'DingTalk',
  );
  const hasWeCom = group(
    { WECOM_CORP_ID: e.WECOM_CORP_ID, WECOM_AGENT_ID: e.WECOM_AGENT_ID, WECOM_SECRET: e.WECOM_SECRET },
    'WeCom',
  );
  const platforms = hasDing || hasWeCom;
  const admins = parseAdmins(e.SHOPFLOOR_ADMINS);
  problems.push(...admins.problems);
  for (const admin of admins.admins) {
    if ((admin.platform === 'dingtalk' && !hasDing) || (admin.platform === 'wecom' && !hasWeCom)) {
      problems.push(
        `SHOPFLOOR_ADMINS: ${admin.platform}:${admin.userId} names ${admin.platform === 'dingtalk' ? 'DingTalk' : 'WeCom'}, whose credentials are not set`,
      );
    }
  }
  const hasWeComCallback = group(
    {
      SHOPFLOOR_WECOM_CALLBACK_TOKEN: e.SHOPFLOOR_WECOM_CALLBACK_TOKEN,
      SHOPFLOOR_WECOM_CALLBACK_AES_KEY: e.SHOPFLOOR_WECOM_CALLBACK_AES_KEY,
    },
    'WeCom callback',
  );
  if (hasWeComCallback && !hasWeCom) {
    problems.push('SHOPFLOOR_WECOM_CALLBACK_TOKEN: set WECOM_CORP_ID, WECOM_AGENT_ID and WECOM_SECRET too');
  }
  if (hasWeComCallback && !e.SHOPFLOOR_PUBLIC_URL) {
    problems.push('SHOPFLOOR_WECOM_CALLBACK_TOKEN: set SHOPFLOOR_PUBLIC_URL too (the cards link to the app)');
  }
  if (
    e.SHOPFLOOR_DINGTALK_APPROVAL_NOTICES === 'on' &&
    (!hasDing || !e.DINGTALK_AGENT_ID || !e.SHOPFLOOR_PUBLIC_URL)
  ) {
    problems.push(
      'SHOPFLOOR_DINGTALK_APPROVAL_NOTICES: on needs the DingTalk credentials, DINGTALK_AGENT_ID and SHOPFLOOR_PUBLIC_URL',
    );
  }
  if (e.SHOPFLOOR_ALERT_EMAILS && !e.SHOPFLOOR_SMTP_URL) {
    problems.push('SHOPFLOOR_ALERT_EMAILS: set SHOPFLOOR_SMTP_URL too, the mail server that sends them');
  }
  if (e.SHOPFLOOR_DEMO === 'on' && platforms) {
    problems.push('SHOPFLOOR_DEMO: demo mode cannot be on while DingTalk or WeCom credentials are set');
  }
  for (const origin of (e.SHOPFLOOR_CORS_ORIGINS ?? '').split(/[,\s]+/).filter(Boolean)) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      problems.push(`SHOPFLOOR_CORS_ORIGINS: '${origin}' is not an origin like https://erp.example.com`);
    }
  }
  const cycleWeeks = parseClassNumbers(
    'SHOPFLOOR_COUNT_CYCLE_WEEKS',
    e.SHOPFLOOR_COUNT_CYCLE_WEEKS,
    DEFAULT_CYCLE_WEEKS,
    cycleCheck,
  );
  const tolerancePct = parseClassNumbers(
    'SHOPFLOOR_COUNT_TOLERANCE_PCT',
    e.SHOPFLOOR_COUNT_TOLERANCE_PCT,
    DEFAULT_TOLERANCE_PCT,
    toleranceCheck,
  );
  problems.push(...cycleWeeks.problems, ...tolerancePct.problems);
  const scheduling = parseSchedulingSettings({ SHOPFLOOR_LATE_TOLERANCE: e.SHOPFLOOR_LATE_TOLERANCE });
  problems.push(...scheduling.problems);
  if (problems.length) throw new ConfigError(problems);
  const demo = e.SHOPFLOOR_DEMO === 'on' || (e.SHOPFLOOR_DEMO === 'auto' && !platforms);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databasePrepare: e.DATABASE_PREPARE === 'on',
    dataDir: e.SHOPFLOOR_DATA_DIR,
    backupDir: e.SHOPFLOOR_BACKUP_DIR,
    backupKeep: e.SHOPFLOOR_BACKUP_KEEP,
    idempotencyKeepDays: e.SHOPFLOOR_IDEMPOTENCY_KEEP_DAYS,
    boardShareMs: e.SHOPFLOOR_BOARD_SHARE_SECONDS * 1000,
    sessionSecret: e.SHOPFLOOR_SESSION_SECRET,
    smtpUrl: e.SHOPFLOOR_SMTP_URL,
    alertEmails: (e.SHOPFLOOR_ALERT_EMAILS ?? '').split(/[,;\s]+/).filter(Boolean),
    publicUrl: e.SHOPFLOOR_PUBLIC_URL,
    demo,
    logLevel: e.SHOPFLOOR_LOG_LEVEL,
    appDir: e.SHOPFLOOR_APP_DIR,
    consoleDir: e.SHOPFLOOR_CONSOLE_DIR,
    orgId: e.SHOPFLOOR_ORG_ID,
    // A real factory is not the demo furniture company, even before it names itself.
    orgName: e.SHOPFLOOR_ORG_NAME ?? (demo ? DEMO_ORG_NAME : 'Shopfloor'),
    admins: admins.admins,
    dingtalk: hasDing
      ? {
          corpId: e.DINGTALK_CORP_ID!,
          appKey: e.DINGTALK_APP_KEY!,
          appSecret: e.DINGTALK_APP_SECRET!,
          agentId: e.DINGTALK_AGENT_ID,
          apiBase: e.DINGTALK_API_BASE,
        }
      : undefined,
    wecom: hasWeCom
      ? {
          corpId: e.WECOM_CORP_ID!,
          agentId: e.WECOM_AGENT_ID!,
          secret: e.WECOM_SECRET!,
          apiBase: e.WECOM_API_BASE,
        }
      : undefined,
    chatApprovals: {
      wecom: hasWeComCallback
        ? { token: e.SHOPFLOOR_WECOM_CALLBACK_TOKEN!, aesKey: e.SHOPFLOOR_WECOM_CALLBACK_AES_KEY! }
        : undefined,
      dingtalkNotices: e.SHOPFLOOR_DINGTALK_APPROVAL_NOTICES === 'on',
    },
    platformApiBase: { dingtalk: e.DINGTALK_API_BASE, wecom: e.WECOM_API_BASE },
    validateResponses: false,
    emergencyApprovalHours: e.SHOPFLOOR_EMERGENCY_APPROVAL_HOURS,
    loginRate: {
      perIp: e.SHOPFLOOR_LOGIN_RATE_IP,
      perUser: e.SHOPFLOOR_LOGIN_RATE_USER,
      windowSeconds: e.SHOPFLOOR_LOGIN_RATE_WINDOW,
    },
    trustProxy: e.SHOPFLOOR_TRUST_PROXY === 'on',
    corsOrigins: (e.SHOPFLOOR_CORS_ORIGINS ?? '').split(/[,\s]+/).filter(Boolean),
    counts: { cycleWeeks: cycleWeeks.value, tolerancePct: tolerancePct.value },
    lateTolerance: scheduling.value.lateTolerance,
  };
}
