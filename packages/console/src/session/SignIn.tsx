import { KeyOutlined, LoginOutlined } from '@ant-design/icons';
import type { AuthSession, ClientConfig, User } from '@shopfloor/sdk';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Avatar,
  Button,
  Card,
  Divider,
  Form,
  Input,
  Result,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { whoHoldsToken } from '../api/auth';
import { client } from '../api/client';
import { t } from '../i18n/i18n';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { errorText } from '../shared/errors';
import { roleLabel } from '../shared/labels';
import { detectHost, dingtalkLoginCode, wecomAuthorizeUrl, wecomCodeFrom, withoutOAuthParams } from './hosts';
import { setSession } from './session';

const SPENT_WECOM_CODE = 'shopfloor.console.wecomCode';

/** Why a host's sign-in failed, from an Error or the plain objects dingtalk-jsapi rejects with. */
function hostFailure(error: unknown): string {
  if (error instanceof Error) return errorText(error);
  const e = error as { errorMessage?: string; message?: string } | undefined;
  return e?.errorMessage ?? e?.message ?? String(error);
}

/**
 * The way in, like the app's: the demo picker in demo mode; inside DingTalk or WeCom their code,
 * exchanged by the server; anywhere, an API token pasted by an admin.
 */
export function SignIn() {
  const config = useQuery({ queryKey: ['auth-config'], queryFn: () => client.auth.config() });
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const host = detectHost(globalThis.navigator?.userAgent ?? '');

  const run = useCallback(async (what: string, signIn: () => Promise<AuthSession>) => {
    setBusy(what);
    setError(undefined);
    try {
      setSession(await signIn());
    } catch (e) {
      setError(hostFailure(e));
    } finally {
      setBusy(undefined);
    }
  }, []);

  const hostSignIn = useCallback(
    (cfg: ClientConfig) => {
      const code = wecomCodeFrom(window.location.search, sessionStorage.getItem(SPENT_WECOM_CODE));
      if (code && cfg.wecomCorpId) {
        sessionStorage.setItem(SPENT_WECOM_CODE, code);
        window.history.replaceState(null, '', withoutOAuthParams(window.location.href));
        void run(t('signIn.viaWecom'), () => client.auth.wecom({ code }));
      } else if (host === 'dingtalk' && cfg.dingtalkCorpId) {
        const corpId = cfg.dingtalkCorpId;
        void run(t('signIn.viaDingtalk'), async () =>
          client.auth.dingtalk({ code: await dingtalkLoginCode(corpId) }),
        );
      } else if (host === 'wecom' && cfg.wecomCorpId) {
        setBusy(t('signIn.viaWecom'));
        window.location.replace(
          wecomAuthorizeUrl(cfg.wecomCorpId, cfg.wecomAgentId, withoutOAuthParams(window.location.href)),
        );
      }
    },
    [host, run],
  );

  // Inside a host (not demo mode) the sign-in starts by itself, once.
  const started = useRef(false);
  useEffect(() => {
    if (!config.data || config.data.demo || started.current) return;
    started.current = true;
    hostSignIn(config.data);
  }, [config.data, hostSignIn]);

  const cfg = config.data;
  const inHost =
    cfg &&
    !cfg.demo &&
    ((host === 'dingtalk' && cfg.dingtalkCorpId) || (host === 'wecom' && cfg.wecomCorpId));

  return (
    <div className="sign-in">
      <Card className="sign-in-card" variant="borderless">
        <div className="sign-in-head">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('app.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{cfg?.orgName ?? ' '}</Typography.Text>
        </div>
        {config.isPending && <Spin />}
        {config.isError && (
          <Alert
            type="error"
            showIcon
            title={t('signIn.configFailed')}
            description={errorText(config.error)}
            action={<Button onClick={() => config.refetch()}>{t('common.retry')}</Button>}
          />
        )}
        {busy && (
          <Space style={{ marginBottom: 16 }}>
            <Spin size="small" />
            <span>{busy}</span>
          </Space>
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('signIn.failed')}
            description={error}
            action={
              inHost && cfg ? (
                <Button size="small" onClick={() => hostSignIn(cfg)}>
                  {t('common.retry')}
                </Button>
              ) : undefined
            }
          />
        )}
        {cfg?.demo && (
          <DemoPicker
            users={cfg.demoUsers ?? []}
            busy={!!busy}
            onPick={(userId) => run(t('signIn.signingIn'), () => client.auth.devLogin({ userId }))}
          />
        )}
        {cfg && !cfg.demo && !inHost && (
          <Alert type="info" showIcon title={t('signIn.openInHost')} style={{ marginBottom: 8 }} />
        )}
        {cfg && <TokenSignIn busy={!!busy} run={run} />}
        <div className="sign-in-foot">
          <LanguageSwitch />
        </div>
      </Card>
    </div>
  );
}

