import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  BarsOutlined,
  BranchesOutlined,
  CloudSyncOutlined,
  CloudUploadOutlined,
  DatabaseOutlined,
  DiffOutlined,
  LineChartOutlined,
  MedicineBoxOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  ProfileOutlined,
  SwapOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { Role } from '@shopfloor/sdk';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import type { MessageKey } from '../i18n/i18n';

/** One page of the console: its hash path, menu entry, who sees it, and its lazily loaded component. */
export interface PageDef {
  path: string;
  title: MessageKey;
  group: MessageKey;
  icon: ReactNode;
  /** Roles that see the page in the menu (admins see every page); the server checks every call anyway. */
  roles: Role[];
  component: LazyExoticComponent<ComponentType>;
}

/** The menu, in order, grouped by domain. A new page is a folder under src/pages and a line here. */
export const PAGES: PageDef[] = [
  {
    path: '/setup',
    title: 'menu.setup',
    group: 'menu.group.setup',
    icon: <CloudUploadOutlined />,
    roles: ['admin'],
    component: lazy(() => import('../pages/setup/SetupPage')),
  },
  {
    path: '/warehouses',
    title: 'menu.warehouses',
    group: 'menu.group.plant',
    icon: <DatabaseOutlined />,
    roles: ['storekeeper'],
    component: lazy(() => import('../pages/warehouses/WarehousesPage')),
  },
  {
    path: '/workshops',
    title: 'menu.workshops',
    group: 'menu.group.plant',
    icon: <ApartmentOutlined />,
    roles: ['planner'],
    component: lazy(() => import('../pages/workshops/WorkshopsPage')),
  },
  {
    path: '/users',
    title: 'menu.users',
    group: 'menu.group.plant',
    icon: <TeamOutlined />,
    roles: [],
    component: lazy(() => import('../pages/users/UsersPage')),
  },
  {
    path: '/items',
    title: 'menu.items',
    group: 'menu.group.engineering',
    icon: <AppstoreOutlined />,
    roles: ['planner', 'storekeeper'],
    component: lazy(() => import('../pages/items/ItemsPage')),
  },
  {
    path: '/boms',
    title: 'menu.boms',
    group: 'menu.group.engineering',
    icon: <BranchesOutlined />,
    roles: ['planner', 'storekeeper'],
    component: lazy(() => import('../pages/boms/BomPage')),
  },
  {
    path: '/routings',
    title: 'menu.routings',
    group: 'menu.group.engineering',
    icon: <NodeIndexOutlined />,
    roles: ['planner'],
    component: lazy(() => import('../pages/routings/RoutingsPage')),
  },
  {
    path: '/work-orders',
    title: 'menu.workOrders',
    group: 'menu.group.production',
    icon: <ProfileOutlined />,
    roles: ['planner', 'storekeeper'],
    component: lazy(() => import('../pages/work-orders/WorkOrdersPage')),
  },
  {
    path: '/load',
    title: 'menu.load',
    group: 'menu.group.production',
    icon: <BarsOutlined />,
    roles: ['planner'],
    component: lazy(() => import('../pages/load/LoadPage')),
  },
  {
    path: '/team-comparison',
    title: 'menu.teams',
    group: 'menu.group.production',
    icon: <LineChartOutlined />,
    roles: ['planner'],
    component: lazy(() => import('../pages/team-comparison/TeamComparisonPage')),
  },
  {
    path: '/counts',
    title: 'menu.counts',
    group: 'menu.group.stock',
    icon: <AuditOutlined />,
    roles: ['storekeeper', 'approver', 'planner'],
    component: lazy(() => import('../pages/counts/CountsPage')),
  },
  {
    path: '/count-accuracy',
    title: 'menu.countAccuracy',
    group: 'menu.group.stock',
    icon: <BarChartOutlined />,
    roles: ['storekeeper', 'approver', 'planner'],
    component: lazy(() => import('../pages/counts/AccuracyPage')),
  },
  {
    path: '/transfers',
    title: 'menu.transfers',
    group: 'menu.group.stock',
    icon: <SwapOutlined />,
    roles: ['storekeeper', 'planner'],
    component: lazy(() => import('../pages/transfers/TransfersPage')),
  },
  {
    path: '/sync',
    title: 'menu.sync',
    group: 'menu.group.integration',
    icon: <CloudSyncOutlined />,
    roles: ['planner'],
    component: lazy(() => import('../pages/sync/SyncPage')),
  },
  {
    path: '/reconciliations',
    title: 'menu.reconciliations',
    group: 'menu.group.integration',
    icon: <DiffOutlined />,
    // A storekeeper sees the page with stock reconciliations only.
    roles: ['planner', 'storekeeper'],
    component: lazy(() => import('../pages/reconciliations/ReconciliationsPage')),
  },
  {
    path: '/alert-rules',
    title: 'menu.alertRules',
    group: 'menu.group.system',
    icon: <NotificationOutlined />,
    roles: [],
    component: lazy(() => import('../pages/alert-rules/AlertRulesPage')),
  },
  {
    path: '/checkup',
    title: 'menu.checkup',
    group: 'menu.group.system',
    icon: <MedicineBoxOutlined />,
    roles: [],
    component: lazy(() => import('../pages/checkup/CheckupPage')),
  },
];

export function pagesFor(roles: readonly Role[]): PageDef[] {
  if (roles.includes('admin')) return PAGES;
  return PAGES.filter((page) => page.roles.some((role) => roles.includes(role)));
}
