import { PlatformError, parseOperationQr } from '@shopfloor/sdk';
import { Button, Text, View } from '@tarojs/components';
import { errorMessage } from '../../components/error-message';
import { roleLabel } from '../../components/SignIn';
import { useScanWedge } from '../../hooks/use-scan-wedge';
import { t } from '../../i18n/i18n';
import { navigate } from '../../navigate';
import { useServices, useSession } from '../../services/services-context';
import { CountApprovalsSection } from '../counts/CountApprovalsSection';
import { AlertsSection } from './AlertsSection';
import { ApprovalsSection } from './ApprovalsSection';
import { OperationsSection } from './OperationsSection';
import { QuickLinks } from './QuickLinks';

export function Home() {
  const session = useSession();
  const { session: store } = useServices();
  if (!session) return null;
  const { user } = session;
  const roles = new Set(user.roles);
  const seesAlerts = roles.has('storekeeper') || roles.has('planner') || roles.has('admin');
  return (
    <View className="sf-home">
      <View className="sf-hello">
        <View>
          <Text className="sf-hello__name">{t('home.greeting', { name: user.name })}</Text>
          <View className="sf-hello__roles">
            {user.roles.map((role) => (
              <Text key={role} className="sf-chip">
                {roleLabel(role)}
              </Text>
            ))}
          </View>
        </View>
        <Text className="sf-link" onClick={() => void store.clear()}>
          {t('common.logout')}
        </Text>
      </View>
      {roles.has('operator') ? <ScanButton /> : null}
      <QuickLinks roles={user.roles} />
      {roles.has('operator') ? <OperationsSection workshops={user.scopes?.workshops ?? []} /> : null}
      {roles.has('approver') || roles.has('storekeeper') ? <ApprovalsSection /> : null}
      {roles.has('approver') || roles.has('storekeeper') ? <CountApprovalsSection /> : null}
      {seesAlerts ? <AlertsSection /> : null}
    </View>
  );
}

/** The operator's main action, big enough for a gloved thumb. */
function ScanButton() {
  const { platform } = useServices();
  const open = (text: string) => {
    try {
      const { workOrderNo, seq } = parseOperationQr(text);
      if (!navigate('report', { workOrderNo, seq })) {
        platform.toast(t('home.scanned', { code: `${workOrderNo} · ${seq}` }), 'info');
      }
    } catch (error) {
      platform.toast(errorMessage(error), 'error');
    }
  };
  // A PDA's scanner types the code and Enter: the report opens without the tap.
  useScanWedge(open);
  const scan = async () => {
    try {
      const text = await platform.scan();
      const { workOrderNo, seq } = parseOperationQr(text);
      if (!navigate('report', { workOrderNo, seq })) {
        platform.toast(t('home.scanned', { code: `${workOrderNo} · ${seq}` }), 'info');
      }
    } catch (error) {
      if (error instanceof PlatformError && error.code === 'CANCELLED') return;
      platform.toast(errorMessage(error), 'error');
    }
  };
  return (
    <Button className="sf-button sf-button--scan" onClick={() => void scan()}>
      <Text className="sf-button__icon">扫</Text>
      <View className="sf-button__text">
        <Text className="sf-button__main">{t('home.scan')}</Text>
        <Text className="sf-button__sub">{t('home.scanHint')}</Text>
      </View>
    </Button>
  );
}
