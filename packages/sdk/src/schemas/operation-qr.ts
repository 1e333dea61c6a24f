import * as z from 'zod/mini';
import { ValidationError } from '../errors/validation-error.js';
import { named, OperationSeq, WorkOrderNo } from './common.js';
import { validate } from './validate.js';

const PREFIX = 'SF1:OP:';
const EXPECTED = 'expected SF1:OP:<work order>:<operation seq>';

/** The text of an operation's QR label: `SF1:OP:<workOrderNo>:<seq>`. */
export const OperationQr = named(
  z.string().check(
    z.regex(/^SF1:OP:[^\s:]{1,40}:[1-9]\d{0,4}$/, {
      error: 'expected SF1:OP:<work order>:<operation seq>, e.g. SF1:OP:WO-2026-0001:20',
    }),
  ),
  'OperationQr',
  'QR payload of a work-order operation: SF1:OP:<workOrderNo>:<seq>, e.g. SF1:OP:WO-2026-0001:20',
);
export type OperationQr = z.infer<typeof OperationQr>;

/** What an operation QR code names. */
export const OperationQrPayload = named(
  z.object({ workOrderNo: WorkOrderNo, seq: OperationSeq }),
  'OperationQrPayload',
);
export type OperationQrPayload = z.infer<typeof OperationQrPayload>;

/** The QR text printed on a work-order operation label. */
export function formatOperationQr(payload: OperationQrPayload): OperationQr {
  const { workOrderNo, seq } = validate(OperationQrPayload, payload, 'operation QR payload');
  return `${PREFIX}${workOrderNo}:${seq}`;
}

/**
 * Reads a scanned operation code. Throws a ValidationError whose message an operator can act on
 * when the text is another kind of code (a URL, a product barcode, a future format).
 */
export function parseOperationQr(text: string): OperationQrPayload {
  const scanned = typeof text === 'string' ? text.trim() : '';
  if (!scanned.startsWith(PREFIX)) {
    const version = /^SF(\d+):/.exec(scanned)?.[1];
    if (version !== undefined && version !== '1') {
      fail(
        `unsupported Shopfloor code version SF${version}: this app reads SF1 (update the app), got '${quote(scanned)}'`,
        'unsupported-version',
        scanned,
      );
    }
    if (version === '1')
      fail(
        `a Shopfloor code, but not of an operation: ${EXPECTED}, got '${quote(scanned)}'`,
        'not-operation',
        scanned,
      );
    fail(`not a Shopfloor operation code: ${EXPECTED}, got '${quote(scanned)}'`, 'not-shopfloor', scanned);
  }
  const rest = scanned.slice(PREFIX.length);
  const lastColon = rest.lastIndexOf(':');
  if (lastColon < 0)
    fail(`operation code without an operation seq: ${EXPECTED}, got '${quote(scanned)}'`, 'no-seq', scanned);
  const workOrderNo = WorkOrderNo.safeParse(rest.slice(0, lastColon));
  if (!workOrderNo.success || workOrderNo.data !== rest.slice(0, lastColon)) {
    fail(
      `operation code with an invalid work-order number: ${EXPECTED}, got '${quote(scanned)}'`,
      'bad-work-order',
      scanned,
    );
  }
  const seqText = rest.slice(lastColon + 1);
  const seq = /^[1-9]\d{0,4}$/.test(seqText) ? Number(seqText) : Number.NaN;
  if (!OperationSeq.safeParse(seq).success) {
    fail(
      `operation code with an invalid operation seq '${quote(seqText)}': expected a whole number from 1 to 99999`,
      'bad-seq',
      scanned,
    );
  }
  return { workOrderNo: workOrderNo.data, seq };
}

/**
 * The refusal with its problem code `operation-qr` and params `{ reason, scanned }`, so an app
 * words it in its reader's language; `message` stays the developer's sentence.
 */
function fail(message: string, reason: string, scanned: string): never {
  const errors = [{ path: 'qr', message }];
  throw new ValidationError(message, {
    errors,
    problem: {
      type: '/problems/operation-qr',
      title: 'Not an operation code',
      status: 400,
      detail: message,
      errors,
      params: { reason, scanned: quote(scanned) },
    },
  });
}

/** Long or multi-line scans would flood a toast: show the start, one line. */
function quote(value: string): string {
  const oneLine = value.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}
