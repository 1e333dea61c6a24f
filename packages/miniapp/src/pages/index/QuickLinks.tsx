import type { Role } from '@shopfloor/sdk';
import { Text, View } from '@tarojs/components';
import { type MessageKey, t } from '../../i18n/i18n';
import { navigate } from '../../navigate';
import type { RouteName } from '../../routes';

interface Link {
  route: RouteName;
  label: MessageKey;
  icon: string;
  roles: Role[];
}

// One glyph per tile: readable at arm's length, no icon font to load.
const LINKS: Link[] = [
  {
    route: 'issueRequests',
    label: 'home.link.issueRequests',
    icon: '料',
    roles: ['operator', 'planner', 'storekeeper', 'approver', 'admin'],
  },
  { route: 'counts', label: 'home.link.counts', icon: '盘', roles: ['storekeeper', 'approver', 'admin'] },
  {
    route: 'transfers',
    label: 'home.link.transfers',
    icon: '调',
    roles: ['storekeeper', 'planner', 'admin'],
  },
  { route: 'alerts', label: 'home.link.alerts', icon: '警', roles: ['storekeeper', 'planner', 'admin'] },
  {
    route: 'board',
    label: 'home.link.board',
    icon: '板',
    roles: ['operator', 'planner', 'admin', 'storekeeper'],
  },
  {
    route: 'trace',
    label: 'home.link.trace',
    icon: '溯',
    roles: ['operator', 'planner', 'storekeeper', 'approver', 'admin'],
  },
];

/** The other pages this person's roles use, as big tiles. */
export function QuickLinks({ roles }: { roles: readonly Role[] }) {
  const links = LINKS.filter((link) => link.roles.some((role) => roles.includes(role)));
  if (links.length === 0) return null;
  return (
    <View className="sf-tiles">
      {links.map((link) => (
        <View key={link.route} className="sf-tile" onClick={() => navigate(link.route)}>
          <Text className="sf-tile__icon">{link.icon}</Text>
          <Text className="sf-tile__label">{t(link.label)}</Text>
        </View>
      ))}
    </View>
  );
}
