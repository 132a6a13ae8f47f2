import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login, type Session, type TestContext, testApp } from '../test/harness.ts';

let t: TestContext;
let s: Session;

beforeAll(async () => {
  t = await testApp();
  s = await login(t.app, (await createUser(t.services, 'admin', 'North')).email);
});
afterAll(() => t.close());

const FORMULAS = ['=HYPERLINK("http://x","y")', '+1', '-2', '@SUM(1)', '\t=1', '\r=1'];

describe('CSV exports never hand a spreadsheet a live formula', () => {
  it('people: names starting like a formula are exported prefixed with a quote', async () => {
    for (const f of FORMULAS) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/people',
        headers: s.headers,
        payload: { firstName: f, lastName: 'Formula', jobTitle: f },
      });
      expect(res.statusCode).toBe(201);
    }
    const res = await t.app.inject({
      url: '/api/v1/people/export.csv?filter=lastName:eq:Formula&columns=firstName,jobTitle',
      headers: s.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body).toContain(`"'=HYPERLINK(""http://x"",""y"")","'=HYPERLINK(""http://x"",""y"")"`);
    for (const cell of ["'+1", "'-2", "'@SUM(1)"]) expect(res.body).toContain(`${cell},${cell}\n`);
    const lines = res.body.split('\n').slice(1, -1);
    expect(lines).toHaveLength(FORMULAS.length);
    // Leading tabs and carriage returns are trimmed on input; whatever is left is still neutralised.
    for (const line of lines) expect(line.startsWith("'") || line.startsWith(`"'`)).toBe(true);
  });

  it('companies: names starting like a formula are exported prefixed with a quote', async () => {
    for (const f of FORMULAS) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/companies',
        headers: s.headers,
        payload: { name: `${f} Co` },
      });
      expect(res.statusCode).toBe(201);
    }
    const res = await t.app.inject({ url: '/api/v1/companies/export.csv?columns=name', headers: s.headers });
    expect(res.statusCode).toBe(200);
    const cells = res.body.split('\n').slice(1, -1);
    expect(cells).toHaveLength(FORMULAS.length);
    for (const cell of cells) expect(cell.startsWith("'") || cell.startsWith(`"'`)).toBe(true);
    expect(res.body).toContain(`"'=HYPERLINK(""http://x"",""y"") Co"`);
    expect(res.body).toContain("'@SUM(1) Co");
  });
});
