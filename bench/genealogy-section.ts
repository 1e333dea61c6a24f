/** Section "Lot genealogy": renders bench/genealogy.ts (10k vs 10M edges) and its ≤ 3× trace goal. */
import type { GenealogyBenchCase, GenealogyBenchResult } from './genealogy.js';
import type { Timing } from './measure.js';
import {
  type BenchSection,
  formatBytes,
  formatCount,
  formatMs,
  formatRatio,
  type GoalCheck,
  mark,
  type SectionReport,
  table,
} from './report.js';

const TRACES = [
  ['traceBackward', 'traceBackward(finished lot)'],
  ['traceForward', 'traceForward(raw-material lot)'],
  ['recallImpact', 'recallImpact(raw-material lot)'],
] as const;

/** Reach may be an average over the start lots. */
const reach = (lots: number) => (Number.isInteger(lots) ? String(lots) : lots.toFixed(1));
const timingCell = (t: Timing) => `${formatMs(t.medianMs)} (p95 ${formatMs(t.p95Ms)})`;

function render(result: GenealogyBenchResult): SectionReport {
  const { small, large } = result;
  const row = (label: string, cell: (c: GenealogyBenchCase) => string, ratio = '') => [
    label,
    cell(small),
    cell(large),
    ratio,
  ];
  const goals: GoalCheck[] = TRACES.map(([key, label]) => ({
    goal: `${label}: 10M-edge vs 10k-edge genealogy`,
    target: `≤ ${result.goal}×`,
    measured: `${formatRatio(result.ratio[key])} (${formatMs(large[key].medianMs)} vs ${formatMs(small[key].medianMs)})`,
    pass: result.ratio[key] <= result.goal,
  }));
  const markdown = [
    table(
      ['', `${formatCount(small.edges)} edges`, `${formatCount(large.edges)} edges`, 'ratio'],
      [
        row('lots', (c) => formatCount(c.lots)),
        row('build (compileGenealogy)', (c) => formatMs(c.buildMs)),
        row('memory held by the compiled genealogy', (c) => formatBytes(c.graphBytes)),
        row('bytes per edge', (c) => c.bytesPerEdge.toFixed(1)),
        row('lot-code strings (input)', (c) => formatBytes(c.lotCodeBytes)),
        row('lots reached backward / forward', (c) => `${reach(c.backwardReach)} / ${reach(c.forwardReach)}`),
        ...TRACES.map(([key, label]) =>
          row(label, (c) => timingCell(c[key]), formatRatio(result.ratio[key])),
        ),
      ],
    ),
    '',
    'Generated and measured by `bench/genealogy.ts` (standalone: `node --expose-gc --import tsx bench/genealogy.ts`): ' +
      'lot families of raw → component → sub-assembly → finished → shipment lots, traces started from 256 lots spread over the whole genealogy.' +
      (result.gcExposed ? '' : ' Memory figures are approximate: run with --expose-gc.'),
  ].join('\n');
  const summary = goals.map((g) => `${mark(g.pass)} ${g.goal}: ${g.measured} (goal ${g.target})`);
  summary.push(
    `genealogy build: ${formatMs(small.buildMs)} (10k edges), ${formatMs(large.buildMs)} (10M edges, ${formatBytes(large.graphBytes)})`,
  );
  return { markdown, goals, summary };
}

export const genealogySection: BenchSection = {
  name: 'genealogy',
  title: 'Lot genealogy: build and trace at 10k and 10M edges',
  async run(log) {
    log('genealogy: 10k and 10M edges');
    const { benchGenealogy } = await import('./genealogy.js');
    return render(await benchGenealogy());
  },
};
