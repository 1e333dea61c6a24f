import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  leastSquaresSlope,
  memoryVerdict,
  parseSamples,
  rssFloors,
  type Sample,
} from '../bench/memory-soak-stats.js';

const sampleAt = (minute: number, rss: number, heapUsed = 50): Sample => ({
  minute,
  rss,
  heapUsed,
  heapTotal: 100,
  external: 5,
  arrayBuffers: 1,
  cpu: minute,
  requests: minute * 100,
  load1: 1,
});

describe('memory soak figures', () => {
  it('gives the slope of a straight line in MiB per hour, whatever its offset and sampling', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -500, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.integer({ min: 2, max: 150 }),
        fc.double({ min: 0.1, max: 2, noNaN: true }),
        (perHour, offset, n, step) => {
          const samples = Array.from({ length: n }, (_, i) =>
            sampleAt(i * step, offset + (perHour * i * step) / 60),
          );
          expect(leastSquaresSlope(samples, 'rss')).toBeCloseTo(perHour, 6);
        },
      ),
    );
  });

  it('finds no slope in a band that only swings, and a floor per window', () => {
    // 60 min, a sample every 30 s, RSS swinging 300 ↔ 480 MiB: flat.
    const samples = Array.from({ length: 121 }, (_, i) => sampleAt(i / 2, i % 2 ? 480 : 300, 60));
    const verdict = memoryVerdict(samples, 60);
    expect(Math.abs(verdict.secondHalfSlope.rss)).toBeLessThan(5);
    expect(verdict.firstToLast.heapUsed).toBe(0);
    expect(verdict.floorSlope).toBe(0);
    expect(rssFloors(samples, 5).map((s) => s.rss)).toEqual(Array(13).fill(300));
  });

  it('sees a leak of 20 MiB an hour in the heap, the RSS and the first-vs-last windows', () => {
    const samples = Array.from({ length: 121 }, (_, i) => sampleAt(i / 2, 300 + i / 6, 60 + i / 6));
    const verdict = memoryVerdict(samples, 60);
    expect(verdict.secondHalfSlope.rss).toBeCloseTo(20, 6);
    expect(verdict.secondHalfSlope.heapUsed).toBeCloseTo(20, 6);
    // The windows' means are 50 minutes apart.
    expect(verdict.firstToLast.rss).toBeCloseTo(50 / 3, 6);
  });

  it('reads back the CSV the soak writes', () => {
    const csv =
      'minute,rss_mib,heap_used_mib,heap_total_mib,external_mib,array_buffers_mib,server_cpu_s,requests,load1\n0.00,218.73,44.21,84.93,5.10,0.16,1.37,1,11.81\n0.51,453.35,57.45,151.60,9.06,4.28,6.35,527,12.68\n';
    expect(parseSamples(csv)).toEqual([
      {
        minute: 0,
        rss: 218.73,
        heapUsed: 44.21,
        heapTotal: 84.93,
        external: 5.1,
        arrayBuffers: 0.16,
        cpu: 1.37,
        requests: 1,
        load1: 11.81,
      },
      {
        minute: 0.51,
        rss: 453.35,
        heapUsed: 57.45,
        heapTotal: 151.6,
        external: 9.06,
        arrayBuffers: 4.28,
        cpu: 6.35,
        requests: 527,
        load1: 12.68,
      },
    ]);
  });
});
