// One echarts chart in a div (SVG renderer: crisp at any zoom, its labels are text the browser tests
// read), resized with its box; a click on a data item (a bar, a point, a slice) calls onItem.
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;
export interface ChartItem {
  seriesIndex: number;
  dataIndex: number;
  name: string;
}

export function EChart({ option, onItem, height = 300, testId }: { option: ChartOption; onItem?: (item: ChartItem) => void; height?: number; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clicked = useRef(onItem);
  clicked.current = onItem;

  useEffect(() => {
    const el = box.current!;
    const instance = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (p) => clicked.current?.({ seriesIndex: p.seriesIndex ?? 0, dataIndex: p.dataIndex, name: String(p.name) }));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ animation: false, ...option }, { notMerge: true });
  }, [option]);

  return <div ref={box} style={{ width: '100%', height }} data-testid={testId} className={onItem ? 'chart-drillable' : undefined} />;
}
