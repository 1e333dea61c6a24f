import { type Item, PlatformError, randomUuid, type Transfer } from '@shopfloor/sdk';
import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../components/error-message';
import { useScanWedge } from '../../hooks/use-scan-wedge';
import { t } from '../../i18n/i18n';
import { uomLabel } from '../../i18n/uom';
import { useOnline, useServices } from '../../services/services-context';
import { QtyField } from '../report/QtyField';
import {
  checkTransferQty,
  nextStep,
  type TransferQtyProblem,
  type TransferScan,
  type TransferStep,
  takeScan,
  transferBody,
} from './transfer-model';
import { useTransfersApi } from './use-transfers-api';

/** What the from-shelf holds of the scanned item: its lots and the quantity on hand (of the lot, once scanned). */
interface Shelf {
  /** `from|item` it was read for: a shelf of an earlier scan is not this one. */
  of: string;
  lots: string[];
  onHand: (lot?: string) => number;
  item?: Item;
}

/**
 * 调拨 by scanning: the from-shelf, the part (its lot when kept by lot), the to-shelf, then the
 * quantity. Sent online with one Idempotency-Key per transfer, so a repeated tap moves nothing twice.
 */
export function TransferForm({ onDone }: { onDone(transfer: Transfer): void }) {
  const api = useTransfersApi();
  const { client, platform } = useServices();
  const online = useOnline();
  const [scan, setScan] = useState<TransferScan>({});
  const [shelfRead, setShelf] = useState<Shelf>();
  const [scanProblem, setScanProblem] = useState<string>();
  const [qtyText, setQtyText] = useState('');
  const [showProblems, setShowProblems] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const [done, setDone] = useState<Transfer>();
  const [key, setKey] = useState(randomUuid);

  // Once the shelf and the part are known, read what lies there: lots to ask for, a limit for the quantity.
  const { from, item } = scan;
  useEffect(() => {
    setShelf(undefined);
    if (!from || !item) return;
    let live = true;
    void Promise.all([
      client.stock.balancesPage({ item, limit: 200 }),
      client.items.get(item).catch((): Item | undefined => undefined),
    ])
      .then(([page, found]) => {
        if (!live) return;
        const here = page.items.filter((b) => b.location === from);
        setShelf({
          of: `${from}|${item}`,
          lots: [...new Set(here.flatMap((b) => (b.lot ? [b.lot] : [])))],
          onHand: (lot) => here.filter((b) => !lot || b.lot === lot).reduce((sum, b) => sum + b.qty, 0),
          item: found,
        });
      })
      .catch(() => live && setShelf({ of: `${from}|${item}`, lots: [], onHand: () => Number.NaN }));
    return () => {
      live = false;
    };
  }, [from, item, client]);

  const shelf = shelfRead?.of === `${from}|${item}` ? shelfRead : undefined;
  const lots = scan.from && scan.item ? shelf?.lots : undefined;
  const waitingForShelf = Boolean(scan.from && scan.item && !shelf);
  const step = nextStep(scan, lots);

  // A label scanned while the shelf is read waits for it: it may be a lot or the to-shelf.
  const [held, setHeld] = useState<string>();
  const onCode = (code: string) => {
    if (busy || done) return;
    if (waitingForShelf) return setHeld(code);
    const outcome = takeScan(scan, code, lots);
    if (outcome.ok) {
      setScan(outcome.scan);
      setScanProblem(undefined);
      setRefusal(undefined);
    } else {
      setScanProblem(
        t(`transfers.problem.${outcome.problem}`, { code: outcome.code, from: scan.from ?? '' }),
      );
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the shelf is known
  useEffect(() => {
    if (held === undefined || waitingForShelf) return;
    setHeld(undefined);
    onCode(held);
  }, [held, waitingForShelf]);
  // A scan gun types the label and Enter: each label is taken without a tap.
  useScanWedge(onCode);
  const scanByCamera = async () => {
    try {
      onCode(await platform.scan());
    } catch (error) {
      if (error instanceof PlatformError && error.code === 'CANCELLED') return;
      platform.toast(errorMessage(error), 'error');
    }
  };

  const onHandRaw = shelf && scan.item ? shelf.onHand(scan.lot) : undefined;
  const onHand = onHandRaw !== undefined && Number.isFinite(onHandRaw) ? onHandRaw : undefined;
  const precision = shelf?.item?.precision;
  const qty = checkTransferQty(qtyText, precision, onHand);
  const qtyProblem = typeof qty === 'number' ? undefined : qty;
  const shownProblem = qtyProblem && (showProblems || qtyProblem !== 'empty') ? qtyProblem : undefined;

  const submit = async () => {
    setShowProblems(true);
    if (busy || step !== undefined || typeof qty !== 'number' || !scan.from || !scan.item || !scan.to) return;
    if (!online) return setRefusal(t('transfers.offline'));
    setBusy(true);
    setRefusal(undefined);
    try {
      const transfer = await api.create(
        transferBody({ ...scan, from: scan.from, item: scan.item, to: scan.to }, qty),
        key,
      );
      setDone(transfer);
      onDone(transfer);
    } catch (error) {
      // Worded from the problem code (insufficient-stock, warehouse-out-of-scope…); the key stays for a retry.
      setRefusal(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const restart = () => {
    setScan({});
    setHeld(undefined);
    setQtyText('');
    setShowProblems(false);
    setScanProblem(undefined);
    setRefusal(undefined);
    setDone(undefined);
    setKey(randomUuid());
  };

  const steps: TransferStep[] =
    lots && lots.length > 0 ? ['from', 'item', 'lot', 'to'] : ['from', 'item', 'to'];
  return (
    <View className="sf-report sf-counts-form sf-transfer-form">
      <Button id="transfer-scan" className="sf-button sf-button--scan" onClick={() => void scanByCamera()}>
        <Text className="sf-button__icon">扫</Text>
        <View className="sf-button__text">
          <Text className="sf-button__main">
            {step ? `${t('transfers.step.next')} ${t(`transfers.step.${step}`)}` : t('transfers.scan')}
          </Text>
          <Text className="sf-button__sub">{t('transfers.scanHint')}</Text>
        </View>
      </Button>
      <View className="sf-counts-steps">
        {steps.map((s) => (
          <View key={s} id={`transfer-step-${s}`} className={`sf-counts-step${scan[s] ? ' is-done' : ''}`}>
            <Text className="sf-counts-step__mark">{scan[s] ? '✓' : '○'}</Text>
            <Text className="sf-counts-step__label sf-transfer-step__label">{t(`transfers.step.${s}`)}</Text>
            <Text className="sf-counts-step__code">{scan[s] ?? ''}</Text>
          </View>
        ))}
      </View>
      {scan.from && !done ? (
        <Text id="transfer-rescan" className="sf-link" onClick={restart}>
          {t('transfers.rescan')}
        </Text>
      ) : null}
      {scanProblem ? (
        <Text id="transfer-scan-problem" className="sf-notice sf-notice--error">
          {scanProblem}
        </Text>
      ) : null}
      {showProblems && step !== undefined ? (
        <Text id="transfer-scan-first" className="sf-notice sf-notice--error">
          {t('transfers.scanFirst')}
        </Text>
      ) : null}
      {onHand !== undefined && scan.from ? (
        <Text id="transfer-on-hand" className="sf-counts-meta">
          {t('transfers.onHand', { location: scan.from, qty: onHand })}
        </Text>
      ) : null}
      <QtyField
        id="transfer-qty"
        label={t('transfers.qty')}
        unit={uomLabel(shelf?.item?.uom)}
        value={qtyText}
        problem={shownProblem ? problemText(shownProblem, scan, precision, onHand) : undefined}
        onChange={(value) => !done && setQtyText(value)}
      />
      {refusal ? (
        <Text id="transfer-refusal" className="sf-notice sf-notice--error">
          {refusal}
        </Text>
      ) : null}
      {done ? (
        <View
          id="transfer-result"
          className={`sf-report-result is-${done.status === 'posted' ? 'sent' : 'pending'}`}
        >
          <Text className="sf-report-result__title">
            {done.status === 'posted'
              ? t('transfers.posted', { no: done.no })
              : t('transfers.pending', { no: done.no, warehouse: done.toWarehouse })}
          </Text>
          <Button id="transfer-another" className="sf-button" onClick={restart}>
            {t('transfers.another')}
          </Button>
        </View>
      ) : (
        <Button
          id="transfer-submit"
          className="sf-button sf-button--primary sf-report-submit"
          disabled={busy || undefined}
          onClick={() => void submit()}
        >
          {busy ? t('transfers.submitting') : t('transfers.submit')}
        </Button>
      )}
    </View>
  );
}

function problemText(
  problem: TransferQtyProblem,
  scan: TransferScan,
  precision?: number,
  onHand?: number,
): string {
  const item = scan.item ?? '';
  if (problem === 'tooFine')
    return precision
      ? t('transfers.qtyProblem.tooFine', { item, places: precision })
      : t('transfers.qtyProblem.tooFine0', { item });
  if (problem === 'moreThanOnHand')
    return t('transfers.qtyProblem.moreThanOnHand', { location: scan.from ?? '', qty: onHand ?? 0 });
  return t(`transfers.qtyProblem.${problem}`);
}
