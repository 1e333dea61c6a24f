import * as engine from '@shopfloor/bom-engine';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod/mini';
import * as sdk from '../src/index.js';
import {
  Alert,
  AuthSession,
  Bom,
  BomDocument,
  BomImportResult,
  Explosion,
  ExplosionTree,
  Health,
  IsoDateTime,
  IssueRequest,
  Item,
  LotTrace,
  OperationReport,
  OperationReportInput,
  Page,
  StockBalance,
  StockMovement,
  WeComJsSignature,
  WhereUsed,
  WorkOrder,
  WorkOrderNo,
} from '../src/index.js';
import * as fixtures from './fixtures.js';

const exportedSchemas: [string, z.core.$ZodType][] = Object.entries(sdk).flatMap(
  ([name, value]: [string, unknown]) =>
    value instanceof z.core.$ZodType ? [[name, value] as [string, z.core.$ZodType]] : [],
);

describe('the domain model', () => {
  it('exports a few dozen schemas', () => {
    expect(exportedSchemas.length).toBeGreaterThan(60);
  });

  it.each(exportedSchemas)(
    'converts %s to JSON Schema for the OpenAPI document, as input and as output',
    (_, schema) => {
      for (const io of ['input', 'output'] as const) {
        const jsonSchema = z.toJSONSchema(schema, { io });
        expect(jsonSchema).toHaveProperty('$schema');
      }
    },
  );

  it('converts a page of work orders to JSON Schema', () => {
    expect(z.toJSONSchema(Page(WorkOrder))).toMatchObject({ properties: { items: { type: 'array' } } });
  });

  const samples: [string, z.ZodMiniType, unknown][] = [
    ['Item', Item, fixtures.leg],
    ['BomDocument', BomDocument, fixtures.bomDocument],
    ['Bom', Bom, fixtures.bom],
    ['BomImportResult', BomImportResult, fixtures.bomImportResult],
    ['Explosion', Explosion, fixtures.explosion],
    ['ExplosionTree', ExplosionTree, fixtures.explosionTree],
    ['WhereUsed', WhereUsed, fixtures.whereUsed],
    ['WorkOrder', WorkOrder, fixtures.workOrder('WO-1')],
    ['OperationReport', OperationReport, fixtures.operationReport],
    ['IssueRequest', IssueRequest, fixtures.issueRequest('IR-1', 'approved')],
    ['StockBalance', StockBalance, fixtures.balance],
    ['StockMovement', StockMovement, fixtures.movement],
    ['Alert', Alert, fixtures.alert],
    ['LotTrace', LotTrace, fixtures.lotTrace],
    ['AuthSession', AuthSession, fixtures.session],
    ['WeComJsSignature', WeComJsSignature, fixtures.jsSignature],
    ['Health', Health, fixtures.health],
  ];

  it.each(samples)(
    'parses a %s sample back to the same value after a trip through JSON',
    (_, schema, sample) => {
      expect(schema.parse(JSON.parse(JSON.stringify(sample)))).toEqual(sample);
    },
  );

  it('trims codes and rejects blank ones', () => {
    expect(Item.parse({ ...fixtures.leg, code: '  LEG ' }).code).toBe('LEG');
    expect(Item.safeParse({ ...fixtures.leg, code: '   ' }).success).toBe(false);
  });

  it('rejects dates that do not exist and date-times without an offset', () => {
    expect(WorkOrder.safeParse({ ...fixtures.workOrder('WO-1'), due: '2026-02-30' }).success).toBe(false);
    expect(IsoDateTime.safeParse('2026-07-01T08:00:00').success).toBe(false);
    expect(IsoDateTime.safeParse('2026-07-01T08:00:00+08:00').success).toBe(true);
    expect(IsoDateTime.safeParse('2026-07-01T00:00:00Z').success).toBe(true);
  });

  it('rejects a work-order number that could not be printed in an operation QR code', () => {
    expect(WorkOrderNo.safeParse('WO:1').success).toBe(false);
    expect(WorkOrderNo.safeParse('WO 1').success).toBe(false);
    expect(WorkOrderNo.safeParse('WO-2026-0001').success).toBe(true);
  });

  it('rejects a movement without the document that caused it', () => {
    const { sourceDocument: _, ...withoutSource } = fixtures.movement;
    expect(StockMovement.safeParse(withoutSource).success).toBe(false);
  });

  describe('an operation report body', () => {
    const report = { goodQty: 8, scrapQty: 0, deviceTime: '2026-07-10T09:30:00+08:00' };

    it('requires a scrap reason when it reports scrap', () => {
      const result = OperationReportInput.safeParse({ ...report, scrapQty: 2 });
      expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['scrapReason']);
    });

    it('requires some quantity', () => {
      expect(OperationReportInput.safeParse({ ...report, goodQty: 0 }).success).toBe(false);
    });

    it('refuses quantities finer than 6 decimal places, naming the field', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 1e14 }), (tenMillionths) => {
          fc.pre(tenMillionths % 10 !== 0);
          const result = OperationReportInput.safeParse({ ...report, goodQty: tenMillionths / 1e7 });
          expect(result.success).toBe(false);
          expect(result.error?.issues[0]?.path).toEqual(['goodQty']);
        }),
        { numRuns: 200 },
      );
      expect(OperationReportInput.safeParse({ ...report, goodQty: 0.1 + 0.2 }).success).toBe(true);
      // Large quantities keep the rule: the tolerance is float noise, not a share of the value.
      expect(OperationReportInput.safeParse({ ...report, goodQty: 500_000.1234567 }).success).toBe(false);
      expect(OperationReportInput.safeParse({ ...report, goodQty: 2_000_000.123456 }).success).toBe(true);
    });

    it('accepts any non-negative good and scrap quantities with a reason for the scrap', () => {
      // Quantities are exact to 6 places: whole millionths, up to a million.
      const quantity = fc.integer({ min: 0, max: 1e12 }).map((millionths) => millionths / 1e6);
      fc.assert(
        fc.property(quantity, quantity, (goodQty, scrapQty) => {
          fc.pre(goodQty + scrapQty > 0);
          const body = { ...report, goodQty, scrapQty, scrapReason: scrapQty > 0 ? '尺寸超差' : undefined };
          expect(OperationReportInput.safeParse(body).success).toBe(true);
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('the BOM file format', () => {
    it('has the shape the engine compiles', () => {
      expectTypeOf<BomDocument>().toExtend<engine.BomDocument>();
      expect(engine.compileBom(BomDocument.parse(fixtures.bomDocument)).hasItem('TUBE')).toBe(true);
    });

    it('is re-exported with the engine from the SDK', () => {
      expect(sdk.compileBom).toBe(engine.compileBom);
      expect(sdk.engine.BomError).toBe(sdk.BomError);
    });
  });
});
