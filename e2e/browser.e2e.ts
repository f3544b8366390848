import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '#local/paths';
import {
  checkPage,
  emailOnAPhone,
  embeddedService,
  launchChromium,
  mailbox,
  screenshotDir,
  seriousViolations,
  textUrls,
  waitFor,
} from './support.ts';

let service: Awaited<ReturnType<typeof embeddedService>>;
let browser: Browser;
beforeAll(async () => {
  service = await embeddedService();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

const domain = 'northbridge-general.example.org';
const run = promisify(execFile);
/** The pages keep their strict CSP; only the test's own axe-core script is let through. */
const newPage = async () => (await browser.newContext({ bypassCSP: true })).newPage();
const problems: string[] = [];
const checked: string[] = [];
/** Checks the page (axe at both widths, no overflow, screenshots) and keeps any problem. */
async function check(page: Page, name: string) {
  const { violations, overflow } = await checkPage(page, name);
  checked.push(name);
  problems.push(...violations.map((v) => `${name}: ${v}`));
  problems.push(...overflow.map((w) => `${name}: wider than ${w} px`));
}

/** axe with no violation of any impact, at a phone's width and at a desktop's. */
async function noViolationsAtBothWidths(page: Page, name: string) {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    problems.push(...(await seriousViolations(page, true)).map((v) => `${name} at ${width}: ${v}`));
  }
}

/** Fills in the pairing form as a person would, by its labels, and submits it. */
async function proposeThroughTheForm(page: Page, mentor: string, mentee: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(service.base);
  await check(page, 'form');
  const group = (name: string) => page.getByRole('group', { name });
  await group('Mentor').getByLabel('Name').fill('Dr Ada Okafor');
  await group('Mentor').getByLabel('Email').fill(mentor);
  await group('Mentee').getByLabel('Name').fill('Dr Ben Liu');
  await group('Mentee').getByLabel('Email').fill(mentee);
  await group('Mentee').getByLabel('Career stage').selectOption('resident');
  await page.getByLabel('A career step or position').check();
  await page.getByLabel('Goal 1').fill('Choose a fellowship');
  await page.getByLabel('How often').selectOption('monthly');
  await page.getByLabel('Preferred weekday').selectOption('tuesday');
  await page.getByLabel('Goal-driven, with next steps after each meeting').check();
  await page
    .getByLabel('The mentor’s availability and contact boundaries')
    .fill('Email only, weekdays');
  await page
    .getByRole('button', { name: /propose|submit|send/i })
    .first()
    .click();
  await page.waitForLoadState('load');
  await check(page, 'form-submitted');
}

/**
 * Opens the newest email to `to` whose subject matches in the mail viewer (its HTML view), and
 * follows the button `link` in it when given.
 */
async function openEmail(page: Page, to: string, subject: RegExp, link?: string) {
  const email = await waitFor(`an email to ${to} matching ${subject}`, async () =>
    (await mailbox(service.viewer, to)).filter((e) => subject.test(e.subject)).at(-1),
  );
  await page.goto(service.viewer);
  const card = page.locator('.email', { hasText: email.subject }).filter({ hasText: to }).first();
  await card.getByRole('button', { name: 'Toggle HTML view' }).click();
  if (link) {
    // The button is found in the email's own HTML, opened in the browser as a mail app shows it:
    // the viewer writes that HTML into an iframe whose `javascript:` src can finish loading after
    // the write on a busy machine and blank it (aws-ses-v2-local's static/index.html), which
    // once left a CI run waiting 30 s for a button that was in the email.
    await page.setContent(email.body.html ?? '');
    const href = await page.getByRole('link', { name: link }).getAttribute('href');
    if (!href) throw new Error(`no "${link}" link in "${email.subject}"`);
    await page.goto(href);
  }
  return email;
}

describe('a person’s journey in a real browser (Debian Chromium)', () => {
  it('proposes through the form, both agree from their emails, the summaries arrive', async () => {
    const page = await newPage();
    const tag = randomUUID().slice(0, 8);
    const mentor = `ada.${tag}@${domain}`;
    const mentee = `ben.${tag}@${domain}`;
    await proposeThroughTheForm(page, mentor, mentee);

    for (const person of [mentor, mentee]) {
      await openEmail(page, person, /confirm your mentoring expectations/, 'Review and agree');
      await check(page, `agreement-${person === mentor ? 'mentor' : 'mentee'}`);
      await page.getByRole('button', { name: 'Agree to these expectations' }).click();
      await page.waitForLoadState('load');
      await check(page, `agreed-${person === mentor ? 'mentor' : 'mentee'}`);
    }
    for (const person of [mentor, mentee]) {
      const summary = await openEmail(page, person, /^Agreed:/);
      expect(summary.body.text).toContain('Choose a fellowship');
    }
    await page.screenshot({ path: join(screenshotDir, 'mail-viewer.png') });
    await page.close();
  });

  it('handles a suggested change: the other party agrees to the new version', async () => {
    const page = await newPage();
    const tag = randomUUID().slice(0, 8);
    const mentor = `ada.${tag}@${domain}`;
    const mentee = `ben.${tag}@${domain}`;
    await proposeThroughTheForm(page, mentor, mentee);
    await openEmail(page, mentee, /confirm your mentoring expectations/, 'Review and agree');
    await page.getByLabel('How often').selectOption('biweekly');
    await page.getByLabel(/Note for/).fill('Exam season: every two weeks suits me better');
    await page.getByRole('button', { name: 'Send my suggestion' }).click();
    await page.waitForLoadState('load');
    await check(page, 'suggestion-sent');

    await openEmail(
      page,
      mentor,
      /suggested changes to your mentoring expectations/,
      'Review and agree',
    );
    expect(await page.content()).toContain('Exam season');
    await check(page, 'agreement-changed');
    await page.getByRole('button', { name: 'Agree to these expectations' }).click();
    await page.waitForLoadState('load');
    const summary = await openEmail(page, mentee, /^Agreed:/);
    expect(summary.body.text).toMatch(/every 2 weeks/i);
    await page.close();
  });

  it('walks a mentee from the proposal to a one-tap check-in answer after the first meeting', async () => {
    const page = await newPage();
    const tag = randomUUID().slice(0, 8);
    const mentor = `ada.${tag}@${domain}`;
    const mentee = `ben.${tag}@${domain}`;
    await proposeThroughTheForm(page, mentor, mentee);
    for (const person of [mentee, mentor]) {
      await openEmail(page, person, /confirm your mentoring expectations/, 'Review and agree');
      await page.getByRole('button', { name: 'Agree to these expectations' }).click();
      await page.waitForLoadState('load');
    }
    // Two months on, as the dispatcher would see it: the first meeting is over.
    const later = new Date(Date.now() + 60 * 86_400_000).toISOString();
    await run(process.execPath, [join(projectRoot, 'bin/tandem.mjs'), 'tick', '--now', later], {
      env: { ...process.env, TANDEM_HOME: service.home },
    });
    await openEmail(page, mentee, /^How did your mentoring meeting/, 'We met: it went well');
    expect(await page.getByLabel('We met: it went well').isChecked()).toBe(true);
    await check(page, 'checkin-page');
    await page.getByLabel(/Your next steps/).fill('Draft the fellowship personal statement.');
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.waitForLoadState('load');
    expect(await page.content()).toContain('Dr Ada Okafor has been told');
    await check(page, 'checkin-answered');
    const told = await waitFor('the note to the mentor', async () =>
      (await mailbox(service.viewer, mentor)).find(
        (e) => e.subject === 'Dr Ben Liu: your meeting went well',
      ),
    );
    expect(told.body.text).toContain('you met and it went well');
    const steps = await waitFor('the next steps to the mentor', async () =>
      (await mailbox(service.viewer, mentor)).find((e) =>
        e.subject.startsWith("Dr Ben Liu's next steps"),
      ),
    );
    expect(steps.body.text).toContain('Draft the fellowship personal statement.');
    // The mentee's home: the check-in just given, the next steps, then the controls.
    await openEmail(page, mentee, /^Agreed:/, 'Manage our mentoring');
    await check(page, 'relationship-home');
    const home = await page.content();
    expect(home).toContain('You: We met: it went well');
    expect(home).toContain('Draft the fellowship personal statement.');
    // The invitation's page (reschedule or skip), and the page a link nobody issued opens.
    await openEmail(page, mentee, /^Invitation: Mentoring with/, 'Reschedule or skip this meeting');
    await check(page, 'meeting-page');
    const unknown = await page.goto(`${service.base}/l/${'A'.repeat(22)}`);
    expect(unknown?.status()).toBe(400);
    await check(page, 'link-problem');
    await page.close();
  });

  it('lets an administrator sign in, find the pairing and end it', async () => {
    const page = await newPage();
    const tag = randomUUID().slice(0, 8);
    await proposeThroughTheForm(page, `ada.${tag}@${domain}`, `ben.${tag}@${domain}`);
    for (const person of [`ada.${tag}@${domain}`, `ben.${tag}@${domain}`]) {
      await openEmail(page, person, /confirm your mentoring expectations/, 'Review and agree');
      await page.getByRole('button', { name: 'Agree to these expectations' }).click();
      await page.waitForLoadState('load');
    }
    await page.goto(`${service.base}/admin/sign-in`);
    await check(page, 'admin-sign-in');
    await page.getByLabel('Admin key').fill(service.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
    // Signing in opens the dashboard; the pairings are one link away.
    expect(new URL(page.url()).pathname).toBe('/admin/dashboard');
    await page.getByRole('link', { name: 'All pairings' }).click();
    await page.waitForLoadState('load');
    await page.getByLabel('Search names or emails').fill(tag);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForLoadState('load');
    await check(page, 'admin-pairings');
    await page.getByRole('link', { name: /Dr Ada Okafor → Dr Ben Liu/ }).click();
    await page.waitForLoadState('load');
    await check(page, 'admin-pairing');
    await page.getByLabel('End with reason').selectOption('goals-met');
    await page.getByRole('button', { name: 'End the relationship' }).click();
    await page.waitForLoadState('load');
    expect(await page.content()).toContain('concluded');
    await waitFor('the closing email', async () =>
      (await mailbox(service.viewer, `ben.${tag}@${domain}`)).find((e) =>
        e.subject.startsWith('Your mentoring with'),
      ),
    );
    // The dashboard, the admin home: four charts drawn on the server, each with its table, and
    // no axe violation of any impact at a phone's width or a desktop's.
    await page.goto(`${service.base}/admin`);
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/admin/dashboard');
    await check(page, 'admin-dashboard');
    expect(await page.locator('svg[role="img"]').count()).toBe(4);
    expect(await page.locator('details table').count()).toBe(4);
    // The ended pairing reaches the counters through the outbox's recount, within seconds.
    await waitFor('the ended pairing in the state chart', async () => {
      const states = await (
        await page.request.get(`${service.base}/admin/dashboard.csv?chart=states`)
      ).text();
      const ended = states.trim().split('\n')[0]?.split(',').indexOf('Ended') ?? -1;
      return Number(states.trim().split('\n').at(-1)?.split(',')[ended]) >= 1 ? states : undefined;
    });
    await page.reload();
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      problems.push(
        ...(await seriousViolations(page, true)).map((v) => `dashboard at ${width}: ${v}`),
      );
    }
    const csv = await page.request.get(`${service.base}/admin/dashboard.csv?chart=meetings`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toMatch(/^Month,Planned,Held,Hours held/);
    await page.close();
  });

  it('lets a mentor join the pool and a mentee ask, through both forms', async () => {
    const page = await newPage();
    const tag = randomUUID().slice(0, 8);
    const mentor = `cyrus.${tag}@${domain}`;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${service.base}/mentors/join`);
    await check(page, 'mentor-join');
    await noViolationsAtBothWidths(page, 'mentor-join');
    await page.getByLabel('Name').fill('Dr Cyrus Patel');
    await page.getByLabel('Email').fill(mentor);
    await page.getByLabel('Department').fill('Critical Care');
    await page.getByLabel('Your career stage').selectOption('attending');
    await page
      .getByRole('group', { name: /What you can offer/ })
      .getByLabel('A career step or position')
      .check();
    await page
      .getByLabel('The areas you know, in your own words')
      .fill(`Critical care fellowships ${tag}\nburnout`);
    await page.getByLabel('Goal-driven, with next steps after each meeting').check();
    await page.getByLabel('Mentees at a time').fill('2');
    await page
      .getByRole('group', { name: 'The mentees you will take' })
      .getByLabel('Fellow')
      .check();
    await page
      .getByRole('group', { name: /weekdays that suit you/ })
      .getByLabel('Tuesday')
      .check();
    await page.getByLabel('Your availability and contact boundaries').fill('Email only, weekdays');
    await page.getByRole('button', { name: 'Send and confirm by email' }).click();
    await page.waitForLoadState('load');
    expect(await page.content()).toContain('Check your email');
    await check(page, 'mentor-joined');
    await openEmail(page, mentor, /Confirm your mentor listing/, 'Confirm my listing');
    await check(page, 'mentor-confirm');
    await page.getByRole('button', { name: 'Confirm my listing' }).click();
    await page.waitForLoadState('load');
    expect(await page.content()).toContain('You’re listed');
    await check(page, 'mentor-listing');

    await page.goto(`${service.base}/request`);
    await check(page, 'mentee-request');
    await noViolationsAtBothWidths(page, 'mentee-request');
    await page.getByLabel('Name').fill('Dr Ben Liu');
    await page.getByLabel('Email').fill(`ben.${tag}@${domain}`);
    await page.getByLabel('Career stage').selectOption('fellow');
    await page
      .getByRole('group', { name: /What you are looking for/ })
      .getByLabel('A career step or position')
      .check();
    await page.getByLabel('Goal 1').fill('Choose a critical care fellowship');
    await page
      .getByLabel('Areas you want guidance in (optional)')
      .fill(`critical care fellowship ${tag}`);
    await page.getByLabel('Goal-driven, with next steps after each meeting').check();
    await page
      .getByRole('group', { name: /weekdays that suit you/ })
      .getByLabel('Tuesday')
      .check();
    await page.getByRole('button', { name: 'Find my mentor' }).click();
    await page.waitForLoadState('load');
    const suggestions = await page.content();
    expect(suggestions).toContain('Dr Cyrus Patel');
    expect(suggestions).toContain(`also interested in Critical care fellowships ${tag}`);
    await check(page, 'mentee-suggestions');
    await noViolationsAtBothWidths(page, 'mentee-suggestions');
    await page.close();
  });

  it('sent only emails that fit a 375 px phone, with every link at most 100 characters', async () => {
    const page = await newPage();
    const emails = await mailbox(service.viewer);
    expect(emails.length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const email of emails) {
      const seen = await emailOnAPhone(page, email.body.html ?? '');
      if (seen.width > 375) problems.push(`${email.subject}: ${seen.width} px wide`);
      for (const href of seen.hrefs)
        if (href.length > 100) problems.push(`${email.subject}: a ${href.length}-character link`);
      for (const url of seen.shownUrls) problems.push(`${email.subject}: shows ${url}`);
      for (const url of textUrls(email.body.text ?? ''))
        if (url.length > 100)
          problems.push(`${email.subject}: text shows a ${url.length}-character link`);
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it('found no serious or critical accessibility violation, and no page wider than the screen', () => {
    // Every page the journeys above opened was checked (this runs after them, in file order).
    expect(new Set(checked).size).toBe(23);
    expect(problems).toEqual([]);
  });
});
