import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useCallback } from 'react';
import { useLocale } from './i18n/i18n';
import { pagesFor } from './layout/pages';
import { Shell } from './layout/Shell';
import { NoConsolePages, SignIn, WaitingForRoles } from './session/SignIn';
import { getSession, setSession, useSession } from './session/session';
import { isStatus } from './shared/errors';

// A 401 anywhere means the session ended (expired, or the user was deactivated): back to sign-in.
const signOutOn401 = (error: unknown) => {
  if (isStatus(error, 401) && getSession()) setSession(null);
};

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: signOutOn401 }),
  mutationCache: new MutationCache({ onError: signOutOn401 }),
  defaultOptions: {
    // The SDK already retries what is safe to retry.
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
    mutations: { retry: false },
  },
});

const THEME = {
  algorithm: [theme.defaultAlgorithm, theme.compactAlgorithm],
  token: { borderRadius: 4, colorPrimary: '#1668dc', fontSize: 13 },
  components: {
    Layout: {
      headerHeight: 48,
      headerPadding: '0 16px',
      headerBg: '#fff',
      siderBg: '#fff',
      bodyBg: '#f5f6f8',
    },
  },
};

export function App() {
  const locale = useLocale();
  const session = useSession();
  const signOut = useCallback(() => {
    setSession(null);
    queryClient.clear();
  }, []);
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={THEME} button={{ autoInsertSpace: false }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          {!session ? (
            <SignIn />
          ) : session.user.roles.length === 0 ? (
            <WaitingForRoles user={session.user} onSignOut={signOut} />
          ) : pagesFor(session.user.roles).length === 0 ? (
            <NoConsolePages user={session.user} onSignOut={signOut} />
          ) : (
            <Shell key={locale} user={session.user} onSignOut={signOut} />
          )}
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
