// Charts of the staff figures (Chart.js, bundled by esbuild into /assets/js/console-figures.js by
// `npm run build:web`). The page carries each figure as a table (the accessible, no-script form)
// and as JSON; this draws a chart above each table.
import { Chart, BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

interface ChartSpec { id: string; type: 'bar' | 'line'; labels: string[]; series: { label: string; data: number[] }[] }

const COLORS = ['#0017c1', '#d16d00', '#197a4b', '#7a0010'];
const dataEl = document.getElementById('figures-data');
const specs: ChartSpec[] = dataEl ? JSON.parse(dataEl.textContent ?? '[]') : [];
for (const spec of specs) {
  const canvas = document.getElementById(`chart-${spec.id}`) as HTMLCanvasElement | null;
  if (!canvas) continue;
  new Chart(canvas, {
    type: spec.type,
    data: { labels: spec.labels, datasets: spec.series.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: COLORS[i % COLORS.length], borderColor: COLORS[i % COLORS.length] })) },
    options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: spec.series.length > 1 } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
}
document.documentElement.dataset.chartsDrawn = String(specs.length);
