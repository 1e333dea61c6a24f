import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Screen } from '../../components/Screen';
import { t } from '../../i18n/i18n';
import { useSession } from '../../services/services-context';
import { TransferForm } from './TransferForm';
import { MyTransfers, WaitingTransfers } from './TransferLists';
import { mayTransfer } from './transfer-model';
import '../report/report.css';
import '../counts/counts.css';
import './transfers.css';

type Tab = 'new' | 'mine' | 'waiting';
const TABS: Tab[] = ['new', 'mine', 'waiting'];

/** 调拨: a new transfer by scanning, my transfers, and those waiting for me as the receiving storekeeper (`?tab=`). */
export default function TransfersPage() {
  const { params } = useRouter();
  return (
    <Screen>
      <Transfers askedTab={params.tab} />
    </Screen>
  );
}

/** Inside <Screen>: the session is known only there. */
function Transfers({ askedTab }: { askedTab?: string }) {
  const user = useSession()?.user;
  const tabs = mayTransfer(user) ? TABS : (['waiting'] as Tab[]);
  const asked = TABS.find((tab) => tab === askedTab);
  const [tab, setTab] = useState<Tab>(asked && tabs.includes(asked) ? asked : tabs[0]!);
  return (
    <View className="sf-counts">
      {tabs.length > 1 ? (
        <View className="sf-counts-tabs">
          {tabs.map((name) => (
            <Text
              key={name}
              id={`transfer-tab-${name}`}
              className={`sf-counts-tab${tab === name ? ' is-on' : ''}`}
              onClick={() => setTab(name)}
            >
              {t(`transfers.tab.${name}`)}
            </Text>
          ))}
        </View>
      ) : null}
      {tab === 'new' ? <TransferForm onDone={() => undefined} /> : null}
      {tab === 'mine' ? <MyTransfers /> : null}
      {tab === 'waiting' ? <WaitingTransfers /> : null}
    </View>
  );
}
