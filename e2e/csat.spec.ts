/**
 * CSAT: an agent resolves a customer's case; the customer opens the "How did we do?" email's link for 4 (on a phone,
 * not signed in), the click records the rating, they add a comment; the rating page passes the accessibility check and
 * the CSAT metric counts it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, checkA11y, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
const run = Date.now().toString(36);
const EMAIL = `rhea.${run}@customer.test`;
let browser: Browser;
let phone: Page;
let admin: ApiSession;
let caseId = '';
let reference = '';

interface Mail {
  id: string;
  to: string;
  subject: string;
}

/** The links of the newest mail to `to` whose subject matches, once delivered to the dev mailbox. */
async function mailLinks(to: string, subject: (s: string) => boolean): Promise<{ subject: string; links: string[] }> {
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        const box = await admin.call<{ data: Mail[] }>('GET', '/settings/mailbox');
        found = box.data.find((m) => m.to.includes(to) && subject(m.subject));
        return Boolean(found);
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(true);
  const mail = await admin.call<{ text: string }>('GET', `/settings/mailbox/${found!.id}`);
  return { subject: found!.subject, links: mail.text.match(/https?:\/\/\S+/g) ?? [] };
}

beforeAll(async () => {
  browser = await launch();
  admin = await apiAs(ADMIN);
  const person = await admin.call<{ id: string }>('POST', '/people', {
    firstName: 'Rhea',
    lastName: `Rating ${run}`,
    emails: [{ email: EMAIL }],
  });
  await admin.call('POST', '/portal/invitations', { personIds: [person.id] });
  const k = await admin.call<{ id: string; reference: string }>('POST', '/cases', {
    subject: `Parcel never arrived ${run}`,
    channel: 'email',
    personId: person.id,
  });
  caseId = k.id;
  reference = k.reference;
  phone = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
});

afterAll(async () => {
  await browser?.close();
});

describe('CSAT by signed link', () => {
  it('rates a resolved case from the email, with a comment, without signing in', async () => {
    await admin.call('PATCH', `/cases/${caseId}`, { status: 'resolved' });
    const { subject, links } = await mailLinks(EMAIL, (s) => s.includes(reference));
    expect(subject).toBe(`[${reference}] How did we do?`);
    expect(links).toHaveLength(5);
    const four = links.find((l) => new URL(l).searchParams.get('score') === '4')!;
    expect(new URL(four).pathname).toBe('/portal/rate');

    await phone.goto(four);
    await phone.getByTestId('rating-saved').filter({ hasText: 'you rated 4 of 5' }).waitFor();
    expect(await phone.getByRole('button', { name: '4: Satisfied' }).getAttribute('aria-pressed')).toBe('true');
    await checkA11y(phone, 'rating page');
    await phone.getByLabel('Anything you would like to add? (optional)').fill('Quick refund, thank you');
    await phone.getByRole('button', { name: 'Send comment' }).click();
    await phone.getByText('Comment saved.').waitFor();
    await shot(phone, 'csat-rating-page');

    const token = new URL(four).searchParams.get('token')!;
    const link = await fetch(`${BASE_URL}/api/portal/v1/ratings?token=${encodeURIComponent(token)}`).then(
      (r) => r.json() as Promise<{ rating: { score: number; comment: string } }>,
    );
    expect(link.rating).toMatchObject({ score: 4, comment: 'Quick refund, thank you' });
    // A changed link is refused on the page.
    await phone.goto(four.replace(/token=([^&]+)/, (_m, t: string) => `token=${t.slice(0, -2)}xx`));
    await phone.getByText('This rating link does not work').waitFor();
  });

  it('in the portal, the resolved request shows the rating, and the customer closes it', async () => {
    await admin.call('PATCH', '/portal/settings', { accentColor: '#0f5132' });
    await phone.goto(`${BASE_URL}/portal/sign-in`);
    await phone.getByLabel('Email address').fill(EMAIL);
    await phone.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await phone.getByText('Check your email').waitFor();
    const { links } = await mailLinks(EMAIL, (s) => /sign-in link/i.test(s));
    await phone.goto(links[0]!);
    await phone.getByRole('heading', { name: 'My requests' }).waitFor();
    await phone.goto(`${BASE_URL}/portal/requests/${caseId}`);
    await phone.getByRole('heading', { name: 'Rate this' }).waitFor();
    await phone.getByTestId('portal-rating').filter({ hasText: 'You rated 4 of 5' }).waitFor();
    expect(await phone.getByLabel('Comment (optional)').inputValue()).toBe('Quick refund, thank you');
    await phone.getByRole('button', { name: '5: Very satisfied' }).click();
    await phone.getByTestId('portal-rating').filter({ hasText: 'You rated 5 of 5' }).waitFor();
    await shot(phone, 'csat-portal-request');
    await phone.getByRole('button', { name: 'Close request' }).click();
    await phone.getByText(`Request ${reference} closed`).waitFor();
    const k = await admin.call<{ status: string }>('GET', `/cases/${caseId}`);
    expect(k.status).toBe('closed');
  });

  it('staff set the portal up in Settings', async () => {
    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await loginAs(desk, ADMIN);
    await desk.goto(`${BASE_URL}/settings/portal`);
    await desk.getByRole('heading', { name: 'Customer portal' }).waitFor();
    await desk.getByLabel('Accent colour').fill('#ffee00');
    await desk.getByRole('button', { name: 'Save', exact: true }).click();
    await desk.getByText(/too light for the white header text/).waitFor();
    await shot(desk, 'csat-portal-settings');
    // The self-service dashboard splits requests by channel; the service one has CSAT.
    await desk.goto(`${BASE_URL}/dashboards?department=self-service&metric=self_service.requests_by_channel`);
    await desk.getByText('Requests, by channel').first().waitFor();
    await shot(desk, 'csat-self-service-dashboard');
    await desk.goto(`${BASE_URL}/dashboards?department=service&metric=service.csat`);
    await desk.getByText('Customer satisfaction (CSAT)').first().waitFor();
    await shot(desk, 'csat-service-dashboard');
  });
});
