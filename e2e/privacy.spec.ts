/**
 * Privacy requests from the person page: consent recorded and shown with its history, then the person erased through
 * the confirm dialog (a reason and a typed confirmation), after which the page shows the anonymised record and no
 * identifier is left on the server's API. The retention settings page shows its dry run. Axe-checked.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './api.ts';
import { BASE_URL, checkA11y, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await loginAs(page, ADMIN);
});
afterAll(async () => {
  await browser?.close();
});

describe('privacy', () => {
  it('records consent, then erases a person from the Privacy tab with a reason and a typed confirmation', async () => {
    const api = await apiAs(ADMIN);
    const person = (await api.call('POST', '/people', {
      firstName: 'Ottoline',
      lastName: 'Forgetmenot',
      jobTitle: 'Archivist',
      emails: [{ email: 'ottoline.forgetmenot@example.com' }],
      phones: [{ number: '+442079463333' }],
    })) as { id: string };
    await api.call('POST', '/activities', {
      type: 'note',
      subject: 'Ottoline Forgetmenot asked to be forgotten',
      personId: person.id,
    });

    await page.goto(`${BASE_URL}/people/${person.id}?tab=privacy`);
    await page.getByRole('tab', { name: 'Privacy' }).waitFor();
    await page.getByRole('heading', { name: 'Consent' }).waitFor();

    // Record a consent, then withdraw it: both stay, the older marked superseded.
    for (const [granted, source] of [
      [true, 'Web form'],
      [false, 'Phone call'],
    ] as const) {
      await page.getByRole('button', { name: 'Record consent' }).click();
      const dialog = page.getByRole('dialog', { name: 'Record consent' });
      await dialog.waitFor();
      const sw = dialog.getByRole('switch');
      if ((await sw.isChecked()) !== granted) await sw.click({ force: true });
      await dialog.getByRole('textbox', { name: 'Source' }).fill(source);
      await dialog.getByRole('textbox', { name: 'Wording version' }).fill('2026-11');
      await dialog.getByRole('button', { name: 'Record', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    const history = page.getByTestId('consent-history');
    await expect.poll(async () => history.getByRole('row').count()).toBe(3);
    expect(await history.getByText('superseded', { exact: true }).count()).toBe(1);
    await checkA11y(page, 'person privacy tab');
    await shot(page, 'person-privacy');

    // Erase: the button stays disabled until a reason is given and the word typed.
    await page.getByRole('button', { name: 'Erase personal data…' }).click();
    const dialog = page.getByRole('dialog', { name: /Erase .*personal data/ });
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Erase personal data' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Erasure request received by email');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Type ERASE to confirm' }).fill('ERASE');
    await checkA11y(page, 'erase dialog');
    await shot(page, 'erase-dialog');
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByText('Personal data erased', { exact: true }).first().waitFor();
    await page.getByRole('heading', { name: 'Erased person' }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Erase personal data…' }).isDisabled()).toBe(true);
    await shot(page, 'person-erased');

    const after = (await api.call('GET', `/people/${person.id}`)) as { fullName: string; emails: unknown[] };
    expect(after).toMatchObject({ fullName: 'Erased person', emails: [] });
    const search = (await api.call('GET', '/search?q=Forgetmenot')) as { data: unknown[] };
    expect(search.data).toEqual([]);
    const timeline = JSON.stringify(await api.call('GET', `/people/${person.id}/timeline`));
    expect(timeline).not.toContain('Forgetmenot');
    expect(timeline).not.toContain('Ottoline');
  });

  it('shows the retention rule and its dry run in Settings', async () => {
    await page.goto(`${BASE_URL}/settings/privacy`);
    await page.getByRole('heading', { name: 'Retention rule' }).waitFor();
    await page.getByRole('heading', { name: 'Dry run' }).waitFor();
    await page
      .getByTestId('retention-summary')
      .or(page.getByText(/Nobody has been inactive/))
      .first()
      .waitFor();
    await checkA11y(page, 'privacy settings');
    await shot(page, 'privacy-settings');
  });
});
