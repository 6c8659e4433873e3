import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page, Request } from 'playwright-core';
import { createTestApp, CreatedUser, TestApp } from './app';
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
const ARTIFACTS = join(__dirname, 'artifacts', 'console-review');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

interface Flag {
  checkId: number;
  name: string;
  severity: 'warning' | 'error';
}
interface QueueItem {
  event: { id: number; reviewState: string; flags: Flag[] };
  conflicts: number[];
}
interface Check {
  id: number;
  name: string;
  severity: string;
  condition: string;
}

/**
 * Issue 23, the console's side: the review queue. A coordinator works through the reports the
 * quality checks flag, compares two visits to one station that disagree, and decides by key; an
 * analyst reads the same queue without the decisions.
 */
describe('Console review queue (e2e)', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let m: number;
  let coordinator: CreatedUser;
  let analyst: CreatedUser;
  let commissionCheck: Check;
  /** The reports, by what they are for. */
  const ids = { fewMembers: 0, calmOpening: 0, goodVoting: 0, badVoting: 0 };
  const titles = {
    fewMembers: 'Opening with one commission member',
    calmOpening: 'Calm opening',
    goodVoting: 'Voting going well',
    badVoting: 'Voting under pressure',
  };
  const problems: string[] = [];
  const api = (path: string) => `/api/v1/missions/${m}${path}`;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    // Election day 2024-02-07 in Baku (UTC+04:00): opening 07:00-08:00, voting 08:00-20:00.
    m = await createMission(t, { name: 'Review queue mission' });
    coordinator = await t.createUser('coordinator', { missionIds: [m], name: 'Queue coordinator' });
    analyst = await t.createUser('analyst', { missionIds: [m], name: 'Queue analyst' });
    const station = async (code: string, name: string, region: string) =>
      (
        await t
          .http()
          .post(api('/polling-stations'))
          .send({ constituencyCode: '121', code, name, region, registeredVoters: 900 })
          .expect(201)
      ).body.id as number;
    const school = await station('0101', 'School No 5', 'Lachin');
    const library = await station('0102', 'Central library', 'Lachin');
    const club = await station('0201', 'Culture club', 'Shusha');

    // The default checks the mission starts with: one of them counts the commission at opening.
    const checks = (await t.as(coordinator.token).get(api('/quality-checks')).expect(200)).body.items as Check[];
    commissionCheck = checks.find((c) => /commission_members_present/.test(c.condition))!;
    expect(commissionCheck).toBeDefined();

    const visit = async (body: object) =>
      (
        await t
          .as(coordinator.token)
          .post(api('/events'))
          .send({ type: 'station_visit', ...body })
          .expect(201)
      ).body.id as number;
    ids.fewMembers = await visit({
      title: titles.fewMembers,
      occurredAt: '2024-02-07T07:20:00+04:00',
      pollingStationId: school,
      stage: 'opening',
      overallAssessment: 'bad',
      answers: { commission_members_present: 1, opened_on_time: 'yes' },
    });
    ids.calmOpening = await visit({
      title: titles.calmOpening,
      occurredAt: '2024-02-07T07:45:00+04:00',
      pollingStationId: club,
      stage: 'opening',
      overallAssessment: 'very_good',
      answers: { commission_members_present: 7, opened_on_time: 'yes' },
    });
    // Two teams at the library, an hour and a half apart, who saw opposite things: a conflict.
    ids.goodVoting = await visit({
      title: titles.goodVoting,
      occurredAt: '2024-02-07T10:00:00+04:00',
      pollingStationId: library,
      stage: 'voting',
      overallAssessment: 'good',
      votersVoted: 210,
      answers: { secrecy_ensured: 'yes', overcrowded: 'no', pressure_on_voters: 'no', voters_turned_away: 0 },
    });
    ids.badVoting = await visit({
      title: titles.badVoting,
      occurredAt: '2024-02-07T11:30:00+04:00',
      pollingStationId: library,
      stage: 'voting',
      overallAssessment: 'very_bad',
      votersVoted: 260,
      description: 'Two men by the ballot box watched every voter.',
      answers: { secrecy_ensured: 'no', overcrowded: 'no', pressure_on_voters: 'yes', voters_turned_away: 12 },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function newPage(token: string, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
    const phone = viewport.width < 500;
    const context = await browser.newContext({
      viewport,
      locale: 'en-GB',
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

  /** Opens the review page (with a query) and waits for the queue; fails with what the page shows instead. */
  async function openQueue(page: Page, query = ''): Promise<void> {
    const url = `${baseUrl}/#/m/${m}/review${query}`;
    if (page.url() === url) await page.reload();
    else await page.goto(url);
    await settled(page);
    await page
      .getByRole('listbox')
      .waitFor({ timeout: 10000 })
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\npage shows: ${await page.locator('main').textContent()}`);
      });
  }

  /** The page as it is, in English and in Russian (the selection survives the re-render); no sideways scrolling. */
  async function shoot(page: Page, name: string): Promise<void> {
    for (const lang of ['en', 'ru'] as const) {
      await page.getByTestId('language').selectOption(lang);
      await settled(page);
      await page.getByRole('listbox').waitFor();
      await page.screenshot({ path: join(ARTIFACTS, `${name}.${lang}.png`), fullPage: true });
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect({ name, lang, width: scrollWidth }).toEqual({ name, lang, width: clientWidth });
    }
    await page.getByTestId('language').selectOption('en');
    await settled(page);
    await page.getByRole('listbox').waitFor();
  }

  const row = (page: Page, id: number) => page.getByTestId(`queue-item-${id}`);
  const detail = (page: Page) => page.getByTestId('review-detail');
  const shownIds = async (page: Page) =>
    await page
      .getByTestId('review-queue')
      .getByRole('option')
      .evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-event-id'))));
  const selectedId = (page: Page) =>
    page.locator('[role="option"][aria-selected="true"]').getAttribute('data-event-id').then(Number);
  const event = async (id: number) =>
    (
      await t
        .http()
        .get(api(`/events/${id}`))
        .expect(200)
    ).body;
  const queue = async (token: string) =>
    (await t.as(token).get(api('/review-queue')).expect(200)).body as { items: QueueItem[]; total: number };
  const reviewPosts = (page: Page) => {
    const sent: Request[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/review')) sent.push(r);
    });
    return sent;
  };
  const box = async (locator: Locator) => (await locator.boundingBox())!;

  it('lists the flagged reports first, with their badges, in the order the API gives', async () => {
    const { context, page } = await newPage(coordinator.token);
    try {
      await openQueue(page);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Review of reports');
      await expect(page.locator('header nav a[aria-current="page"]').textContent()).resolves.toBe('Review');

      const fromApi = await queue(coordinator.token);
      expect(fromApi.items.map((x) => x.event.id).sort()).toEqual(Object.values(ids).sort());
      await expect(shownIds(page)).resolves.toEqual(fromApi.items.map((x) => x.event.id));
      // Flagged first: no report without a flag comes before one with a flag.
      const flagged = fromApi.items.map((x) => x.event.flags.length > 0 || x.event.reviewState === 'flagged');
      expect(flagged.indexOf(false) === -1 || flagged.lastIndexOf(true) < flagged.indexOf(false)).toBe(true);
      expect(flagged[0]).toBe(true);
      const few = fromApi.items.find((x) => x.event.id === ids.fewMembers)!;
      expect(few.event.flags.map((f) => f.checkId)).toContain(commissionCheck.id);

      // The badge in the row: the check's name, red for an error, amber for a warning.
      const badge = row(page, ids.fewMembers).getByTestId(`flag-${commissionCheck.id}`);
      await expect(badge.textContent()).resolves.toContain(commissionCheck.name);
      await expect(badge.getAttribute('class')).resolves.toContain(`flag-${commissionCheck.severity}`);
      const colour = await badge.evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(colour).toBe(commissionCheck.severity === 'error' ? 'rgb(207, 34, 46)' : 'rgb(255, 248, 197)');
      await expect(row(page, ids.fewMembers).textContent()).resolves.toContain('0101 — School No 5');
      await expect(row(page, ids.fewMembers).textContent()).resolves.toContain('Feb 7, 2024, 07:20');
      await expect(row(page, ids.fewMembers).textContent()).resolves.toContain('Opening');
      await expect(row(page, ids.fewMembers).textContent()).resolves.toContain(titles.fewMembers);

      // The first report is selected and shown in full beside the list.
      await expect(selectedId(page)).resolves.toBe(fromApi.items[0].event.id);
      await row(page, ids.fewMembers).click();
      await expect(selectedId(page)).resolves.toBe(ids.fewMembers);
      await expect(detail(page).getByRole('heading', { level: 2 }).textContent()).resolves.toBe(titles.fewMembers);
      await expect(detail(page).getByTestId('report-flags').textContent()).resolves.toContain(commissionCheck.name);
      await expect(detail(page).getByTestId('report-answers').textContent()).resolves.toContain(
        'How many commission members were present at opening?',
      );
      await expect(page.getByTestId('keys-hint').textContent()).resolves.toContain('accept');
      // The selection is in the hash: a reload lands on the same report.
      expect(page.url()).toContain(`event=${ids.fewMembers}`);

      // The checks panel: each check with how many reports it flags, a link that filters by it.
      const panel = page.getByTestId('checks-panel');
      await expect(panel.getByTestId(`check-${commissionCheck.id}`).textContent()).resolves.toContain('1 flagged');
      await shoot(page, 'queue.desktop');

      // Every control has a name, in the DOM and in Chromium's accessibility tree.
      const unnamed = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('main input, main select, main textarea, main progress')]
          .filter((el) => {
            const labels = [...((el as HTMLInputElement).labels ?? [])].map((l) => l.textContent?.trim());
            return !labels.some(Boolean) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby');
          })
          .map((el) => el.outerHTML.slice(0, 120)),
      );
      expect(unnamed).toEqual([]);
      const tree = await page.locator('main').ariaSnapshot();
      expect(
        tree
          .split('\n')
          .filter((line) => /^\s*- (textbox|combobox|listbox|button|progressbar)\s*(\[[^\]]*\])?:?\s*$/.test(line)),
      ).toEqual([]);

      await panel.getByRole('link', { name: commissionCheck.name }).click();
      await page.waitForURL(new RegExp(`checkId=${commissionCheck.id}`));
      await settled(page);
      await expect(shownIds(page)).resolves.toEqual([ids.fewMembers]);
      await expect(page.getByRole('search').getByLabel('Check', { exact: true }).inputValue()).resolves.toBe(
        String(commissionCheck.id),
      );
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  });

  it('fits a phone: the queue, then the report with the disagreeing visits stacked', async () => {
    const { context, page } = await newPage(coordinator.token, PHONE);
    try {
      await openQueue(page, '?stage=voting');
      await shoot(page, 'queue.phone');
      await row(page, ids.badVoting).click();
      const grid = detail(page).getByTestId('compare-grid');
      await grid.waitFor();
      const [a, b] = [
        await box(grid.getByTestId(`compare-${ids.badVoting}`)),
        await box(grid.getByTestId(`compare-${ids.goodVoting}`)),
      ];
      // Stacked: one under the other, each as wide as the screen allows.
      expect(b.y).toBeGreaterThan(a.y + a.height - 1);
      expect(Math.abs(a.x - b.x)).toBeLessThan(2);
      expect(a.x + a.width).toBeLessThanOrEqual(PHONE.width);
      await shoot(page, 'side-by-side.phone');
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  });

  it('shows the two visits that disagree side by side, and rejects, restores and accepts by key', async () => {
    const { context, page } = await newPage(coordinator.token);
    const sent = reviewPosts(page);
    try {
      await openQueue(page, `?event=${ids.badVoting}`);
      await expect(selectedId(page)).resolves.toBe(ids.badVoting);
      const fromApi = await queue(coordinator.token);
      expect(fromApi.items.find((x) => x.event.id === ids.badVoting)!.conflicts).toContain(ids.goodVoting);

      // A column each, this report first, differing answers marked in both.
      const grid = detail(page).getByTestId('compare-grid');
      await grid.waitFor();
      const mine = grid.getByTestId(`compare-${ids.badVoting}`);
      const theirs = grid.getByTestId(`compare-${ids.goodVoting}`);
      await expect(mine.textContent()).resolves.toContain('Very bad');
      await expect(theirs.textContent()).resolves.toContain('Good');
      for (const column of [mine, theirs]) {
        for (const field of ['overallAssessment', 'answers.secrecy_ensured', 'answers.pressure_on_voters']) {
          await expect(column.locator(`[data-field="${field}"]`).getAttribute('class')).resolves.toContain('differs');
        }
        await expect(column.locator('[data-field="answers.overcrowded"]').getAttribute('class')).resolves.not.toContain(
          'differs',
        );
      }
      const [a, b] = [await box(mine), await box(theirs)];
      expect(b.x).toBeGreaterThan(a.x + a.width - 1);
      expect(Math.abs(b.y - a.y)).toBeLessThan(2);
      // Rows line up across the columns.
      const [ra, rb] = [
        await box(mine.locator('[data-field="answers.pressure_on_voters"]')),
        await box(theirs.locator('[data-field="answers.pressure_on_voters"]')),
      ];
      expect(Math.abs(ra.y - rb.y)).toBeLessThan(2);
      await shoot(page, 'side-by-side.desktop');

      // Reject by key: r asks for the note and takes the focus; Enter sends it.
      await row(page, ids.badVoting).click();
      await page.keyboard.press('r');
      const note = detail(page).getByTestId('review-note');
      await expect(note.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
      await expect(detail(page).getByTestId('note-prompt').textContent()).resolves.toMatch(/^Rejecting: write why/);
      expect(sent).toHaveLength(0);
      const why = 'Contradicts the other team an hour earlier; the team leader confirms the wrong form was used.';
      await page.keyboard.type(why);
      // English only: a language switch re-renders the page, and the decision waiting for its note with it.
      await page.screenshot({ path: join(ARTIFACTS, 'reject-by-key.desktop.en.png'), fullPage: true });
      await page.keyboard.press('Enter');
      await page.getByTestId('review-status').getByText(`Rejected: ${titles.badVoting}`).waitFor();
      expect(sent).toHaveLength(1);
      expect(JSON.parse(sent[0].postData() ?? '{}')).toMatchObject({ state: 'rejected', note: why });
      await expect(event(ids.badVoting)).resolves.toMatchObject({ reviewState: 'rejected', reviewNote: why });
      // The row says so, and the selection moved on to the next report.
      await expect(row(page, ids.badVoting).getByTestId('review-state').textContent()).resolves.toBe('Rejected');
      const order = await shownIds(page);
      const next = order[order.indexOf(ids.badVoting) + 1];
      if (next) await expect(selectedId(page)).resolves.toBe(next);

      // Back with k (or the arrow), and u restores it.
      await page.keyboard.press(next ? 'k' : 'j');
      await expect(selectedId(page)).resolves.toBe(ids.badVoting);
      // The list has the focus, and shows it.
      await expect(
        page.getByRole('listbox').evaluate((el) => {
          const style = getComputedStyle(el);
          return el === document.activeElement && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        }),
      ).resolves.toBe(true);
      await detail(page).getByTestId('decide-unreviewed').waitFor();
      await expect(detail(page).getByTestId('last-note').textContent()).resolves.toContain(why);
      await page.keyboard.press('u');
      await page
        .getByTestId('review-status')
        .getByText(`Restored, waiting for a decision again: ${titles.badVoting}`)
        .waitFor();
      await expect(event(ids.badVoting)).resolves.toMatchObject({ reviewState: 'unreviewed' });
      await expect(row(page, ids.badVoting).getByTestId('review-state').textContent()).resolves.toBe('Unreviewed');

      // Flag needs a note too; Escape leaves the note without sending anything.
      await row(page, ids.calmOpening).click();
      await detail(page).getByRole('button', { name: 'Flag' }).click();
      await expect(note.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
      await expect(detail(page).getByTestId('note-prompt').textContent()).resolves.toMatch(/^Flagging: write why/);
      // Typing in the note is typing, not a key for the queue.
      await page.keyboard.type('j');
      await expect(selectedId(page)).resolves.toBe(ids.calmOpening);
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('listbox').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
      await expect(selectedId(page)).resolves.toBe(ids.calmOpening);
      expect(sent).toHaveLength(2);

      // a accepts.
      await page.keyboard.press('a');
      await page.getByTestId('review-status').getByText(`Accepted: ${titles.calmOpening}`).waitFor();
      await expect(event(ids.calmOpening)).resolves.toMatchObject({ reviewState: 'accepted' });
      await expect(row(page, ids.calmOpening).getByTestId('review-state').textContent()).resolves.toBe('Accepted');

      // Someone else decides on a report while it is on screen: 409, reloaded, then decided again.
      await row(page, ids.goodVoting).click();
      const before = await event(ids.goodVoting);
      await t
        .http()
        .post(api(`/events/${ids.goodVoting}/review`))
        .send({ state: 'flagged', note: 'Ask the team about the queue.', version: before.version })
        .expect(200);
      await page.keyboard.press('a');
      await detail(page)
        .getByTestId('decision-alert')
        .getByText('This report was changed by someone else; it has been reloaded.', { exact: false })
        .waitFor();
      await expect(row(page, ids.goodVoting).getByTestId('review-state').textContent()).resolves.toBe('Flagged');
      await expect(detail(page).getByTestId('last-note').textContent()).resolves.toContain(
        'Ask the team about the queue.',
      );
      await expect(event(ids.goodVoting)).resolves.toMatchObject({ reviewState: 'flagged' });
      await detail(page).getByRole('button', { name: 'Accept' }).click();
      await page.getByTestId('review-status').getByText(`Accepted: ${titles.goodVoting}`).waitFor();
      await expect(event(ids.goodVoting)).resolves.toMatchObject({ reviewState: 'accepted' });

      // The state filter: the two accepted reports, which the waiting queue no longer lists.
      await openQueue(page, '?reviewState=accepted');
      await expect(shownIds(page).then((x) => x.sort())).resolves.toEqual([ids.calmOpening, ids.goodVoting].sort());
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  });

  it('shows an analyst the same queue read-only: no decisions, no decision keys', async () => {
    const { context, page } = await newPage(analyst.token);
    const sent = reviewPosts(page);
    try {
      await openQueue(page);
      await expect(page.locator('header nav a', { hasText: 'Review' }).count()).resolves.toBe(1);
      await expect(shownIds(page)).resolves.toEqual((await queue(analyst.token)).items.map((x) => x.event.id));
      await expect(
        page
          .locator('main')
          .getByRole('button', { name: /^(Accept|Flag|Reject|Restore)/ })
          .count(),
      ).resolves.toBe(0);
      await expect(page.locator('main textarea').count()).resolves.toBe(0);
      await expect(page.getByTestId('keys-hint').textContent()).resolves.not.toContain('accept');
      const first = await selectedId(page);
      await page.getByRole('listbox').focus();
      await page.keyboard.press('j');
      await expect(selectedId(page)).resolves.not.toBe(first);
      for (const key of ['a', 'f', 'r', 'u', '/']) await page.keyboard.press(key);
      await page.waitForTimeout(300);
      expect(sent).toHaveLength(0);
      // The API agrees.
      const e = await event(ids.fewMembers);
      await t
        .as(analyst.token)
        .post(api(`/events/${ids.fewMembers}/review`))
        .send({ state: 'accepted', version: e.version })
        .expect(403);
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  });
});
