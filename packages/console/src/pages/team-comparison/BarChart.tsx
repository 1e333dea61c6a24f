import { useEffect, useRef } from 'react';
import type { BarOption } from './chart-option';

type Chart = { setOption(option: unknown, notMerge?: boolean): void; resize(): void; dispose(): void };

/** ECharts with bars only, fetched when a chart is first shown (not in the console's first load). */
const loadEcharts = () => import('./echarts-bars').then((m) => m.echarts);

export function BarChart({ option, height = 280 }: { option: BarOption; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart | null>(null);
  // The chart is made once (the library arrives later); it then shows the latest option.
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    let gone = false;
    let observer: ResizeObserver | undefined;
    void loadEcharts().then((echarts) => {
      if (gone || !box.current) return;
      chart.current = echarts.init(box.current, undefined, { renderer: 'canvas' }) as Chart;
      chart.current.setOption(latest.current, true);
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(box.current);
    });
    return () => {
      gone = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={box} className="tc-chart" data-testid="team-chart" style={{ height }} />;
}
