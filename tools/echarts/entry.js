// The ECharts the app uses, and nothing else: line, bar and scatter series on a
// cartesian grid, with legend, tooltip (and its axis pointer), mark lines and mark
// areas, drawn on canvas. Built into public/echarts.min.js by build.sh; window.echarts
// is the same API as the full build's (init, getInstanceByDom, …).
import * as core from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

core.use([
  BarChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export * from 'echarts/core';
