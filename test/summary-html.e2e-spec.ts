import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createTestApp, TestApp } from './app';
import { insertSummaryFixture, SummaryFixture } from './fixtures/summary-fixture';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The HTML summary as a person sees it: rendered by headless Chromium, screenshot kept as an artifact. */
describe('Mission summary HTML page in a browser (e2e)', () => {
  let t: TestApp;
  let f: SummaryFixture;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    f = await insertSummaryFixture(t.dataSource);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
  });
  afterAll(async () => {
    await t.close();
  });

  it('renders with no console error or failed request, with the three charts and the map', async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    try {
      const context = await browser.newContext({
        viewport: { width: 1100, height: 900 },
        extraHTTPHeaders: { Authorization: `Bearer ${(t as { adminToken?: string }).adminToken ?? ''}` },
      });
      const page = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (msg) => msg.type() === 'error' && problems.push(`console: ${msg.text()}`));
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('requestfailed', (req) => problems.push(`failed request: ${req.url()}`));
      page.on('request', (req) => requests.push(req.url()));

      const response = await page.goto(`${baseUrl}/api/v1/missions/${f.missionId}/summary?format=html`);
      expect(response?.status()).toBe(200);
      await page.waitForLoadState('load');

      for (const id of ['chart-negative-share', 'chart-coverage-region', 'chart-incidents-category', 'map-stations']) {
        const svg = page.getByTestId(id);
        await expect(svg.count()).resolves.toBe(1);
        expect(await svg.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
        const box = await svg.boundingBox();
        expect(box!.width).toBeGreaterThan(100);
        expect(box!.height).toBeGreaterThan(40);
      }
      await expect(page.locator('[data-testid="chart-negative-share"] rect').count()).resolves.toBe(3);
      await expect(page.locator('[data-testid="map-observed"] circle').count()).resolves.toBe(6);
      expect(await page.title()).toBe('Mission summary: Fixture <Mission> & Co');

      const dir = join(__dirname, 'artifacts');
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, 'summary.png'), fullPage: true });
      await page.emulateMedia({ media: 'print' });
      await page.pdf({ path: join(dir, 'summary.pdf') });

      expect(problems).toEqual([]);
      // Only the page itself: no stylesheet, font, image or script fetched from anywhere.
      expect(requests).toEqual([`${baseUrl}/api/v1/missions/${f.missionId}/summary?format=html`]);
    } finally {
      await browser.close();
    }
  });
});
