import { describe, expect, it } from 'vitest';
import { InvalidConfigError, loadConfig, SETTINGS, settingsMarkdown } from './config.ts';

describe('loadConfig', () => {
  it('has a default and a description for every setting', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBe('sqlite:./data/rapport.db');
    expect(c.demo).toBe(false);
    for (const s of SETTINGS) expect(s.description.length).toBeGreaterThan(10);
    expect(settingsMarkdown()).toContain('`DATABASE_URL`');
  });

  it('names every invalid variable', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', RAPPORT_ADMIN_EMAIL: 'a@b.co' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidConfigError);
      const names = (err as InvalidConfigError).problems.map((p) => p.env).sort();
      expect(names).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'RAPPORT_ADMIN_EMAIL']);
      expect((err as Error).message).toContain('PORT: must be a whole number');
    }
  });

  it('reads booleans and URLs', () => {
    const c = loadConfig({
      RAPPORT_DEMO: 'yes',
      RAPPORT_BASE_URL: 'https://crm.example.com/',
      DATABASE_URL: 'postgres://u@h/db',
    });
    expect(c.demo).toBe(true);
    expect(c.baseUrl).toBe('https://crm.example.com');
    expect(c.databaseUrl).toBe('postgres://u@h/db');
  });

  it('trusts no forwarded address unless RAPPORT_TRUST_PROXY names proxies or a hop count', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ RAPPORT_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ RAPPORT_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ RAPPORT_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    for (const bad of ['true', '10.0.0.0/33', 'proxy.example.com', '10.0.0.1,', '11']) {
      expect(() => loadConfig({ RAPPORT_TRUST_PROXY: bad }), bad).toThrow(/RAPPORT_TRUST_PROXY/);
    }
  });

  it('reads the mail settings: unset means the dev mailbox; a bad URL or sender is named', () => {
    const none = loadConfig({});
    expect([none.mailUrl, none.mailFrom]).toEqual([undefined, undefined]);
    const c = loadConfig({
      RAPPORT_MAIL_URL: 'smtps://u:p@mail.example.com:465',
      RAPPORT_MAIL_FROM: 'CRM <crm@example.com>',
    });
    expect(c.mailUrl).toBe('smtps://u:p@mail.example.com:465');
    expect(c.mailFrom).toBe('CRM <crm@example.com>');
    expect(loadConfig({ RAPPORT_MAIL_FROM: 'crm@example.com' }).mailFrom).toBe('crm@example.com');
    expect(() => loadConfig({ RAPPORT_MAIL_URL: 'http://mail.example.com' })).toThrow(
      /RAPPORT_MAIL_URL: must be an smtp/,
    );
    expect(() => loadConfig({ RAPPORT_MAIL_FROM: 'not an address' })).toThrow(/RAPPORT_MAIL_FROM/);
    expect(SETTINGS.find((s) => s.env === 'RAPPORT_MAIL_URL')?.secret).toBe(true);
  });
});
