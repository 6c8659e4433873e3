import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page, Request } from 'playwright-core';
import { createTestApp, TestApp } from './app';
import { createMission } from './factories/mission.factory';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const ARTIFACTS = join(__dirname, 'artifacts', 'console-mission-time');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/**
 * Issue 22, the console's side: a coordinator whose laptop is set to New York works on the sample
 * TURKPA mission to Azerbaijan (Asia/Baku, UTC+04:00 all year) and on a mission in New York, whose
 * clocks change during the mission. Times are read and typed in the mission's zone, the zone is
 * named on every mission page, and "my time" is a visible, per-tab choice.
 */
describe('Console in mission time (e2e)', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let turkpa: number;
  let meetingId: number;
  let newYork: number;
  let token: string;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The sample missions, as a new installation starts with them.
    t = await createTestApp({ SEED_SAMPLE: 'true' });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    const missions = await t.http().get('/api/v1/missions?q=TURKPA').expect(200);
    turkpa = missions.body.items.find((m: { organization: string }) => m.organization === 'TURKPA').id;
    const meetings = await t.http().get(`/api/v1/missions/${turkpa}/events?type=meeting`).expect(200);
    const meeting = meetings.body.items.find((e: { title: string }) => /Foreign Minister/.test(e.title));
    // The seed's 2024-02-06T11:00:00+04:00, answered in UTC.
    expect(meeting.occurredAt).toBe('2024-02-06T07:00:00.000Z');
    meetingId = meeting.id;
    newYork = await createMission(t, {
      name: 'New York test mission',
      hostCountry: 'US',
      timezone: 'America/New_York',
      electionDate: '2024-11-05',
      startDate: '2024-03-01',
      endDate: '2024-11-30',
    });
    token = (await t.createUser('coordinator', { missionIds: [turkpa, newYork], name: 'Coordinator in New York' }))
      .token;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A browser in New York: its own zone is UTC-05:00 in February, UTC-04:00 in summer. */
  async function newPage(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
    const phone = viewport.width < 500;
    const context = await browser.newContext({
      viewport,
      locale: 'en-GB',
      timezoneId: 'America/New_York',
      ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${baseUrl}/#/missions`);
    await page.getByTestId('token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('sign-out').waitFor();
    return { context, page };
  }

  async function settled(page: Page): Promise<void> {
    await page.locator('main:not([aria-busy])').waitFor();
  }

  /** Opens a page and waits for its heading; fails with what the page shows instead. */
  async function go(page: Page, hash: string, heading: string | RegExp): Promise<void> {
    const url = `${baseUrl}/#${hash}`;
    // Going to the URL already shown changes no hash, so nothing would render again: reload it.
    if (page.url() === url) await page.reload();
    else await page.goto(url);
    await settled(page);
    await page
      .getByRole('heading', { level: 1, name: heading })
      .waitFor({ timeout: 10000 })
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\npage shows: ${await page.locator('main').textContent()}`);
      });
  }

  /** Screenshot, and on a phone the page must not be wider than the screen. */
  async function shoot(page: Page, name: string): Promise<void> {
    await settled(page);
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect({ name, width: scrollWidth }).toEqual({ name, width: clientWidth });
  }

  async function language(page: Page, lang: 'en' | 'ru'): Promise<void> {
    await page.getByTestId('language').selectOption(lang);
    await settled(page);
  }

  const timeOf = (page: Page, eventId: number) => page.getByTestId(`event-${eventId}`).locator('time').textContent();

  it('(a) shows the meeting at 11:00 Baku time on a New York laptop, and names the zone', async () => {
    for (const [device, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const { context, page } = await newPage(viewport);
      try {
        await go(page, `/m/${turkpa}/events`, 'Election events');
        await expect(timeOf(page, meetingId)).resolves.toBe('Feb 6, 2024, 11:00');
        await expect(page.getByTestId('mission-time').textContent()).resolves.toBe('Times: Baku time, UTC+04:00');
        await expect(page.getByTestId('time-switch').textContent()).resolves.toBe('Show my time');
        await shoot(page, `events.${device}.en`);
        await language(page, 'ru');
        await expect(timeOf(page, meetingId)).resolves.toBe('6 февр. 2024 г., 11:00');
        await expect(page.getByTestId('mission-time').textContent()).resolves.toBe(
          'Время миссии: пояс Baku, UTC+04:00',
        );
        await shoot(page, `events.${device}.ru`);
        await language(page, 'en');

        // The dashboard's latest events too.
        await go(page, `/m/${turkpa}`, /TURKPA/);
        await page.getByTestId('latest-events').getByText('Feb 6, 2024, 11:00').waitFor();
        // No zone off mission pages: the missions list has no times.
        await go(page, '/missions', 'Missions');
        await expect(page.getByTestId('mission-time').count()).resolves.toBe(0);
        await expect(page.getByTestId('time-switch').count()).resolves.toBe(0);
      } finally {
        await context.close();
      }
    }
    expect(problems).toEqual([]);
  });

  it('(b) stores a station visit typed at 08:00 on election day as 04:00 UTC, saying so as it is typed', async () => {
    const { context, page } = await newPage();
    try {
      const station = (await t.http().get(`/api/v1/missions/${turkpa}/polling-stations?limit=1`).expect(200)).body
        .items[0];
      const open = async () => {
        await go(page, `/m/${turkpa}/events/new/station_visit`, /station visit|посещении/);
        return page.getByTestId('event-form-station_visit');
      };
      const hint = page.getByTestId('stored-as-occurredAt');

      // Russian first, for the screenshot: a language switch re-renders the form empty.
      await language(page, 'ru');
      let form = await open();
      await expect(hint.textContent()).resolves.toBe('Вводите время пояса Baku (UTC+04:00).');
      await form.getByLabel('Когда', { exact: true }).fill('2024-02-07T08:00');
      await expect(hint.textContent()).resolves.toBe(
        'Будет сохранено: 7 февр. 2024 г., 08:00, пояс Baku (UTC+04:00) = 04:00 UTC',
      );
      await shoot(page, 'visit-form.desktop.ru');
      await language(page, 'en');

      form = await open();
      await expect(hint.textContent()).resolves.toBe('Type the time in Baku time (UTC+04:00).');
      await form.getByLabel('Title', { exact: true }).fill('Opening observed in mission time');
      await form.getByLabel('When', { exact: true }).fill('2024-02-07T08:00');
      await expect(hint.textContent()).resolves.toBe('Stored as Feb 7, 2024, 08:00 Baku time (UTC+04:00) = 04:00 UTC');
      await form.getByLabel('Polling station', { exact: true }).selectOption(String(station.id));
      await form.getByLabel('Overall assessment', { exact: true }).selectOption('good');
      await shoot(page, 'visit-form.desktop.en');
      const [sent] = await Promise.all([
        page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/missions/${turkpa}/events`)),
        form.getByRole('button', { name: 'Submit' }).click(),
      ]);
      // Sent with the offset it was read at, whatever the browser's own zone.
      expect(JSON.parse(sent.postData() ?? '{}').occurredAt).toBe('2024-02-07T08:00:00+04:00');
      await page.getByTestId('timeline').waitFor();

      const visits = await t.http().get(`/api/v1/missions/${turkpa}/events?type=station_visit`).expect(200);
      const visit = visits.body.items.find((e: { title: string }) => e.title === 'Opening observed in mission time');
      expect(visit.occurredAt).toBe('2024-02-07T04:00:00.000Z');
      await expect(timeOf(page, visit.id)).resolves.toBe('Feb 7, 2024, 08:00');
    } finally {
      await context.close();
    }
    // The same form on a phone, in both languages, for the screenshots (and no sideways scrolling).
    const phone = await newPage(PHONE);
    try {
      for (const [lang, label] of [
        ['en', 'When'],
        ['ru', 'Когда'],
      ] as const) {
        await language(phone.page, lang);
        await go(phone.page, `/m/${turkpa}/events/new/meeting`, /meeting|встрече/);
        await phone.page.getByLabel(label, { exact: true }).fill('2024-02-07T08:00');
        await expect(phone.page.getByTestId('stored-as-occurredAt').textContent()).resolves.toContain('= 04:00 UTC');
        await shoot(phone.page, `meeting-form.phone.${lang}`);
      }
    } finally {
      await phone.context.close();
    }
    expect(problems).toEqual([]);
  });

  it('(c) switches to "my time" for this tab only: the meeting at 02:00 New York time, said in a badge', async () => {
    for (const [device, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const { context, page } = await newPage(viewport);
      try {
        await go(page, `/m/${turkpa}/events`, 'Election events');
        await expect(timeOf(page, meetingId)).resolves.toBe('Feb 6, 2024, 11:00');
        await page.locator('header').screenshot({ path: join(ARTIFACTS, `header-mission.${device}.en.png`) });
        await language(page, 'ru');
        await page.locator('header').screenshot({ path: join(ARTIFACTS, `header-mission.${device}.ru.png`) });
        await language(page, 'en');

        await page.getByTestId('time-switch').click();
        await page.getByTestId('my-time-badge').waitFor();
        await settled(page);
        await expect(page.getByTestId('my-time-badge').textContent()).resolves.toBe(
          'Showing your time: New York, UTC-05:00',
        );
        await expect(page.getByTestId('mission-time').count()).resolves.toBe(0);
        await expect(page.getByTestId('time-switch').textContent()).resolves.toBe('Back to mission time (Baku)');
        await expect(timeOf(page, meetingId)).resolves.toBe('Feb 6, 2024, 02:00');
        await page.locator('header').screenshot({ path: join(ARTIFACTS, `header-mine.${device}.en.png`) });
        await shoot(page, `events-mine.${device}.en`);
        await language(page, 'ru');
        await expect(page.getByTestId('my-time-badge').textContent()).resolves.toBe(
          'Показано ваше время: пояс New York, UTC-05:00',
        );
        await page.locator('header').screenshot({ path: join(ARTIFACTS, `header-mine.${device}.ru.png`) });
        await shoot(page, `events-mine.${device}.ru`);
        await language(page, 'en');

        // Remembered for the tab (sessionStorage), not for the browser (localStorage).
        expect(await page.evaluate(() => sessionStorage.getItem('eom.myTime'))).toBe('mine');
        expect(await page.evaluate(() => localStorage.getItem('eom.myTime'))).toBeNull();
        await page.reload();
        await page.getByTestId('my-time-badge').waitFor();

        // Typing in "my time" is in New York too: 02:00 on 6 February is 07:00 UTC.
        await go(page, `/m/${turkpa}/events/new/meeting`, 'Log a meeting');
        await page.getByLabel('When', { exact: true }).fill('2024-02-06T02:00');
        await expect(page.getByTestId('stored-as-occurredAt').textContent()).resolves.toBe(
          'Stored as Feb 6, 2024, 02:00 New York time (UTC-05:00) = 07:00 UTC',
        );

        // Back to mission time with the same control.
        await go(page, `/m/${turkpa}/events`, 'Election events');
        await page.getByTestId('time-switch').click();
        await page.getByTestId('mission-time').waitFor();
        await settled(page);
        await expect(timeOf(page, meetingId)).resolves.toBe('Feb 6, 2024, 11:00');
        expect(await page.evaluate(() => sessionStorage.getItem('eom.myTime'))).toBeNull();
      } finally {
        await context.close();
      }
    }
    expect(problems).toEqual([]);
  });

  describe('(d) day filters', () => {
    const titles = {
      before: 'Incident 2024-02-06 23:30 Baku',
      first: 'Incident 2024-02-07 00:30 Baku',
      last: 'Incident 2024-02-07 23:59 Baku',
      after: 'Incident 2024-02-08 00:01 Baku',
    };
    beforeAll(async () => {
      const at = {
        before: '2024-02-06T23:30:00+04:00',
        first: '2024-02-07T00:30:00+04:00',
        last: '2024-02-07T23:59:00+04:00',
        after: '2024-02-08T00:01:00+04:00',
      };
      for (const key of Object.keys(at) as (keyof typeof at)[]) {
        await t
          .http()
          .post(`/api/v1/missions/${turkpa}/events`)
          .send({ type: 'incident', title: titles[key], occurredAt: at[key], category: 'procedural', severity: 'low' })
          .expect(201);
      }
    });

    /** Applies the filter form's days (and waits for the page it leads to). */
    async function filterDays(page: Page, urlPart: string, from: string, to: string): Promise<Request> {
      const filters = page.getByRole('search');
      await filters.getByLabel('From (day)', { exact: true }).fill(from);
      await filters.getByLabel('To (day)', { exact: true }).fill(to);
      const [request] = await Promise.all([
        page.waitForRequest((r) => r.url().includes(urlPart)),
        filters.getByRole('button', { name: 'Apply' }).click(),
      ]);
      await settled(page);
      return request;
    }

    const incidentsFigure = (page: Page) =>
      page.frameLocator('[data-testid="summary-frame"]').locator('#incidents .figure b').first().textContent();

    const shownIncidents = async (page: Page) =>
      (await page.getByTestId('timeline').locator('li strong').allTextContents()).sort();

    it('in mission time, sends plain dates and counts the Baku day: 00:30 and 23:59 in, 23:30 before and 00:01 after out', async () => {
      const { context, page } = await newPage();
      try {
        await go(page, `/m/${turkpa}/summary`, 'Mission summary');
        await expect(incidentsFigure(page)).resolves.toBe('4');
        const request = await filterDays(page, '/summary?', '2024-02-07', '2024-02-07');
        const query = new URL(request.url()).searchParams;
        expect([query.get('from'), query.get('to'), query.get('format')]).toEqual(['2024-02-07', '2024-02-07', 'html']);
        await page
          .getByRole('heading', { level: 1, name: 'Mission summary' })
          .waitFor({ timeout: 5000 })
          .catch(async () => {
            throw new Error(`the filtered summary did not load: ${await page.locator('main').textContent()}`);
          });
        await expect(incidentsFigure(page)).resolves.toBe('2');
        // The downloads follow the filters.
        const [download] = await Promise.all([
          page.waitForRequest((r) => r.url().includes('format=csv')),
          page.getByTestId('download-csv').click(),
        ]);
        expect(new URL(download.url()).searchParams.get('from')).toBe('2024-02-07');
        await shoot(page, 'summary-filtered.desktop.en');

        await go(page, `/m/${turkpa}/events?type=incident`, 'Election events');
        await filterDays(page, '/events?', '2024-02-07', '2024-02-07');
        await expect(shownIncidents(page)).resolves.toEqual([titles.first, titles.last].sort());
      } finally {
        await context.close();
      }
      expect(problems).toEqual([]);
    });

    it('in "my time", sends the instants New York\'s 7 February begins and ends, and counts that day', async () => {
      const { context, page } = await newPage();
      try {
        await go(page, `/m/${turkpa}/events?type=incident`, 'Election events');
        await page.getByTestId('time-switch').click();
        await page.getByTestId('my-time-badge').waitFor();
        await settled(page);
        const request = await filterDays(page, '/events?', '2024-02-07', '2024-02-07');
        const query = new URL(request.url()).searchParams;
        // Midnight in New York (UTC-05:00) to one millisecond before the next.
        expect([query.get('from'), query.get('to')]).toEqual(['2024-02-07T05:00:00.000Z', '2024-02-08T04:59:59.999Z']);
        // 23:59 and 00:01 Baku are 14:59 and 15:01 on 7 February in New York; the other two, the 6th.
        await expect(shownIncidents(page)).resolves.toEqual([titles.last, titles.after].sort());

        await go(page, `/m/${turkpa}/summary`, 'Mission summary');
        const summary = await filterDays(page, '/summary?', '2024-02-07', '2024-02-07');
        expect(new URL(summary.url()).searchParams.get('to')).toBe('2024-02-08T04:59:59.999Z');
        await page.getByRole('heading', { level: 1, name: 'Mission summary' }).waitFor();
        await expect(incidentsFigure(page)).resolves.toBe('2');
      } finally {
        await context.close();
      }
      expect(problems).toEqual([]);
    });
  });

  it('(e) in New York, refuses 02:30 on the night the clocks skip it and takes the first 01:30 when they show it twice', async () => {
    const { context, page } = await newPage();
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.url());
    });
    try {
      await go(page, `/m/${newYork}/events/new/meeting`, 'Log a meeting');
      await expect(page.getByTestId('mission-time').textContent()).resolves.toBe('Times: New York time, UTC-05:00');
      const form = page.getByTestId('event-form-meeting');
      const when = form.getByLabel('When', { exact: true });
      const hint = page.getByTestId('stored-as-occurredAt');
      await form.getByLabel('Title', { exact: true }).fill('Meeting in the gap');
      await when.fill('2024-03-10T02:30');
      await expect(hint.textContent()).resolves.toBe(
        'Cannot be stored: Mar 10, 2024, 02:30 does not exist in New York time.',
      );
      await form.getByRole('button', { name: 'Submit' }).click();
      // The error beside the field, the one its aria-describedby points at.
      const errorId = `${await when.getAttribute('id')}-error`;
      expect((await when.getAttribute('aria-describedby'))?.split(' ')).toContain(errorId);
      await expect(page.locator(`#${errorId}`).textContent()).resolves.toBe(
        'Mar 10, 2024, 02:30 does not exist in New York time: the clocks go forward and skip it. Enter a time before or after the change.',
      );
      await expect(when.getAttribute('aria-invalid')).resolves.toBe('true');
      await shoot(page, 'gap-form.desktop.en');
      expect(posts).toEqual([]);
      expect(await page.evaluate(() => JSON.parse(localStorage.getItem('eom.outbox') ?? '[]').length)).toBe(0);

      await form.getByLabel('Title', { exact: true }).fill('Meeting at the first 01:30');
      await when.fill('2024-11-03T01:30');
      // The gap's error goes once another time is typed: the live line speaks for the new one.
      await expect(page.locator(`#${errorId}`).textContent()).resolves.toBe('');
      await expect(when.getAttribute('aria-invalid')).resolves.toBeNull();
      await expect(hint.textContent()).resolves.toBe(
        'Stored as Nov 3, 2024, 01:30 New York time (UTC-04:00) = 05:30 UTC ' +
          '01:30 happens twice in New York on this day (the clocks go back): the first one, UTC-04:00, is used.',
      );
      await shoot(page, 'ambiguous-form.desktop.en');
      await form.getByRole('button', { name: 'Submit' }).click();
      await page.getByTestId('timeline').waitFor();
      expect(posts).toHaveLength(1);

      const stored = await t.http().get(`/api/v1/missions/${newYork}/events`).expect(200);
      const first = stored.body.items.find((e: { title: string }) => e.title === 'Meeting at the first 01:30');
      expect(first.occurredAt).toBe('2024-11-03T05:30:00.000Z');
      expect(stored.body.items.map((e: { title: string }) => e.title)).not.toContain('Meeting in the gap');

      // The second 01:30 (standard time) beside it: the offset changes in this mission's period,
      // so every time carries its own and the two are told apart.
      const second = (
        await t
          .http()
          .post(`/api/v1/missions/${newYork}/events`)
          .send({ type: 'meeting', title: 'Meeting at the second 01:30', occurredAt: '2024-11-03T01:30:00-05:00' })
          .expect(201)
      ).body;
      await go(page, `/m/${newYork}/events`, 'Election events');
      await expect(page.getByText(/each time shows its own/).count()).resolves.toBe(1);
      await expect(timeOf(page, first.id)).resolves.toBe('Nov 3, 2024, 01:30 (UTC-04:00)');
      await expect(timeOf(page, second.id)).resolves.toBe('Nov 3, 2024, 01:30 (UTC-05:00)');
      await shoot(page, 'events-dst.desktop.en');
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  });
});