function DemoPicker({
  users,
  busy,
  onPick,
}: {
  users: User[];
  busy: boolean;
  onPick: (userId: string) => void;
}) {
  return (
    <>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('signIn.demoHint')}
      </Typography.Paragraph>
      <div className="demo-users">
        {users.map((user) => (
          <div className="demo-user" key={user.id}>
            <Avatar size="small">{user.name.slice(0, 1)}</Avatar>
            <div className="demo-user-who">
              <Space size={6}>
                <span>{user.name}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {user.id}
                </Typography.Text>
              </Space>
              <div>
                {user.roles.map((role) => (
                  <Tag key={role} variant="filled">
                    {roleLabel(role)}
                  </Tag>
                ))}
              </div>
            </div>
            <Button
              type="link"
              size="small"
              icon={<LoginOutlined />}
              disabled={busy}
              aria-label={t('signIn.enterAs', { name: user.name })}
              onClick={() => onPick(user.id)}
            >
              {t('signIn.enter')}
            </Button>
          </div>
        ))}
      </div>
    </>
  );
}

function TokenSignIn({
  busy,
  run,
}: {
  busy: boolean;
  run: (what: string, signIn: () => Promise<AuthSession>) => Promise<void>;
}) {
  const [form] = Form.useForm<{ token: string }>();
  const submit = ({ token }: { token: string }) =>
    run(t('signIn.signingIn'), async () => {
      const trimmed = token.trim();
      return { token: trimmed, user: await whoHoldsToken(trimmed) };
    });
  return (
    <>
      <Divider plain style={{ margin: '16px 0 12px' }}>
        {t('signIn.tokenTitle')}
      </Divider>
      <Form form={form} layout="inline" onFinish={submit} className="token-form">
        <Form.Item
          name="token"
          style={{ flex: 1 }}
          rules={[{ required: true, pattern: /^\s*sft_\S+\s*$/, message: t('signIn.tokenInvalid') }]}
        >
          <Input.Password
            prefix={<KeyOutlined />}
            placeholder={t('signIn.tokenPlaceholder')}
            autoComplete="off"
          />
        </Form.Item>
        <Form.Item style={{ marginInlineEnd: 0 }}>
          <Button type="primary" htmlType="submit" disabled={busy}>
            {t('signIn.submit')}
          </Button>
        </Form.Item>
      </Form>
    </>
  );
}

/** Signed in, but no role yet: an admin has to grant one (人员与权限). */
export function WaitingForRoles({ user, onSignOut }: { user: User; onSignOut: () => void }) {
  return (
    <div className="sign-in">
      <Card className="sign-in-card" variant="borderless">
        <Result
          status="info"
          title={t('signIn.waitingTitle', { name: user.name })}
          subTitle={t('signIn.waitingText')}
          extra={<Button onClick={onSignOut}>{t('common.signOut')}</Button>}
        />
      </Card>
    </div>
  );
}

/** Signed in as an operator or approver: their work is in the mobile app, not at a desk. */
export function NoConsolePages({ user, onSignOut }: { user: User; onSignOut: () => void }) {
  return (
    <div className="sign-in">
      <Card className="sign-in-card" variant="borderless">
        <Result
          status="info"
          title={t('signIn.noPagesTitle', { name: user.name })}
          subTitle={t('signIn.noPagesText')}
          extra={[
            <Button key="app" type="primary" href="/app/">
              {t('signIn.openApp')}
            </Button>,
            <Button key="out" onClick={onSignOut}>
              {t('common.signOut')}
            </Button>,
          ]}
        />
      </Card>
    </div>
  );
}
