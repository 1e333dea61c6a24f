import { Button, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { t } from '../i18n/i18n';
import { useServices } from '../services/services-context';
import { signIn } from '../session/sign-in';
import { errorMessage } from './error-message';

/**
 * Signs in on mount through the host (DingTalk code, WeCom OAuth); in a plain browser, and in the
 * hosts when the server runs in demo mode, it offers the demo accounts the adapter asks for.
 */
export function SignIn() {
  const services = useServices();
  const { prompts, hostConfig } = services;
  const prompt = useSyncExternalStore(prompts.subscribe, prompts.current, prompts.current);
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger
  useEffect(() => {
    let live = true;
    setError(undefined);
    signIn(services.platform, services.client, services.session).catch((failure: unknown) => {
      if (live) setError(errorMessage(failure));
    });
    return () => {
      live = false;
    };
  }, [services, attempt]);

  const picking = prompt?.kind === 'demo-user';
  return (
    <View className="sf-signin">
      <View className="sf-signin__brand">
        <Text className="sf-signin__logo">SF</Text>
        <Text className="sf-signin__title">{t('app.title')}</Text>
      </View>
      {picking ? (
        hostConfig.demo ? (
          <View className="sf-signin__users">
            <Text className="sf-signin__hint">{t('login.subtitle')}</Text>
            {hostConfig.demoUsers.map((user) => (
              <Button
                key={user.id}
                className="sf-button sf-button--user"
                onClick={() => prompt.answer(user.id)}
              >
                <Text className="sf-button__main">{user.name}</Text>
                <Text className="sf-button__sub">
                  {user.roles.map((role) => roleLabel(role)).join(' · ')}
                </Text>
              </Button>
            ))}
          </View>
        ) : (
          <Text className="sf-notice sf-notice--error">{t('login.noDemo')}</Text>
        )
      ) : error ? (
        <View className="sf-signin__users">
          <Text className="sf-notice sf-notice--error">
            {t('login.failed')}：{error}
          </Text>
          <Button className="sf-button sf-button--primary" onClick={retry}>
            {t('common.retry')}
          </Button>
        </View>
      ) : (
        <Text className="sf-signin__hint">{t('login.signingIn')}</Text>
      )}
    </View>
  );
}

export function roleLabel(role: string): string {
  switch (role) {
    case 'operator':
      return t('role.operator');
    case 'approver':
      return t('role.approver');
    case 'storekeeper':
      return t('role.storekeeper');
    case 'planner':
      return t('role.planner');
    case 'admin':
      return t('role.admin');
    default:
      return role;
  }
}
