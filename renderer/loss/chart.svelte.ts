// The loss curve on a canvas: Chart.js attached with {@attach}. The chart is made once; nested
// effects push new points (already decimated, see history.ts), the scale and the theme colours.
import {
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type Scale,
  type Tick,
} from 'chart.js';
import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import { formatValue } from '../training/format';
import type { LossView } from './history';
import { tickLabels } from '../results/axis-ticks';
import { logTickLabels } from './ticks';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  Tooltip,
  Legend,
);

export type LossScale = 'linear' | 'logarithmic';

export interface LossChartSource {
  readonly view: LossView;
  readonly scale: LossScale;
}

type LossChart = Chart<'line', { x: number; y: number }[]>;
/** A line dataset's dash, which the legend's callback sees only as any chart's dataset. */
type LineDash = { borderDash?: number[] };

/** The chart's colours, read from app.css in the theme the page is in (--train, --validation). */
function colours(element: Element) {
  const css = getComputedStyle(element);
  const get = (name: string) => css.getPropertyValue(name).trim();
  return {
    train: get('--train'),
    validation: get('--validation'),
    text: get('--muted'),
    grid: get('--border'),
  };
}

function configuration(
  canvas: HTMLCanvasElement,
  source: LossChartSource,
): ChartConfiguration<'line', { x: number; y: number }[]> {
  const c = colours(canvas);
  const line = { borderWidth: 1.5, pointRadius: 0, pointHoverRadius: 3, tension: 0 };
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'Train loss',
          data: source.view.train,
          borderColor: c.train,
          backgroundColor: c.train,
          ...line,
        },
        {
          label: 'Validation loss',
          data: source.view.validation,
          borderColor: c.validation,
          backgroundColor: c.validation,
          ...line,
          // dashed as well as its own hue: the two lines differ in print and in grey
          borderDash: [6, 3],
        },
      ],
    },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          // epochs are never negative: a lone epoch 0 (a run that diverged at once) is not
          // drawn in the middle of an axis from -1 to 1
          min: 0,
          title: { display: true, text: 'Epoch', color: c.text },
          ticks: { color: c.text, precision: 0 },
          grid: { color: c.grid },
        },
        y: {
          type: source.scale,
          title: { display: true, text: 'Loss', color: c.text },
          ticks: { color: c.text, callback: lossTick },
          grid: { color: c.grid },
        },
      },
      plugins: {
        legend: {
          labels: {
            color: c.text,
            // each entry a short line as its curve is drawn, the validation one dashed
            usePointStyle: true,
            pointStyle: 'line',
            pointStyleWidth: 28,
            // With point styles Chart.js takes a point's style, which has no dash: the line's.
            generateLabels: (chart) =>
              Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => {
                const dataset = chart.data.datasets[item.datasetIndex ?? 0] as LineDash;
                return {
                  ...item,
                  lineDash: dataset.borderDash,
                  lineWidth: line.borderWidth,
                };
              }),
            // A line without points has no entry: no validation split, no "Validation loss".
            filter: (item, data) =>
              item.datasetIndex === undefined || data.datasets[item.datasetIndex].data.length > 0,
          },
        },
        tooltip: {
          callbacks: {
            // written as the status line and the axis write it: "Epoch 14,751"
            title: (items) => `Epoch ${items[0]?.parsed.x?.toLocaleString('en-US') ?? ''}`,
            label: (item) => `${item.dataset.label}: ${formatValue(item.parsed.y)}`,
          },
        },
      },
    },
  };
}

/**
 * Points are not drawn (the line is the curve), except a line's only point: after the first
 * epoch, or one Step, there is no line yet, and the chart would look empty. A plain number, not
 * a scriptable option: Chart.js would resolve that for each of thousands of points on every
 * update.
 */
function pointRadius(data: readonly unknown[]): number {
  return data.length === 1 ? 3 : 0;
}

/** An axis's labels, worked out once for each list of ticks (the callback runs per tick). */
const tickLabelsOf = new WeakMap<readonly Tick[], string[]>();

/**
 * Tick labels: on a linear scale all of them, as the status line writes numbers but with as many
 * digits as tell them apart (a loss on a plateau, moving by 1e-6); chosen ones on a log scale
 * (see ticks.ts).
 */
function lossTick(this: Scale, _value: number | string, index: number, ticks: Tick[]): string {
  let labels = tickLabelsOf.get(ticks);
  if (!labels) {
    const values = ticks.map((t) => t.value);
    labels = this.type === 'logarithmic' ? logTickLabels(values) : tickLabels(values);
    tickLabelsOf.set(ticks, labels);
  }
  return labels[index] ?? '';
}

function recolour(chart: LossChart, canvas: HTMLCanvasElement): void {
  const c = colours(canvas);
  const [train, validation] = chart.data.datasets;
  train.borderColor = train.backgroundColor = c.train;
  validation.borderColor = validation.backgroundColor = c.validation;
  for (const axis of ['x', 'y'] as const) {
    const scale = chart.options.scales![axis]!;
    scale.ticks!.color = c.text;
    scale.grid!.color = c.grid;
    (scale as { title: { color: string } }).title.color = c.text;
  }
  chart.options.plugins!.legend!.labels!.color = c.text;
}

export function lossChart(source: LossChartSource): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const chart: LossChart = untrack(() => new Chart(canvas, configuration(canvas, source)));

    $effect(() => {
      const { train, validation } = source.view;
      const [trainLine, validationLine] = chart.data.datasets;
      const radius = [pointRadius(train), pointRadius(validation)];
      // Chart.js keeps the points' shared options as they were in an update('none').
      const restyle =
        trainLine.pointRadius !== radius[0] || validationLine.pointRadius !== radius[1];
      trainLine.data = train;
      trainLine.pointRadius = radius[0];
      validationLine.data = validation;
      validationLine.pointRadius = radius[1];
      chart.update(restyle ? undefined : 'none');
    });

    $effect(() => {
      const scale = source.scale;
      chart.options.scales!.y!.type = scale;
      chart.update('none');
    });

    // Light and dark follow the system, and so does the chart.
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    const onScheme = () => {
      recolour(chart, canvas);
      chart.update(); // not 'none', which would keep the points' old (hover) colours
    };
    scheme.addEventListener('change', onScheme);

    return () => {
      scheme.removeEventListener('change', onScheme);
      chart.destroy();
    };
  };
}
