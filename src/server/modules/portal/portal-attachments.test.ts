/**
 * Files on portal requests: a customer attaches files when raising a request and when replying, checked for size, type
 * and content (a refused one is a 422 naming it, and nothing is written); staff see them on the case's thread and
 * download them; the customer downloads their own, and another customer guessing the ids gets 404, as does a file
 * of another request or of an internal note.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: TestUser;
let staff: Session;
let dataDir: string;
const ids: Record<string, string> = {};

interface Portal {
  headers: Record<string, string>;
}
const portal = (p: Portal, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/portal/v1${url}`, headers: p.headers, ...(payload ? { payload } : {}) });

async function signIn(email: string, ip: string): Promise<Portal> {
  await t.app.inject({ method: 'POST', url: '/api/portal/v1/auth/link', payload: { email }, remoteAddress: ip });
  const row = await t.db.database.db
    .selectFrom('mail_outbox')
    .select('data')
    .where('to_address', '=', email)
    .where('template', '=', 'portal-link')
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  const token = new URL((JSON.parse(row.data) as { link: string }).link).searchParams.get('token');
  const res = await t.app.inject({ method: 'POST', url: '/api/portal/v1/auth/verify', payload: { token } });
  expect(res.statusCode, res.body).toBe(200);
  const cookies = res.cookies as { name: string; value: string }[];
  const session = cookies.find((c) => c.name === 'rapport_portal_session')!;
  const csrf = cookies.find((c) => c.name === 'rapport_portal_csrf')!;
  return {
    headers: {
      cookie: `rapport_portal_session=${session.value}; rapport_portal_csrf=${csrf.value}`,
      'x-csrf-token': csrf.value,
    },
  };
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300, 1)]);
const upload = (filename: string, contentType: string, content: Buffer) => ({
  filename,
  contentType,
  content: content.toString('base64'),
});

interface Detail {
  id: string;
  messages: {
    id: string;
    body: string;
    fromCustomer: boolean;
    attachments: { id: string; filename: string; contentType: string; size: number }[];
  }[];
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rapport-portal-files-'));
  t = await testApp({ dataDir, attachmentMaxBytes: 4096 });
  admin = await createUser(t.services, 'admin', 'Desk', 'portal-files');
  staff = await login(t.app, admin.email);
  await t.services.workspace.update(admin.ctx, { modules: { portal: true } });
  for (const [key, name, email] of [
    ['ann', 'Ann', 'ann.files@example.test'],
    ['cy', 'Cy', 'cy.files@example.test'],
  ] as const) {
    const p = await t.services.people.create(admin.ctx, { firstName: name, lastName: 'Customer', emails: [{ email }] });
    ids[key] = p.id;
  }
  await t.services.portalAuth.invite(admin.ctx, { personIds: [ids.ann!, ids.cy!] });
});
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('files on portal requests', () => {
  it('are attached when raising and replying, seen by staff, and 404 for another customer', async () => {
    const ann = await signIn('ann.files@example.test', '10.8.0.1');
    const cy = await signIn('cy.files@example.test', '10.8.0.2');

    // Raising a request with a screenshot: the files arrive as Ann's first message, with the description.
    const raised = await portal(ann, 'POST', '/requests', {
      subject: 'The app shows an error',
      description: 'Screenshot attached.',
      attachments: [upload('error screen.png', 'image/png', PNG)],
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const request = json<Detail>(raised);
    expect(request.messages).toHaveLength(1);
    expect(request.messages[0]).toMatchObject({ body: 'Screenshot attached.', fromCustomer: true });
    expect(request.messages[0]!.attachments).toEqual([
      { id: expect.any(String), filename: 'error screen.png', contentType: 'image/png', size: PNG.length },
    ]);
    const screenshot = request.messages[0]!.attachments[0]!.id;

    // Replying with a PDF.
    const replied = await portal(ann, 'POST', `/requests/${request.id}/messages`, {
      body: 'And the invoice it mentions.',
      attachments: [upload('invoice.pdf', 'application/pdf', PDF)],
    });
    expect(replied.statusCode, replied.body).toBe(201);
    const thread = json<Detail>(replied).messages;
    expect(thread.map((m) => m.attachments.map((f) => f.filename))).toEqual([['error screen.png'], ['invoice.pdf']]);
    const invoice = thread[1]!.attachments[0]!.id;

    // Ann downloads her own file, as an attachment, byte for byte.
    const mine = await portal(ann, 'GET', `/requests/${request.id}/attachments/${screenshot}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.rawPayload.equals(PNG)).toBe(true);
    expect(mine.headers['content-type']).toBe('image/png');
    expect(String(mine.headers['content-disposition'])).toMatch(/^attachment;/);

    // Staff see both files on the case's thread and download them.
    const staffThread = json<{ data: { attachments: { id: string; filename: string; stored: boolean }[] }[] }>(
      await t.app.inject({ method: 'GET', url: `/api/v1/cases/${request.id}/messages`, headers: staff.headers }),
    ).data;
    expect(staffThread.flatMap((m) => m.attachments.map((f) => [f.filename, f.stored]))).toEqual([
      ['error screen.png', true],
      ['invoice.pdf', true],
    ]);
    const staffFile = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${request.id}/attachments/${invoice}`,
      headers: staff.headers,
    });
    expect(staffFile.statusCode).toBe(200);
    expect(staffFile.rawPayload.equals(PDF)).toBe(true);

    // Cy guessing the ids: 404 for the request's files, with the code saying nothing about whose they are.
    for (const file of [screenshot, invoice]) {
      const res = await portal(cy, 'GET', `/requests/${request.id}/attachments/${file}`);
      expect(res.statusCode).toBe(404);
      expect(json(res)).toMatchObject({ code: 'portal.request_not_found' });
    }
    // Nor through a request of Cy's own: a file of another request is 404 there too.
    const cys = json<Detail>(await portal(cy, 'POST', '/requests', { subject: 'Mine' }));
    const crossed = await portal(cy, 'GET', `/requests/${cys.id}/attachments/${screenshot}`);
    expect(crossed.statusCode).toBe(404);
    expect(json(crossed)).toMatchObject({ code: 'portal.attachment_not_found' });
    // An unknown file on Ann's own request: 404.
    expect((await portal(ann, 'GET', `/requests/${request.id}/attachments/nope`)).statusCode).toBe(404);
  });

  it('refuses a file too large, of a type not accepted, or not what it claims, naming it; nothing is written', async () => {
    const ann = await signIn('ann.files@example.test', '10.8.0.3');
    const before = await t.db.database.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const refused = await portal(ann, 'POST', '/requests', {
      subject: 'Three bad files',
      attachments: [
        upload('ok.png', 'image/png', PNG),
        upload('huge.pdf', 'application/pdf', Buffer.concat([PDF, Buffer.alloc(5000)])),
        upload('tool.exe', 'application/octet-stream', Buffer.from('MZ')),
        upload('fake.png', 'image/png', Buffer.from('not a png at all')),
      ],
    });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    const problem = json<{ code: string; errors: { pointer: string; detail: string }[] }>(refused);
    expect(problem.code).toBe('portal.attachment_refused');
    expect(problem.errors.map((e) => e.pointer)).toEqual(['/attachments/1', '/attachments/2', '/attachments/3']);
    expect(problem.errors[0]!.detail).toMatch(/huge\.pdf: larger than 4096 bytes/);
    expect(problem.errors[2]!.detail).toMatch(/fake\.png: content is not image\/png/);
    const after = await t.db.database.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    // More than five files, or content that is not base64: refused by the schema, naming the field.
    const many = await portal(ann, 'POST', '/requests', {
      subject: 'Too many',
      attachments: Array.from({ length: 6 }, (_, i) => upload(`p${i}.png`, 'image/png', PNG)),
    });
    expect(many.statusCode).toBe(400);
    expect(JSON.stringify(json(many))).toContain('/attachments');
    const notBase64 = await portal(ann, 'POST', '/requests', {
      subject: 'Bad content',
      attachments: [{ filename: 'a.txt', contentType: 'text/plain', content: 'not base64!' }],
    });
    expect(notBase64.statusCode).toBe(400);
    expect(JSON.stringify(json(notBase64))).toContain('/attachments/0/content');
  });
});
