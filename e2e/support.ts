import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { loadHospital } from '#config/hospital-files';
import { startEmbeddedService } from '#local/embedded-service';
import { projectRoot } from '#local/paths';

export { launchChromium } from './chromium.ts';

import { freePort } from '#local/ports';

export const screenshotDir = join(projectRoot, 'test-results/e2e');
mkdirSync(screenshotDir, { recursive: true });

/** The whole service, as `npm start` runs it, on free ports; the dispatcher every second. */
export async function embeddedService() {
  const ports = {
    http: await freePort(),
    ses: await freePort(),
    smtp: await freePort(),
    dynamodb: await freePort(),
  };
  const home = mkdtempSync(join(tmpdir(), 'tandem-e2e-'));
  const service = await startEmbeddedService({
    hospital: loadHospital('northbridge-general'),
    home,
    inMemory: true,
    ports,
    dispatchIntervalMs: 1000,
  });
  const base = `http://localhost:${ports.http}`;
  const viewer = `http://localhost:${ports.ses}`;
  return { ...service, ports, base, viewer, home };
}

export interface ViewerEmail {
  messageId: string;
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
  attachments: { filename?: string; contentType: string; content: string }[];
}

/** What the local SES endpoint holds (the mail viewer's data). */
export async function mailbox(viewer: string, to?: string): Promise<ViewerEmail[]> {
  const { emails } = (await (await fetch(`${viewer}/store`)).json()) as { emails: ViewerEmail[] };
  return to ? emails.filter((e) => e.destination.to.includes(to)) : emails;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** axe-core's serious and critical violations on the page (or all), as "rule: target" lines. */
export async function seriousViolations(page: Page, all = false): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: () => Promise<{
            violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => all || v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.targets.join(', ')}`);
}

/**
 * Checks a page at a phone's width (375 px) and a desktop's (1280 px): no serious or critical
 * accessibility violation, nothing wider than the screen, and a screenshot of each under
 * test-results/e2e/.
 */
export async function checkPage(
  page: Page,
  name: string,
): Promise<{ violations: string[]; overflow: number[] }> {
  const violations: string[] = [];
  const overflow: number[] = [];
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const scrollWidth = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
          .document.documentElement.scrollWidth,
    );
    if (scrollWidth > width) overflow.push(width);
    await page.screenshot({ path: join(screenshotDir, `${name}-${width}.png`), fullPage: true });
  }
  violations.push(...(await seriousViolations(page)));
  return { violations, overflow };
}

interface PhoneDocument {
  documentElement: { scrollWidth: number };
  body: { textContent: string | null };
  querySelectorAll(selector: 'a'): Iterable<{ getAttribute(name: string): string | null }>;
}

/** What a 375 px phone shows of an email's HTML: its width, its links, the URLs its text shows. */
export async function emailOnAPhone(page: Page, html: string) {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.setContent(html, { waitUntil: 'load' });
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: PhoneDocument }).document;
    return {
      width: doc.documentElement.scrollWidth,
      hrefs: [...doc.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? ''),
      shownUrls: (doc.body.textContent ?? '').match(/https?:\/\/\S+/g) ?? [],
    };
  });
}

/** The URLs a plain-text part shows. */
export const textUrls = (text: string) => text.match(/https?:\/\/\S+/g) ?? [];

/** Posts a form to a signed link's page, with the link's token and `fields`. */
export function postToLink(link: URL, fields: Record<string, string>): Promise<Response> {
  return fetch(link.origin + link.pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    // A short link (`/l/<token>`) carries its token in the path; the pages' own paths in `?t=`.
    body: new URLSearchParams({
      t: link.searchParams.get('t') ?? /\/l\/([\w-]+)/.exec(link.pathname)?.[1] ?? '',
      ...fields,
    }),
  });
}

/**
 * A pairing proposed through the JSON API and agreed by both from their proposal emails, as
 * people on the embedded service would; `expectations` override the defaults.
 */
export async function agreedPairing(
  service: { base: string; viewer: string },
  expectations: Record<string, unknown> = {},
) {
  const tag = randomUUID().slice(0, 8);
  const domain = 'northbridge-general.example.org';
  const mentor = `ada.${tag}@${domain}`;
  const mentee = `ben.${tag}@${domain}`;
  const created = await fetch(`${service.base}/api/pairings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      mentor: { name: 'Dr Ada Okafor', email: mentor },
      mentee: { name: 'Dr Ben Liu', email: mentee, careerStage: 'resident' },
      needs: ['career'],
      goals: ['Choose a fellowship'],
      frequency: 'monthly',
      formality: 'goal-driven',
      meetingMinutes: 30,
      preferredWeekday: 'tuesday',
      timeWindow: { start: '15:00', end: '17:00' },
      mentorAvailability: 'Email only',
      ...expectations,
    }),
  });
  const { id } = (await created.json()) as { id: string };
  for (const person of [mentor, mentee]) {
    const proposal = await waitFor('the proposal', async () =>
      (await mailbox(service.viewer, person)).find((e) => /expectations/.test(e.subject)),
    );
    const link = /http:\/\/localhost:\d+\/l\/[\w-]+/.exec(proposal.body.text ?? '')?.[0];
    if (!link) throw new Error(`no respond link in the proposal to ${person}`);
    await postToLink(new URL(link), { action: 'agree' });
  }
  return { id, mentor, mentee };
}
