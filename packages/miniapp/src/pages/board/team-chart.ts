// Loaded by import() in the H5 build only: ECharts never joins the app's first load.
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type TeamBar, teamChartOption } from './team-efficiency';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** Draws the bars into `el`; the returned function redraws with new bars, `dispose` lets it go. */
export function mountTeamChart(el: HTMLElement) {
  const chart = echarts.init(el);
  const resize = () => chart.resize();
  window.addEventListener('resize', resize);
  return {
    draw: (bars: readonly TeamBar[]) => chart.setOption(teamChartOption(bars), true),
    dispose: () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    },
  };
}
