// A dependency-free SVG chart of the scaling run: sagas per second (bars) and p95 saga latency
// (line) against the number of concurrent customers.
export interface ScalingPoint {
  customers: number;
  sagasPerSecond: number;
  p95SagaMs: number;
  p95CheckoutMs: number;
  errors: number;
}

export function scalingChart(points: ScalingPoint[], title: string): string {
  const W = 640,
    H = 360,
    L = 60,
    R = 60,
    T = 40,
    B = 50;
  const plotW = W - L - R,
    plotH = H - T - B;
  const maxRate = Math.max(1, ...points.map((p) => p.sagasPerSecond)) * 1.15;
  const maxP95 = Math.max(1, ...points.map((p) => p.p95SagaMs)) * 1.15;
  const slot = plotW / points.length;
  const x = (i: number) => L + slot * i + slot / 2;
  const yRate = (v: number) => T + plotH - (v / maxRate) * plotH;
  const yP95 = (v: number) => T + plotH - (v / maxP95) * plotH;
  const bars = points
    .map(
      (p, i) =>
        `<rect x="${x(i) - slot * 0.3}" y="${yRate(p.sagasPerSecond)}" width="${slot * 0.6}" height="${T + plotH - yRate(p.sagasPerSecond)}" fill="#4C78A8"/>` +
        `<text x="${x(i)}" y="${yRate(p.sagasPerSecond) - 6}" font-size="12" text-anchor="middle">${p.sagasPerSecond}/s</text>` +
        `<text x="${x(i)}" y="${H - B + 18}" font-size="12" text-anchor="middle">${p.customers}</text>`,
    )
    .join('');
  const line = points.map((p, i) => `${x(i)},${yP95(p.p95SagaMs)}`).join(' ');
  const dots = points
    .map(
      (p, i) =>
        `<circle cx="${x(i)}" cy="${yP95(p.p95SagaMs)}" r="4" fill="#E45756"/><text x="${x(i) + 8}" y="${yP95(p.p95SagaMs) + 4}" font-size="11" fill="#E45756">${p.p95SagaMs} ms</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${W / 2}" y="22" font-size="15" text-anchor="middle">${title}</text>
<line x1="${L}" y1="${T + plotH}" x2="${W - R}" y2="${T + plotH}" stroke="#333"/>
<line x1="${L}" y1="${T}" x2="${L}" y2="${T + plotH}" stroke="#333"/>
<line x1="${W - R}" y1="${T}" x2="${W - R}" y2="${T + plotH}" stroke="#333"/>
<text x="${W / 2}" y="${H - 12}" font-size="12" text-anchor="middle">concurrent customers</text>
<text x="16" y="${T + plotH / 2}" font-size="12" transform="rotate(-90 16 ${T + plotH / 2})" text-anchor="middle" fill="#4C78A8">sagas per second</text>
<text x="${W - 14}" y="${T + plotH / 2}" font-size="12" transform="rotate(90 ${W - 14} ${T + plotH / 2})" text-anchor="middle" fill="#E45756">p95 saga latency (ms)</text>
${bars}
<polyline points="${line}" fill="none" stroke="#E45756" stroke-width="2"/>
${dots}
</svg>
`;
}
