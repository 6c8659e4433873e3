import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page, Response } from 'playwright-core';
import { ALBANIA_2017_STATIONS } from '../src/seed/sample-files';
import { createTestApp, TestApp } from './app';
import { missionBody } from './factories/mission.factory';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const ARTIFACTS = join(__dirname, 'artifacts', 'console');

/**
 * The browser console against the real app: one Chromium for the whole file (CI has 2 cores),
 * a fresh browser context per person so their sessionStorage and localStorage are their own.
 */
describe('Coordinator console in a browser (e2e)', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let missionId: number;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    return { context, page };
  }

  /** Signs in and waits for the first page; the console asks /me, so nothing it requests is refused. */
  async function signIn(page: Page, token: string): Promise<void> {
    const refused: string[] = [];
    const onResponse = (res: Response) => {
      if (res.status() >= 400 && res.status() < 500)
        refused.push(`${res.status()} ${res.request().method()} ${res.url()}`);
    };
    page.on('response', onResponse);
    try {
      await page.goto(`${baseUrl}/#/missions`);
      await page.getByTestId('token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('sign-out').waitFor();
      await settled(page);
    } finally {
      page.off('response', onResponse);
    }
    expect(refused).toEqual([]);
  }

  /** The page as it is, in English and in Russian; back to English after. */
  async function shoot(page: Page, name: string): Promise<void> {
    await settled(page);
    await page.screenshot({ path: join(ARTIFACTS, `${name}.en.png`), fullPage: true });
    await page.getByTestId('language').selectOption('ru');
    await settled(page);
    await page.screenshot({ path: join(ARTIFACTS, `${name}.ru.png`), fullPage: true });
    await page.getByTestId('language').selectOption('en');
    await settled(page);
  }

  /** The page has rendered: main is no longer busy loading. */
  async function settled(page: Page): Promise<void> {
    await page.locator('main:not([aria-busy])').waitFor();
  }

  /** A state the page would lose on re-rendering in another language (a filled form): English only. */
  async function shootOnce(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.en.png`), fullPage: true });
  }

  async function go(page: Page, hash: string, heading: string | RegExp): Promise<void> {
    await page.goto(`${baseUrl}/#${hash}`);
    await page
      .getByRole('heading', { level: 1, name: heading })
      .waitFor({ timeout: 10000 })
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\npage shows: ${await page.locator('main').textContent()}`);
      });
  }

  it('serves the console at / with the API, docs and health still in place', async () => {
    const index = await t.anonymous().get('/').expect(200);
    expect(index.text).toContain('<script type="module" src="js/main.js">');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    await t
      .anonymous()
      .get('/js/main.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
    await t.anonymous().get('/i18n/ru.json').expect(200);
    await t.anonymous().get('/health').expect(200);
    await t.anonymous().get('/docs-json').expect(200);
    await t.anonymous().get('/api/v1/missions').expect(401);
    await t.anonymous().get('/no-such-file.js').expect(404);
  });

  it("plays a coordinator's day: mission, stations, observers, team, deployment, visit, incident offline, summary", async () => {
    const { context, page } = await newPage();
    try {
      // Missions are set up by the installation's admin; the coordinator runs them.
      await page.goto(`${baseUrl}/`);
      await page.getByTestId('sign-in').waitFor();
      await shoot(page, '01-sign-in');
      await signIn(page, t.adminToken);
      await page.getByTestId('new-mission').click();
      await page.getByTestId('mission-form').waitFor();
      await shoot(page, '02-mission-form');
      const form = page.getByTestId('mission-form');
      await form.getByLabel('Name', { exact: true }).fill('Albania 2017 parliamentary EOM');
      await form.getByLabel('Organization', { exact: true }).fill('Test Observers');
      await form.getByLabel('Host country', { exact: true }).fill('AL');
      await form.getByLabel('Election name', { exact: true }).fill('Parliamentary elections 2017');
      await form.getByLabel('Election day', { exact: true }).fill('2017-06-25');
      await form.getByLabel('Mission starts', { exact: true }).fill('2017-06-01');
      await form.getByLabel('Mission ends', { exact: true }).fill('2017-07-10');
      await form.getByLabel('Time zone', { exact: true }).fill('Europe/Tirane');
      await form.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/#\/m\/\d+$/);
      missionId = Number(page.url().match(/#\/m\/(\d+)/)![1]);
      const coordinator = await t.createUser('coordinator', { missionIds: [missionId], name: 'Day coordinator' });
      await page.getByTestId('sign-out').click();
      await page.getByTestId('sign-in').waitFor();
      expect(await page.evaluate(() => sessionStorage.getItem('eom.token'))).toBeNull();

      await signIn(page, coordinator.token);
      await expect(page.getByTestId('role').textContent()).resolves.toBe('Coordinator');
      await expect(page.getByTestId('new-mission').count()).resolves.toBe(0);
      await shoot(page, '03-missions');

      // Stations from the Albanian CEC file, its Albanian headers mapped to ours.
      await go(page, `/m/${missionId}/stations/import`, 'Import polling stations');
      await shoot(page, '04-stations-import');
      await page.getByTestId('import-file').setInputFiles(ALBANIA_2017_STATIONS);
      await page.getByTestId('import-preview').getByRole('table').waitFor();
      const mapping: Record<string, string> = {
        constituency: 'zaz',
        code: 'qvKod',
        name: 'vendndodhja',
        address: 'njesiaAdministrative',
        region: 'qarku',
        district: 'bashkia',
        registered_voters: 'zgjedhes',
      };
      for (const [ours, theirs] of Object.entries(mapping)) await page.getByTestId(`map-${ours}`).selectOption(theirs);
      await shootOnce(page, '04-stations-import-mapped');
      await page.getByTestId('import-send').click();
      await page
        .getByTestId('import-result')
        .getByText(/5,362 created/)
        .waitFor({ timeout: 60000 });
      const stations = await t.http().get(`/api/v1/missions/${missionId}/polling-stations?limit=1`).expect(200);
      expect(stations.body.total).toBe(5362);

      await go(page, `/m/${missionId}/stations?region=Shkoder`, 'Polling stations');
      await page.getByTestId('stations-table').waitFor();
      await shoot(page, '05-stations');

      // Two observers; the first try carries a bad e-mail, and the API's 400 shows beside the field.
      const observer = async (name: string, nationality: string, email: string) => {
        await go(page, `/m/${missionId}/observers/new`, 'Add observer');
        const f = page.getByTestId('observer-form');
        await f.getByLabel('Full name', { exact: true }).fill(name);
        await f.getByLabel('Nationality', { exact: true }).fill(nationality);
        await f.getByLabel('E-mail', { exact: true }).fill(email);
        await f.getByRole('button', { name: 'Save' }).click();
      };
      await observer('Anna Weber', 'DE', 'not-an-address');
      await page.getByText('email must be an e-mail address').waitFor();
      await expect(page.getByLabel('E-mail', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
      await shootOnce(page, '06-observer-form-error');
      await page.getByLabel('E-mail', { exact: true }).fill('anna.weber@example.org');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByTestId('observers-table').waitFor();
      await observer('Jean Dupont', 'FR', 'jean.dupont@example.org');
      await page.getByTestId('observers-table').getByText('Jean Dupont').waitFor();
      await shoot(page, '07-observers');

      await go(page, `/m/${missionId}/teams/new`, 'New team');
      await shoot(page, '08-team-form');
      const team = page.getByTestId('team-form');
      await team.getByLabel('Code', { exact: true }).fill('SHK-01');
      await team.getByLabel('Deployment area', { exact: true }).fill('Shkoder');
      await team.getByLabel(/Anna Weber/).check();
      await team.getByLabel(/Jean Dupont/).check();
      await team.getByRole('button', { name: 'Save' }).click();
      await page.getByTestId('teams-table').getByText('Anna Weber, Jean Dupont').waitFor();
      await shoot(page, '08-teams-list');

      // A deployment whose window has passed, then an overlapping one the API refuses.
      const station = (
        await t.http().get(`/api/v1/missions/${missionId}/polling-stations?q=Boric%20I%20Madh`).expect(200)
      ).body.items[0];
      const deploy = async () => {
        await go(page, `/m/${missionId}/deployments?stationQ=Boric%20I%20Madh`, 'Deployments');
        const f = page.getByTestId('deployment-form');
        await f.getByLabel('Team', { exact: true }).selectOption({ label: 'SHK-01' });
        await f.getByLabel('Polling station', { exact: true }).selectOption(String(station.id));
        await f.getByLabel('Opening', { exact: true }).check();
        // Typed in mission time, Europe/Tirane (UTC+02:00 in June), whatever the browser's zone.
        await f.getByLabel('Window starts', { exact: true }).fill('2017-06-25T07:00');
        await f.getByLabel('Window ends', { exact: true }).fill('2017-06-25T11:00');
        await f.getByRole('button', { name: 'Deploy' }).click();
      };
      await deploy();
      await page.getByTestId('deployments-table').getByText('SHK-01').waitFor();
      // Shown in mission time too (Tirane), whatever the browser's zone.
      await page.getByTestId('deployments-table').getByText('Jun 25, 2017, 07:00', { exact: true }).waitFor();
      await shoot(page, '09-deployments');
      await deploy();
      await page
        .getByRole('alert')
        .filter({ hasText: /Refused \(conflict\)/ })
        .waitFor();
      await shootOnce(page, '09-deployments-overlap');
      const deployments = await t.http().get(`/api/v1/missions/${missionId}/deployments`).expect(200);
      expect(deployments.body.total).toBe(1);
      expect(deployments.body.items[0]).toMatchObject({
        startsAt: '2017-06-25T05:00:00.000Z',
        endsAt: '2017-06-25T09:00:00.000Z',
      });

      await go(page, `/m/${missionId}`, 'Albania 2017 parliamentary EOM');
      await page
        .getByTestId('not-reported')
        .getByText(/SHK-01 at Boric I Madh.*: window ended Jun 25, 2017, 11:00$/)
        .waitFor();

      // A station visit with the opening checklist rendered from the mission's template.
      await go(
        page,
        `/m/${missionId}/events/new/station_visit?stationQ=Boric%20I%20Madh&stage=opening`,
        'Log a station visit',
      );
      await shoot(page, '10-visit-form');
      const visit = page.getByTestId('event-form-station_visit');
      await visit.getByLabel('Title', { exact: true }).fill('Opening at Boric I Madh');
      await visit.getByLabel('When', { exact: true }).fill('2017-06-25T07:30');
      await visit.getByLabel('Polling station', { exact: true }).selectOption(String(station.id));
      await visit.getByLabel('Overall assessment', { exact: true }).selectOption('good');
      await visit.getByLabel('Anna Weber', { exact: true }).check();
      const answers = visit.locator('select[name^="answers."]:has(option[value="yes"])');
      expect(await answers.count()).toBeGreaterThan(3);
      for (let i = 0; i < 3; i++) await answers.nth(i).selectOption('yes');
      await visit.getByRole('button', { name: 'Submit' }).click();
      await page.getByTestId('timeline').waitFor();
      const visits = await t.http().get(`/api/v1/missions/${missionId}/events?type=station_visit`).expect(200);
      expect(visits.body.items.map((e: { occurredAt: string }) => e.occurredAt)).toEqual(['2017-06-25T05:30:00.000Z']);

      // The incident's answer is lost on the way back: the server stored it, the browser saw the
      // network fail, kept it, and re-sends it with the same Idempotency-Key.
      let lost = 0;
      await page.route('**/api/v1/missions/*/events', async (route) => {
        if (route.request().method() === 'POST' && lost === 0) {
          lost++;
          await route.fetch();
          return route.abort('internetdisconnected');
        }
        return route.continue();
      });
      await go(page, `/m/${missionId}/events/new/incident?stationQ=Boric%20I%20Madh`, 'Report an incident');
      await shoot(page, '11-incident-form');
      const incident = page.getByTestId('event-form-incident');
      await incident.getByLabel('Title', { exact: true }).fill('Party activists inside the station');
      await incident.getByLabel('When', { exact: true }).fill('2017-06-25T08:10');
      await incident.getByLabel('Polling station', { exact: true }).selectOption(String(station.id));
      await incident.getByLabel('Category', { exact: true }).selectOption('unauthorized_persons');
      await incident.getByLabel('Severity', { exact: true }).selectOption('high');
      await incident.getByRole('button', { name: 'Submit' }).click();
      await page.getByTestId('queued').waitFor();
      await page.getByTestId('outbox-count').waitFor();
      expect(lost).toBe(1);
      expect(await page.evaluate(() => JSON.parse(localStorage.getItem('eom.outbox') ?? '[]').length)).toBe(1);
      await shootOnce(page, '11-incident-queued');
      await page.getByTestId('outbox-send').click();
      await page.getByTestId('outbox-sent').waitFor();
      const incidents = await t.http().get(`/api/v1/missions/${missionId}/events?type=incident`).expect(200);
      expect(incidents.body.total).toBe(1);
      await page.unroute('**/api/v1/missions/*/events');

      // Verification by the coordinator.
      const incidentId = incidents.body.items[0].id;
      await go(page, `/m/${missionId}/events`, 'Election events');
      await page.getByTestId(`incident-${incidentId}-verified`).click();
      await page.getByTestId(`incident-status-${incidentId}`).getByText('Verified').waitFor();
      await shoot(page, '12-events');

      await go(page, `/m/${missionId}`, 'Albania 2017 parliamentary EOM');
      await page.getByTestId('fig-stations').getByText('5,362').waitFor();
      await page.getByTestId('incidents-by-severity').getByText('High').waitFor();
      await page
        .getByTestId('not-reported')
        .getByText(/Every deployment/)
        .waitFor();
      await shoot(page, '13-dashboard');

      await go(page, `/m/${missionId}/summary`, 'Mission summary');
      const frame = page.frameLocator('[data-testid="summary-frame"]');
      await frame.locator('svg').first().waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-md').click()]);
      expect(download.suggestedFilename()).toBe(`mission-${missionId}-summary.md`);
      await shoot(page, '14-summary');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows an analyst the summary, no edit controls and no personal data; the API refuses edits anyway', async () => {
    const analyst = await t.createUser('analyst', { missionIds: [missionId], name: 'Desk analyst' });
    const { context, page } = await newPage();
    try {
      await signIn(page, analyst.token);
      await expect(page.getByTestId('role').textContent()).resolves.toBe('Analyst');
      await page.getByTestId('missions-table').waitFor();
      await expect(page.getByRole('link', { name: 'Edit' }).count()).resolves.toBe(0);
      await expect(page.getByTestId(`close-mission-${missionId}`).count()).resolves.toBe(0);

      await go(page, `/m/${missionId}/observers`, 'Observers');
      await page.getByTestId('observers-table').getByText('Anna Weber').waitFor();
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).not.toContain('anna.weber@example.org');
      expect(text).not.toContain('E-mail');
      await expect(page.getByTestId('new-observer').count()).resolves.toBe(0);
      await expect(page.getByRole('link', { name: 'Anna Weber' }).count()).resolves.toBe(0);
      await shoot(page, '15-analyst-observers');

      for (const [hash, heading] of [
        [`/m/${missionId}/teams`, 'Teams'],
        [`/m/${missionId}/stations`, 'Polling stations'],
        [`/m/${missionId}/deployments`, 'Deployments'],
        [`/m/${missionId}/events`, 'Election events'],
      ]) {
        await go(page, hash, heading);
        await expect(page.locator('main form[data-testid]').count()).resolves.toBe(0);
        await expect(
          page
            .locator('main')
            .getByRole('button', { name: /Verify|Cancel deployment|Import/ })
            .count(),
        ).resolves.toBe(0);
        await expect(
          page
            .locator('main a.button')
            .filter({ hasText: /New|Add|Import|Log|Report/ })
            .count(),
        ).resolves.toBe(0);
      }
      await go(page, `/m/${missionId}/summary`, 'Mission summary');
      await page.frameLocator('[data-testid="summary-frame"]').locator('svg').first().waitFor();
      await shoot(page, '16-analyst-summary');

      const observers = await t.as(analyst.token).get(`/api/v1/missions/${missionId}/observers`).expect(200);
      await t
        .as(analyst.token)
        .patch(`/api/v1/missions/${missionId}/observers/${observers.body.items[0].id}`)
        .send({ fullName: 'X' })
        .expect(403);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
  describe('accessibility (issue 7: labels on every field, keyboard alone, 200% zoom)', () => {
    /** The day's mission when the coordinator test ran; a mission of its own otherwise. */
    async function a11yMission(): Promise<number> {
      if (missionId) return missionId;
      missionId = (await t.http().post('/api/v1/missions').send(missionBody()).expect(201)).body.id;
      return missionId;
    }

    interface Focus {
      tag: string;
      testId: string | null;
      id: string;
      href: string | null;
      text: string;
      indicator: boolean;
    }

    /** What has focus, and whether a sighted keyboard user can see it (an outline or a ring). */
    /**
     * Where focus is once a new page has settled on its heading: a render the app starts right
     * after another (a second hashchange) blurs the heading for a moment, so give it up to 5 s to
     * come back before reading; the assertion after still fails if it never lands there.
     */
    async function focusedAfterNavigation(page: Page): Promise<Focus> {
      await page
        .waitForFunction(() => document.activeElement?.tagName === 'H1', null, { timeout: 5000 })
        .catch(() => undefined);
      return focused(page);
    }

    async function focused(page: Page): Promise<Focus> {
      return page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        return {
          tag: el.tagName.toLowerCase(),
          testId: el.dataset.testid ?? null,
          id: el.id,
          href: el.getAttribute('href'),
          text: (el.textContent ?? '').trim().slice(0, 60),
          indicator: outline || style.boxShadow !== 'none',
        };
      });
    }

    const describeFocus = (f: Focus) =>
      `<${f.tag}${f.testId ? ` data-testid=${f.testId}` : ''}${f.href ? ` href=${f.href}` : ''}> ${f.text}`;

    /**
     * Presses `key` until `wanted` has focus; every element passed on the way must show its focus.
     * Fails naming the path taken when `wanted` is not reached.
     */
    async function keyTo(
      page: Page,
      key: 'Tab' | 'Shift+Tab',
      wanted: (f: Focus) => boolean,
      max = 40,
    ): Promise<Focus> {
      const path: string[] = [];
      for (let i = 0; i < max; i++) {
        await page.keyboard.press(key);
        const f = await focused(page);
        path.push(describeFocus(f));
        if (f.tag !== 'body' && !f.indicator) throw new Error(`focus not visible on ${describeFocus(f)}`);
        if (wanted(f)) return f;
      }
      throw new Error(`${key} never reached the element; focus went:\n${path.join('\n')}`);
    }

    it('is usable with the keyboard alone: sign in, open a mission, move through the navigation, sign out', async () => {
      const id = await a11yMission();
      const { context, page } = await newPage();
      try {
        await page.goto(`${baseUrl}/`);
        await page.getByTestId('sign-in').waitFor();
        // Backwards from the page's heading: the header, then the skip link, shown once focused.
        const skip = await keyTo(page, 'Shift+Tab', (f) => f.href === '#main');
        expect(skip.text).toBe('Skip to content');
        expect((await page.locator('#skip-link').boundingBox())!.x).toBeGreaterThanOrEqual(0);
        await keyTo(page, 'Tab', (f) => f.testId === 'token', 5);
        await page.keyboard.type(t.adminToken);
        await page.keyboard.press('Enter');
        await page.getByTestId('sign-out').waitFor();
        await settled(page);
        // Each new page moves focus to its heading, so a screen reader announces where one landed.
        await expect(focusedAfterNavigation(page)).resolves.toMatchObject({ tag: 'h1', text: 'Missions' });

        await keyTo(page, 'Tab', (f) => f.href === `#/m/${id}`);
        await page.keyboard.press('Enter');
        await page.waitForURL(new RegExp(`#/m/${id}$`));
        await settled(page);
        await expect(focusedAfterNavigation(page)).resolves.toMatchObject({ tag: 'h1', id: 'page-title' });

        const stationsLink = await keyTo(page, 'Shift+Tab', (f) => f.href === `#/m/${id}/stations`);
        expect(stationsLink.text).toBe('Stations');
        await page.keyboard.press('Enter');
        await page.getByRole('heading', { level: 1, name: 'Polling stations' }).waitFor();
        await settled(page);
        await expect(focusedAfterNavigation(page)).resolves.toMatchObject({ tag: 'h1', text: 'Polling stations' });
        await expect(page.locator('nav a[aria-current="page"]').textContent()).resolves.toBe('Stations');

        // A filter by keyboard: type in the search field, Enter applies it.
        await keyTo(page, 'Tab', (f) => f.tag === 'input');
        await page.keyboard.type('no such station');
        await page.keyboard.press('Enter');
        await page.waitForURL(/stations\?q=no\+such\+station$/);
        await settled(page);

        // The language picker with the arrow keys, then back.
        await keyTo(page, 'Shift+Tab', (f) => f.testId === 'language');
        await page.keyboard.press('ArrowDown');
        await page.getByRole('heading', { level: 1, name: 'Избирательные участки' }).waitFor();
        await keyTo(page, 'Shift+Tab', (f) => f.testId === 'language');
        await page.keyboard.press('ArrowUp');
        await page.getByRole('heading', { level: 1, name: 'Polling stations' }).waitFor();

        // Space presses a button as well as Enter does.
        await keyTo(page, 'Shift+Tab', (f) => f.testId === 'sign-out');
        await page.keyboard.press('Space');
        await page.getByTestId('sign-in').waitFor();
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it('gives every visible field of the main pages an accessible name', async () => {
      const id = await a11yMission();
      const { context, page } = await newPage();
      /** Fields with no name, by the DOM's rules: a label (for= or wrapping), aria-label or aria-labelledby. */
      const unnamed = () =>
        page.evaluate(() => {
          const missing: string[] = [];
          let checked = 0;
          for (const el of document.querySelectorAll<HTMLInputElement>('input, select, textarea')) {
            if (el.type === 'hidden') continue;
            const box = el.getBoundingClientRect();
            if (!box.width && !box.height) continue;
            checked++;
            const names: (string | null)[] = [...(el.labels ?? [])].map((l) => l.textContent);
            names.push(el.getAttribute('aria-label'));
            for (const ref of (el.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean))
              names.push(document.getElementById(ref)?.textContent ?? null);
            if (!names.some((n) => n?.trim())) missing.push(el.outerHTML.slice(0, 160));
          }
          return { checked, missing };
        });
      try {
        await signIn(page, t.adminToken);
        const pages: [string, string | RegExp][] = [
          ['/missions', 'Missions'],
          ['/missions/new', 'New mission'],
          [`/m/${id}/observers`, 'Observers'],
          [`/m/${id}/observers/new`, 'Add observer'],
          [`/m/${id}/teams/new`, 'New team'],
          [`/m/${id}/stations`, 'Polling stations'],
          [`/m/${id}/stations/import`, 'Import polling stations'],
          [`/m/${id}/deployments`, 'Deployments'],
          [`/m/${id}/events`, 'Election events'],
          [`/m/${id}/events/new/station_visit`, 'Log a station visit'],
          [`/m/${id}/events/new/incident`, 'Report an incident'],
          [`/m/${id}/events/new/meeting`, /meeting/i],
        ];
        const report: string[] = [];
        for (const [hash, heading] of pages) {
          await go(page, hash, heading);
          await settled(page);
          if (hash.endsWith('/import')) {
            // The column mapping appears once a file is chosen: its selects count too.
            await page.getByTestId('import-file').setInputFiles({
              name: 'stations.csv',
              mimeType: 'text/csv',
              buffer: Buffer.from('zaz,qvKod,vendndodhja\n1,1,School\n'),
            });
            await page.getByTestId('map-code').waitFor();
          }
          const { checked, missing } = await unnamed();
          if (!checked) report.push(`${hash}: no fields found`);
          for (const m of missing) report.push(`${hash}: ${m}`);
          // The same seen by Chromium's accessibility tree: no form control without a name.
          const tree = await page.locator('body').ariaSnapshot();
          for (const line of tree.split('\n'))
            if (
              /^\s*- (textbox|combobox|checkbox|spinbutton|searchbox|radio|listbox|button)\s*(\[[^\]]*\])?:?\s*$/.test(
                line,
              )
            )
              report.push(`${hash}: nameless in the accessibility tree: ${line.trim()}`);
        }
        expect(report).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it('reads at 200% zoom in both languages: no sideways scrolling, nothing cut off, the navigation within reach', async () => {
      const id = await a11yMission();
      // 200% zoom of a 1280x900 window: half the CSS pixels, each drawn twice as big.
      const context = await browser.newContext({
        viewport: { width: 640, height: 450 },
        deviceScaleFactor: 2,
        locale: 'en-GB',
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      /** Page wider than the window, or any element reaching past its right edge (tables scroll in their own region). */
      const overflow = () =>
        page.evaluate(() => {
          const root = document.documentElement;
          const width = root.clientWidth;
          const past: string[] = [];
          // A data table may be wider than the window (WCAG's reflow allows it) but only inside its
          // own scrolling region, which a keyboard user can focus and scroll.
          for (const wrap of document.querySelectorAll<HTMLElement>('.table-wrap'))
            if (
              wrap.scrollWidth > wrap.clientWidth &&
              (wrap.tabIndex !== 0 || !/auto|scroll/.test(getComputedStyle(wrap).overflowX))
            )
              past.push(`table region ${wrap.getAttribute('aria-label')} cannot be scrolled by keyboard`);
          for (const el of document.querySelectorAll<HTMLElement>('body *')) {
            if (el.closest('.table-wrap') || el.closest('option')) continue;
            const box = el.getBoundingClientRect();
            if (box.width && box.right > width + 1)
              past.push(`<${el.tagName.toLowerCase()} class="${el.className}"> right=${Math.round(box.right)}`);
          }
          return { scrollWidth: root.scrollWidth, clientWidth: width, past: past.slice(0, 5) };
        });
      const report: string[] = [];
      const check = async (name: string) => {
        await settled(page);
        const o = await overflow();
        if (o.scrollWidth > o.clientWidth + 1)
          report.push(`${name}: page ${o.scrollWidth}px wide in a ${o.clientWidth}px window`);
        for (const p of o.past) report.push(`${name}: ${p}`);
        const links = page.locator('header nav a');
        for (let i = 0; i < (await links.count()); i++) {
          const box = await links.nth(i).boundingBox();
          if (!box || box.x < 0 || box.x + box.width > o.clientWidth + 1)
            report.push(`${name}: navigation link ${await links.nth(i).textContent()} out of reach`);
        }
        await page.screenshot({ path: join(ARTIFACTS, `zoom200-${name}.png`), fullPage: true });
      };
      try {
        await page.goto(`${baseUrl}/`);
        await page.getByTestId('sign-in').waitFor();
        await check('sign-in.en');
        await signIn(page, t.adminToken);
        const pages: [string, string][] = [
          ['missions', '/missions'],
          ['mission-form', '/missions/new'],
          ['dashboard', `/m/${id}`],
          ['observers', `/m/${id}/observers`],
          ['stations', `/m/${id}/stations`],
          ['deployments', `/m/${id}/deployments`],
          ['events', `/m/${id}/events`],
          ['visit-form', `/m/${id}/events/new/station_visit`],
        ];
        for (const lang of ['en', 'ru']) {
          await page.getByTestId('language').selectOption(lang);
          await settled(page);
          for (const [name, hash] of pages) {
            await page.goto(`${baseUrl}/#${hash}`);
            await page.locator('main h1').first().waitFor();
            await check(`${name}.${lang}`);
          }
        }
        await page.getByTestId('language').selectOption('en');
        expect(report).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });
});
