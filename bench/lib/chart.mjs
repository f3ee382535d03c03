// The latency chart of `npm run bench`: delta → DOM latency over the course of each answer (one
// panel per rate, target line at 50 ms), as SVG, rendered to PNG by headless Chromium.
import * as fs from 'node:fs';

const W = 1000;
const PANEL_H = 260;
const M = { left: 70, right: 20, top: 34, bottom: 40 };
const esc = (s) => String(s).replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]);

function niceMax(v) {
  const steps = [50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000];
  return steps.find((s) => s >= v) ?? Math.ceil(v / 1000) * 1000;
}

function panel(y0, { title, points, arrivalPoints = [], target, p95 }) {
  const w = W - M.left - M.right;
  const h = PANEL_H - M.top - M.bottom;
  const xs = points.map((p) => p[0] / 1000);
  const xMax = Math.max(1, ...xs);
  const ys = points.map((p) => p[1]).sort((a, b) => a - b);
  const yMax = niceMax(Math.max(target * 2, ys[Math.floor(ys.length * 0.995)] ?? 0));
  const X = (x) => M.left + (x / xMax) * w;
  const Y = (y) => y0 + M.top + h - (Math.min(y, yMax) / yMax) * h;
  const parts = [`<text x="${M.left}" y="${y0 + 20}" font-size="15" font-weight="600">${esc(title)}</text>`];
  for (let i = 0; i <= 5; i++) {
    const v = (yMax / 5) * i;
    parts.push(`<line x1="${M.left}" x2="${M.left + w}" y1="${Y(v)}" y2="${Y(v)}" stroke="#e5e5e5"/><text x="${M.left - 8}" y="${Y(v) + 4}" font-size="11" text-anchor="end">${v}</text>`);
  }
  for (let i = 0; i <= 5; i++) {
    const v = (xMax / 5) * i;
    parts.push(`<text x="${X(v)}" y="${y0 + M.top + h + 16}" font-size="11" text-anchor="middle">${v.toFixed(1)} s</text>`);
  }
  parts.push(`<text x="${M.left - 50}" y="${y0 + M.top + h / 2}" font-size="11" transform="rotate(-90 ${M.left - 50} ${y0 + M.top + h / 2})" text-anchor="middle">latency (ms)</text>`);
  // Thin the dots for very long runs (one per x pixel column at most 3).
  const dotsOf = (pts) => {
    const step = Math.max(1, Math.floor(pts.length / 3000));
    const dots = [];
    for (let i = 0; i < pts.length; i += step) dots.push(`<circle cx="${X(pts[i][0] / 1000).toFixed(1)}" cy="${Y(pts[i][1]).toFixed(1)}" r="1.4"/>`);
    return dots.join('');
  };
  // Grey: when the host's patch reached the webview; blue: when the text was in the DOM. A blue spike
  // over a grey one was lost before the webview; over a flat grey line, in the webview.
  if (arrivalPoints.length) parts.push(`<g fill="#8c959f" fill-opacity="0.5">${dotsOf(arrivalPoints)}</g>`);
  parts.push(`<g fill="#1f6feb" fill-opacity="0.55">${dotsOf(points)}</g>`);
  parts.push(`<line x1="${M.left}" x2="${M.left + w}" y1="${Y(target)}" y2="${Y(target)}" stroke="#d1242f" stroke-dasharray="6 4" stroke-width="1.5"/><text x="${M.left + w - 4}" y="${Y(target) - 5}" font-size="11" fill="#d1242f" text-anchor="end">target p95 ≤ ${target} ms</text>`);
  if (Number.isFinite(p95)) parts.push(`<line x1="${M.left}" x2="${M.left + w}" y1="${Y(p95)}" y2="${Y(p95)}" stroke="#8250df" stroke-dasharray="2 3"/><text x="${M.left + 4}" y="${Y(p95) - 5}" font-size="11" fill="#8250df">measured p95 ${p95.toFixed(0)} ms</text>`);
  parts.push(`<rect x="${M.left}" y="${y0 + M.top}" width="${w}" height="${h}" fill="none" stroke="#999"/>`);
  return parts.join('\n');
}

/** @param panels Array<{ title, points: [msSinceFirstDelta, latencyMs][], arrivalPoints?: same, target, p95 }> */
export function latencySvg(panels, caption) {
  const H = panels.length * PANEL_H + 44;
  // Two caption lines: split at the sentence nearest the middle.
  const cut = caption.indexOf('. ', Math.floor(caption.length / 2) - 40);
  const lines = cut > 0 ? [caption.slice(0, cut + 1), caption.slice(cut + 2)] : [caption];
  const body = panels.map((p, i) => panel(i * PANEL_H, p)).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="system-ui, sans-serif"><rect width="100%" height="100%" fill="white"/>${body}${lines.map((l, i) => `<text x="${M.left}" y="${H - 24 + i * 15}" font-size="11" fill="#555">${esc(l)}</text>`).join('')}</svg>`;
}

/** Renders an SVG file to PNG with headless Chromium (playwright-core). */
export async function svgToPng(svg, pngFile, chromiumPath) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const m = /width="(\d+)" height="(\d+)"/.exec(svg);
    const page = await browser.newPage({ viewport: { width: Number(m[1]), height: Number(m[2]) } });
    await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
    await page.screenshot({ path: pngFile });
  } finally {
    await browser.close();
  }
  return fs.statSync(pngFile).size;
}
