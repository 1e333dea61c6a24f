import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import type { User } from '@shopfloor/sdk';
import { useQuery } from '@tanstack/react-query';
import { Avatar, Dropdown, Layout, Menu, type MenuProps, Result, Space, Spin, Typography } from 'antd';
import { Suspense, useEffect } from 'react';
import { client } from '../api/client';
import { t, useLocale } from '../i18n/i18n';
import { roleLabel } from '../shared/labels';
import { LanguageSwitch } from './LanguageSwitch';
import { type PageDef, pagesFor } from './pages';
import { navigate, useRoute } from './router';

/** The frame around every page: the side menu by domain, the top bar with who is signed in. */
export function Shell({ user, onSignOut }: { user: User; onSignOut: () => void }) {
  useLocale();
  const route = useRoute();
  const pages = pagesFor(user.roles);
  const page = pages.find((p) => p.path === route.path);
  const org = useQuery({
    queryKey: ['auth-config'],
    queryFn: () => client.auth.config(),
    staleTime: Infinity,
  });

  useEffect(() => {
    if (!page && pages[0] && route.path === '/') navigate(pages[0].path);
  }, [page, pages, route.path]);
  useEffect(() => {
    document.title = page ? `${t(page.title)} · ${t('app.title')}` : t('app.title');
  });

  const menu: MenuProps['items'] = groups(pages).map(([group, list]) => ({
    type: 'group',
    key: group,
    label: t(group),
    children: list.map((p) => ({ key: p.path, icon: p.icon, label: t(p.title) })),
  }));
  const userMenu: MenuProps['items'] = [
    { key: 'roles', disabled: true, label: user.roles.map(roleLabel).join('、') || t('common.noRoles') },
    { type: 'divider' },
    { key: 'sign-out', icon: <LogoutOutlined />, label: t('common.signOut'), onClick: onSignOut },
  ];
  const Page = page?.component;

  return (
    <Layout className="shell">
      <Layout.Sider width={200} theme="light" className="shell-sider">
        <div className="shell-logo">
          <span className="shell-logo-mark">SF</span>
          <span>{t('app.title')}</span>
        </div>
        <Menu
          mode="inline"
          selectedKeys={page ? [page.path] : []}
          items={menu}
          onClick={({ key }) => navigate(String(key))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="shell-header">
          <Typography.Text type="secondary">{org.data?.orgName}</Typography.Text>
          <Space size={12}>
            <LanguageSwitch />
            <Dropdown menu={{ items: userMenu }} placement="bottomRight">
              <Space size={6} className="shell-user">
                <Avatar size="small" icon={<UserOutlined />} />
                <span>{user.name}</span>
              </Space>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content className="shell-content">
          {Page ? (
            <Suspense fallback={<Spin className="page-spin" />}>
              <Page key={page.path} />
            </Suspense>
          ) : route.path === '/' ? (
            <Spin className="page-spin" />
          ) : (
            <Result status="404" title={t('common.noPage')} subTitle={route.path} />
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function groups(pages: PageDef[]): [PageDef['group'], PageDef[]][] {
  const byGroup = new Map<PageDef['group'], PageDef[]>();
  for (const page of pages) byGroup.set(page.group, [...(byGroup.get(page.group) ?? []), page]);
  return [...byGroup];
}
