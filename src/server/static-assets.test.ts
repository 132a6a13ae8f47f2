import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { createServices } from './services.ts';
import { type TestDatabase, testConfig, testDatabase } from './test/harness.ts';

// A build as Vite writes it: hashed files under assets/, each text file beside its .br and .gz.
const dist = mkdtempSync(join(tmpdir(), 'rapport-dist-'));
const JS = `export const hello = ${JSON.stringify('world '.repeat(400))};\n`;
const HTML = '<!doctype html><title>Rapport</title><script type="module" src="/assets/index-C0ffee12.js"></script>';
function write(file: string, text: string) {
  writeFileSync(join(dist, file), text);
  writeFileSync(join(dist, `${file}.br`), brotliCompressSync(text));
  writeFileSync(join(dist, `${file}.gz`), gzipSync(text));
}

let tdb: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'));
  write('index.html', HTML);
  write('assets/index-C0ffee12.js', JS);
  tdb = await testDatabase();
  const config = testConfig({ webDist: dist });
  app = await buildApp(config, createServices(tdb.database, config));
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await tdb.drop();
  rmSync(dist, { recursive: true, force: true });
});

const IMMUTABLE = 'public, max-age=31536000, immutable';

describe('the web app files', () => {
  it('sends a hashed file as brotli when accepted, cached for a year', async () => {
    const r = await app.inject({
      url: '/assets/index-C0ffee12.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(r.headers['cache-control']).toBe(IMMUTABLE);
    expect(r.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(r.rawPayload).toString()).toBe(JS);
  });

  it('sends gzip to a browser that accepts only gzip, and the plain file to one that accepts neither', async () => {
    const gz = await app.inject({ url: '/assets/index-C0ffee12.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe(IMMUTABLE);
    expect(gunzipSync(gz.rawPayload).toString()).toBe(JS);

    const plain = await app.inject({ url: '/assets/index-C0ffee12.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe(IMMUTABLE);
    expect(plain.body).toBe(JS);
  });

  it('makes browsers revalidate index.html, at / and at any page of the app', async () => {
    for (const url of ['/', '/people/123']) {
      const r = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['cache-control'], url).toBe('no-cache');
      expect(r.headers['content-type'], url).toMatch(/text\/html/);
      const body = r.headers['content-encoding'] === 'br' ? brotliDecompressSync(r.rawPayload).toString() : r.body;
      expect(body, url).toBe(HTML);
    }
  });

  it('answers 404 for a missing asset', async () => {
    expect((await app.inject({ url: '/assets/index-Missing1.js' })).statusCode).toBe(404);
  });
});
