/**
 * Settings → Webhooks, as an admin: register an endpoint (a real receiver on loopback; the browser-test server runs
 * with RAPPORT_WEBHOOK_ALLOW_PRIVATE), see its signing secret once, and see the signed delivery of an event in the
 * endpoint's delivery log with the receiver's response code.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
let browser: Browser;
let page: Page;
let admin: ApiSession;
let receiver: Server;
let hookUrl: string;
const received: { body: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({ body, headers: req.headers });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rapport`;
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  admin = await apiAs(ADMIN);
  await loginAs(page, ADMIN);
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => receiver?.close(r));
});

describe('Settings → Webhooks', () => {
  it('registers an endpoint, shows its secret once, and lists the signed delivery with its response code', async () => {
    await page.goto(`${BASE_URL}/settings/webhooks`);
    await page.getByRole('button', { name: 'New webhook' }).click();
    const dialog = page.getByRole('dialog', { name: 'New webhook' });
    await dialog.getByLabel('URL').fill(hookUrl);
    // The form starts with person.created and person.updated picked: keep them.
    await expect.poll(() => dialog.getByText('Person created', { exact: true }).count()).toBe(1);
    await dialog.getByRole('button', { name: 'Create webhook' }).click();

    // The secret, once.
    const secretDialog = page.getByRole('dialog', { name: 'Copy the signing secret now' });
    await secretDialog.waitFor();
    const secret = ((await secretDialog.getByLabel('Signing secret', { exact: true }).textContent()) ?? '').trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    await shot(page, 'webhooks-secret-once');
    await secretDialog.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByText(hookUrl).waitFor();
    expect(await page.getByText(secret).count()).toBe(0); // never shown again

    const hooks = await admin.call<{ data: { url: string; events: string[]; enabled: boolean }[] }>('GET', '/webhooks');
    expect(hooks.data.find((h) => h.url === hookUrl)).toMatchObject({
      events: ['person.created', 'person.updated'],
      enabled: true,
    });

    // An event happens; the job runner delivers it, signed, within seconds.
    const person = await admin.call<{ id: string }>('POST', '/people', { firstName: 'Hook', lastName: 'Spec' });
    await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const got = received[0]!;
    const verified = new Webhook(secret).verify(got.body, {
      'webhook-id': String(got.headers['webhook-id']),
      'webhook-timestamp': String(got.headers['webhook-timestamp']),
      'webhook-signature': String(got.headers['webhook-signature']),
    }) as { type: string; data: { recordId: string } };
    expect(verified).toMatchObject({ type: 'person.created', data: { recordId: person.id } });

    // The delivery log shows it, with the receiver's answer.
    await page.getByRole('button', { name: 'Deliveries' }).first().click();
    const log = page.getByRole('dialog', { name: `Deliveries to ${hookUrl}` });
    await log.getByText('Delivered').first().waitFor();
    expect(await log.getByRole('cell', { name: '204' }).count()).toBeGreaterThan(0);
    await shot(page, 'webhooks-deliveries');
  });
});
