import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHospital } from '#config/hospital-files';
import { everyEmail } from '../support/every-email.ts';
import {
  emailOnAPhone,
  launchChromium,
  screenshotDir,
  seriousViolations,
  textUrls,
} from './support.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('every email on a 375 px phone (Debian Chromium)', () => {
  it('fits the screen, links only through buttons or phrases, every link at most 100 characters', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const emails = everyEmail(loadHospital('northbridge-general'));
    expect(emails.length).toBeGreaterThanOrEqual(30);
    for (const { name, email } of emails) {
      const seen = await emailOnAPhone(page, email.html);
      if (seen.width > 375) problems.push(`${name}: ${seen.width} px wide`);
      for (const href of seen.hrefs)
        if (href.length > 100) problems.push(`${name}: a ${href.length}-character link`);
      // A link is a button or a linked phrase: the HTML never shows a bare URL.
      for (const url of seen.shownUrls) problems.push(`${name}: shows ${url}`);
      for (const url of textUrls(email.text))
        if (url.length > 100)
          problems.push(`${name}: its text shows a ${url.length}-character link`);
      if (/^meeting-(request|cancel|update)/.test(name) && email.subject.length > 70)
        problems.push(`${name}: an invite subject of ${email.subject.length} characters`);
      for (const v of await seriousViolations(page)) problems.push(`${name}: ${v}`);
      await page.screenshot({ path: join(screenshotDir, `email-${name}-375.png`), fullPage: true });
    }
    expect(problems).toEqual([]);
    await page.close();
  });
});
