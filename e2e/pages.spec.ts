/**
 * Every page, on a desk and on a phone: it has its own browser title and passes the automated accessibility check
 * (axe-core, WCAG 2.2 A and AA: no serious or critical finding); at 375 px (a small phone) nothing is wider than the
 * screen, and each page is kept as a screenshot to look at.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, checkA11y, launch, loginAs, SCREENSHOTS } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
let browser: Browser;
let admin: ApiSession;
let person: { id: string; fullName: string; companyId: string | null; company: { name: string } | null };

beforeAll(async () => {
  browser = await launch();
  admin = await apiAs(ADMIN);
  const list = await admin.call<{ data: (typeof person)[] }>('GET', '/people?limit=50&sort=-updatedAt');
  const found = list.data.find((p) => p.companyId);
  if (!found) throw new Error('no person with a company in the demo data');
  person = found;
});
afterAll(async () => {
  await browser?.close();
});

/** Path, a heading the page shows once loaded, and the title it should have. */
function pages(): { path: string; ready: RegExp; title: string }[] {
  return [
    { path: '/', ready: /Good (morning|afternoon|evening)/, title: 'My day · Rapport' },
    { path: '/people', ready: /^People$/, title: 'People · Rapport' },
    {
      path: `/people/${person.id}`,
      ready: new RegExp(person.fullName),
      title: `${person.fullName} · People · Rapport`,
    },
    {
      path: `/people/${person.id}?tab=changes`,
      ready: new RegExp(person.fullName),
      title: `${person.fullName} · People · Rapport`,
    },
    { path: '/people/new', ready: /^New person$/, title: 'New person · People · Rapport' },
    { path: '/companies', ready: /^Companies$/, title: 'Companies · Rapport' },
    {
      path: `/companies/${person.companyId}`,
      ready: new RegExp(person.company?.name ?? ''),
      title: `${person.company?.name} · Companies · Rapport`,
    },
    { path: '/companies/new', ready: /^New company$/, title: 'New company · Companies · Rapport' },
    {
      path: '/pop?phone=%2B442079460999',
      ready: /No one has this number yet/,
      title: 'Who is +442079460999? · Rapport',
    },
    { path: '/settings/workspace', ready: /^Settings$/, title: 'Workspace · Settings · Rapport' },
    { path: '/settings/users', ready: /^Settings$/, title: 'Users · Settings · Rapport' },
    { path: '/settings/teams', ready: /^Settings$/, title: 'Teams · Settings · Rapport' },
    { path: '/settings/roles', ready: /^Settings$/, title: 'Roles & permissions · Settings · Rapport' },
    { path: '/settings/fields', ready: /^Settings$/, title: 'Custom fields · Settings · Rapport' },
    { path: '/settings/tokens', ready: /^Settings$/, title: 'API tokens · Settings · Rapport' },
    { path: '/settings/audit', ready: /^Settings$/, title: 'Audit log · Settings · Rapport' },
    { path: '/settings/mailbox', ready: /^Settings$/, title: 'Dev mailbox · Settings · Rapport' },
    { path: '/no-such-page', ready: /This page does not exist/, title: 'Page not found · Rapport' },
  ];
}

async function visitAll(page: Page, width: number, screenshots = false): Promise<void> {
  for (const { path, ready, title } of pages()) {
    await page.goto(`${BASE_URL}${path}`);
    await page.getByText(ready).first().waitFor();
    // Let the page's data settle (skeletons out) before the check.
    await page.waitForLoadState('networkidle');
    await expect.poll(() => page.title(), { message: path }).toBe(title);
    await checkA11y(page, `${path} at ${width} px`);
    // Nothing wider than the screen: no sideways scrolling on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} is ${overflow} px wider than the screen at ${width} px`).toBeLessThanOrEqual(0);
    if (screenshots) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const slug = path
        .replace(/\?.*$/, '')
        .replace(/[0-9a-f-]{36}/, 'id')
        .replace(/\W+/g, '-')
        .replace(/^-|-$/g, '');
      await page.screenshot({
        path: `${SCREENSHOTS}/phone-${width}-${slug || 'home'}${path.includes('tab=') ? '-changes' : ''}.png`,
      });
    }
  }
}

describe('every page', () => {
  it('the sign-in page has its title and passes the accessibility check', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${BASE_URL}/login`);
    await page.getByRole('heading', { name: 'Sign in to Rapport' }).waitFor();
    expect(await page.title()).toBe('Sign in · Rapport');
    await checkA11y(page, '/login');
    await page.close();
  });

  it('has a title and passes the accessibility check on a desk', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, ADMIN);
    await visitAll(page, 1440);
    await page.close();
  }, 180_000);

  it('has a title, fits the screen and passes the accessibility check on a phone (375 px)', async () => {
    const ctx = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await loginAs(page, ADMIN);
    await visitAll(page, 375, true);
    await ctx.close();
  }, 240_000);
});
