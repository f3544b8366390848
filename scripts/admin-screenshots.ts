// Takes docs/admin.md's screenshots of the administrators' pages from a running embedded service
// (`npm start`), with Debian's Chromium: npx tsx scripts/admin-screenshots.ts [base URL] [key]
import { launchChromium } from '../e2e/chromium.ts';

const base = process.argv[2] ?? 'http://localhost:3000';
const key = process.argv[3] ?? '';
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${base}/admin/sign-in`);
await page.screenshot({ path: 'docs/images/admin-sign-in.png' });
await page.getByLabel('Admin key').fill(key);
await page.getByRole('button', { name: 'Sign in' }).click();
// Signing in opens the dashboard (its screenshot: scripts/dashboard-screenshot.ts).
await page.goto(`${base}/admin/pairings`);
await page.screenshot({ path: 'docs/images/admin-pairings.png', fullPage: true });
// The first active pairing shows a timeline and meetings.
await page.locator('tbody tr', { hasText: 'active' }).locator('a').first().click();
await page.screenshot({ path: 'docs/images/admin-pairing.png', fullPage: true });
await page.goto(`${base}/admin/import`);
await page.screenshot({ path: 'docs/images/admin-import.png', fullPage: true });
await browser.close();
