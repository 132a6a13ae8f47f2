import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('correct horse batterY', h)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('rejects short, common and email-derived passwords', () => {
    expect(passwordProblem('short')).toMatch(/at least 8/);
    expect(passwordProblem('password1')).toMatch(/common/);
    expect(passwordProblem('Qwerty123')).toMatch(/common/);
    expect(passwordProblem('aaaaaaaaaa')).toMatch(/repeated/);
    expect(passwordProblem('ada.lovelace!!', { email: 'ada.lovelace@example.com' })).toMatch(/email/);
    expect(passwordProblem('a-long-unusual-phrase')).toBeUndefined();
  });

  it('rejects the published demo password, the product name with a common word, and the email itself', () => {
    for (const p of [
      'rapport-demo',
      'Rapport-Demo!',
      'RAPPORT_DEMO_2026',
      'rapport2026',
      'RapportCRM',
      'admin-rapport',
    ]) {
      expect(passwordProblem(p), p).toMatch(/product name or the published demo password/);
    }
    expect(passwordProblem('my rapport with customers')).toBeUndefined();
    expect(passwordProblem('abc@example.com', { email: 'ABC@example.com' })).toMatch(/email/);
    expect(passwordProblem('x-abc@example.com-1', { email: 'abc@example.com' })).toMatch(/email/);
  });
});
