import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { renderTimelineHtml } from '../../src/cli/render/timeline-html';
import { DEMO_SCENARIO } from '../../src/simulation/demo';
import { runSimulation } from '../../src/simulation/engine';
import { loadScenario } from '../../src/simulation/scenario';

// The HTML report rendered by a real browser (headless Chromium; Debian package `chromium`):
// the screenshot must show the charts, the DOM must hold the SVG, the eviction markers and the
// pod names.
const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find(
  (bin) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0,
);
const skip =
  chromium === undefined ? ' (skipped: no chromium on this machine; apt-get install chromium)' : '';

const timeline = (await runSimulation(loadScenario(DEMO_SCENARIO)._unsafeUnwrap()))._unsafeUnwrap();
const html = renderTimelineHtml(timeline, { title: 'evictkit demo' });
const work = mkdtempSync(join(tmpdir(), 'evictkit-html-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const page = join(work, 'demo.html');
writeFileSync(page, html);

function headless(...args: string[]) {
  const profile = mkdtempSync(join(work, 'profile-'));
  return spawnSync(
    chromium as string,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${profile}`,
      ...args,
      `file://${page}`,
    ],
    { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
}

/** Decode an 8-bit RGB(A) PNG: its size and a pixel reader. */
function decodePng(png: Buffer) {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let offset = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      colorType = data[9] as number;
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const channels = colorType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] as number;
      const a = x >= channels ? (pixels[y * stride + x - channels] as number) : 0;
      const b = y > 0 ? (pixels[(y - 1) * stride + x] as number) : 0;
      const c = x >= channels && y > 0 ? (pixels[(y - 1) * stride + x - channels] as number) : 0;
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + x] = (value + predicted) & 0xff;
    }
  }
  return {
    width,
    height,
    colors() {
      const seen = new Map<number, number>();
      for (let i = 0; i < pixels.length; i += channels) {
        const key =
          ((pixels[i] as number) << 16) |
          ((pixels[i + 1] as number) << 8) |
          (pixels[i + 2] as number);
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      return seen;
    },
  };
}

describe('the HTML report', () => {
  it('is self-contained: no script, no stylesheet link, no external URL', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(http/i);
    const urls = html.match(/https?:\/\/[^\s"')]+/g) ?? [];
    expect(urls.every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true);
  });

  it('has a chart per signal with thresholds, and a marker per eviction', () => {
    const signals = [...html.matchAll(/<figure class="chart" data-signal="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(signals).toEqual([
      'memory.available',
      'nodefs.available',
      'pid.available',
      'allocatableMemory.available',
    ]);
    const markers = [...html.matchAll(/<g class="eviction-marker" data-pod="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(markers).toEqual([
      'shop/web-frontend-6c9d4',
      'shop/cache-warmer-0',
      'logging/log-shipper-4fj7k',
    ]);
    expect(html).toContain('class="grace"');
    expect(html).toContain('class="held"');
  });

  it.skipIf(chromium === undefined)(
    `renders in headless Chromium: the screenshot shows the charts${skip}`,
    () => {
      const png = join(work, 'demo.png');
      const shot = headless(`--screenshot=${png}`, '--window-size=1100,1800');
      expect(shot.status, shot.stderr).toBe(0);
      const image = decodePng(readFileSync(png));
      expect([image.width, image.height]).toEqual([1100, 1800]);
      const colors = image.colors();
      // Not blank: many colours, and the chart's own colours on screen.
      expect(colors.size).toBeGreaterThan(200);
      const near = (r: number, g: number, b: number) =>
        [...colors]
          .filter(([key]) => {
            const dr = ((key >> 16) & 255) - r;
            const dg = ((key >> 8) & 255) - g;
            const db = (key & 255) - b;
            return dr * dr + dg * dg + db * db < 600;
          })
          .reduce((sum, [, count]) => sum + count, 0);
      expect(near(0x1d, 0x4e, 0xd8)).toBeGreaterThan(500); // the available line
      expect(near(0xb4, 0x23, 0x18)).toBeGreaterThan(300); // eviction markers
      expect(near(0xd9, 0x2d, 0x20) + near(0xdc, 0x68, 0x03)).toBeGreaterThan(300); // thresholds
    },
  );

  it.skipIf(chromium === undefined)(
    `renders in headless Chromium: the DOM has the SVG, the markers and the pods${skip}`,
    () => {
      const dump = headless('--dump-dom');
      expect(dump.status, dump.stderr).toBe(0);
      const dom = dump.stdout;
      expect(dom.match(/<svg /g)?.length).toBe(4);
      expect(dom.match(/class="eviction-marker"/g)?.length).toBe(3);
      for (const pod of [
        'web-frontend-6c9d4',
        'cache-warmer-0',
        'log-shipper-4fj7k',
        'nightly-export-29110',
        'kube-proxy-7xk2p',
      ]) {
        expect(dom).toContain(pod);
      }
      expect(dom).toContain('The node was low on resource: memory.');
    },
  );
});
