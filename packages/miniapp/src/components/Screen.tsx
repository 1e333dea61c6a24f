import { Button, Text, View } from '@tarojs/components';
import type { PropsWithChildren } from 'react';
import { t, useLocale } from '../i18n/i18n';
import { ServicesContext, useSession } from '../services/services-context';
import { useStartedServices } from '../services/start';
import { errorMessage } from './error-message';
import { ScanSheet } from './ScanSheet';
import { SignIn } from './SignIn';
import { StatusBar } from './StatusBar';

/**
 * The frame of every page: starts the services, shows the status bar, signs the user in, then
 * renders the page's content. Children may use useServices() and useSession() freely.
 */
export function Screen({ children, wide = false }: PropsWithChildren<{ wide?: boolean }>) {
  // A language switch redraws the whole page, this one and those under it: the page's own
  // elements are props here, which React would otherwise keep as they were.
  const locale = useLocale();
  const { services, error } = useStartedServices();
  if (error) {
    return (
      <View className="sf-screen">
        <Text className="sf-notice sf-notice--error">{errorMessage(error)}</Text>
      </View>
    );
  }
  if (!services) {
    return (
      <View className="sf-screen">
        <Text className="sf-loading">{t('common.loading')}</Text>
      </View>
    );
  }
  return (
    <ServicesContext.Provider value={services}>
      <View className={`sf-screen${wide ? ' sf-screen--wide' : ''}`}>
        <StatusBar />
        <SignedIn key={locale}>{children}</SignedIn>
        <ScanSheet />
      </View>
    </ServicesContext.Provider>
  );
}

function SignedIn({ children }: PropsWithChildren) {
  const session = useSession();
  return session ? <View className="sf-content">{children}</View> : <SignIn />;
}

/** A retry line for a failed load. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry(): void }) {
  return (
    <View className="sf-notice sf-notice--error">
      <Text>
        {t('common.error')}：{errorMessage(error)}
      </Text>
      <Button className="sf-button sf-button--small" onClick={onRetry}>
        {t('common.retry')}
      </Button>
    </View>
  );
}
