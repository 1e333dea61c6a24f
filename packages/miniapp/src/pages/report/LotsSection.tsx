import { NotFoundError, PlatformError, parseOperationQr } from '@shopfloor/sdk';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { errorMessage } from '../../components/error-message';
import { useScanWedge } from '../../hooks/use-scan-wedge';
import { t } from '../../i18n/i18n';
import { ROUTES } from '../../routes';
import { useServices } from '../../services/services-context';
import type { ReportDraft } from './report-model';

/**
 * Consumed lots (scanned, each becomes a genealogy edge) and the produced lot: optional, folded
 * away until the operator opens it, so the plain report stays one tap.
 */
export function LotsSection({
  draft,
  defaultQty,
  problem,
  onChange,
}: {
  draft: ReportDraft;
  defaultQty: number;
  problem?: string;
  onChange(draft: ReportDraft): void;
}) {
  const { client, platform } = useServices();
  const [open, setOpen] = useState(draft.consumedLots.length > 0 || draft.producedLot !== '');
  const [busy, setBusy] = useState(false);

  const addLot = async (code: string) => {
    try {
      if (draft.consumedLots.some((l) => l.lot === code)) {
        platform.toast(t('report.lotDuplicate', { lot: code }), 'info');
        return;
      }
      const lot = await client.lots.get(code);
      onChange({
        ...draft,
        consumedLots: [...draft.consumedLots, { lot: lot.code, item: lot.item, qty: defaultQty || 1 }],
      });
    } catch (error) {
      platform.toast(
        error instanceof NotFoundError ? t('report.lotUnknown', { lot: code }) : errorMessage(error),
        'error',
      );
    }
  };
  const scanLot = async () => {
    setBusy(true);
    try {
      await addLot((await platform.scan()).trim());
    } catch (error) {
      if (error instanceof PlatformError && error.code === 'CANCELLED') return;
      platform.toast(errorMessage(error), 'error');
    } finally {
      setBusy(false);
    }
  };
  // A PDA's scanner types the code and Enter: an operation label opens that operation (the next
  // one), anything else is a consumed lot.
  useScanWedge((code) => {
    if (code.startsWith('SF1:OP:')) {
      const { workOrderNo, seq } = parseOperationQr(code);
      void Taro.redirectTo({
        url: `/${ROUTES.report}?workOrderNo=${encodeURIComponent(workOrderNo)}&seq=${seq}`,
      });
      return;
    }
    setOpen(true);
    void addLot(code);
  });

  const setLotQty = (index: number, text: string) =>
    onChange({
      ...draft,
      consumedLots: draft.consumedLots.map((l, i) => (i === index ? { ...l, qty: Number(text) } : l)),
    });
  const removeLot = (index: number) =>
    onChange({ ...draft, consumedLots: draft.consumedLots.filter((_, i) => i !== index) });

  return (
    <View className="sf-report-lots">
      <View className="sf-report-lots__head" onClick={() => setOpen(!open)}>
        <Text className="sf-report-label">{t('report.lots')}</Text>
        <Text className="sf-report-lots__toggle">{open ? '▴' : '▾'}</Text>
      </View>
      {open ? (
        <View className="sf-report-lots__body">
          {draft.consumedLots.map((lot, index) => (
            <View key={lot.lot} className="sf-report-lot">
              <View className="sf-report-lot__main">
                <Text className="sf-report-lot__code">{lot.lot}</Text>
                <Text className="sf-report-lot__item">{lot.item}</Text>
              </View>
              <Input
                className="sf-input sf-report-lot__qty"
                type="digit"
                value={String(lot.qty)}
                placeholder={t('report.lotQty')}
                onInput={(event) => setLotQty(index, event.detail.value)}
              />
              <Text className="sf-link" onClick={() => removeLot(index)}>
                {t('report.removeLot')}
              </Text>
            </View>
          ))}
          {problem ? <Text className="sf-qty__problem">{problem}</Text> : null}
          <Button
            id="report-scan-lot"
            className="sf-button"
            disabled={busy || undefined}
            onClick={() => void scanLot()}
          >
            {t('report.scanLot')}
          </Button>
          <Text className="sf-report-label">{t('report.producedLot')}</Text>
          <Input
            id="report-produced-lot"
            className="sf-input"
            value={draft.producedLot}
            placeholder={t('report.producedLotPlaceholder')}
            onInput={(event) => onChange({ ...draft, producedLot: event.detail.value })}
          />
        </View>
      ) : null}
    </View>
  );
}
