/**
 * Every route, from the OpenAPI document the app serves, gets arbitrary input in every path parameter, query parameter
 * and body field, as an admin: NUL, lone surrogates, 100k characters, numbers past every bound, hand-made cursors and
 * filters, and the wrong JSON type (number, object, array, null) where a string is expected. Whatever arrives, the
 * answer is never a 5xx. Runs per route are bounded (ROBUSTNESS_RUNS, default 60) so each database takes well under
 * a minute.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../test/harness.ts';

const RUNS = Number(process.env.ROBUSTNESS_RUNS ?? 60);

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  format?: string;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: JsonSchema;
}
interface Route {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: JsonSchema;
}

let t: TestContext;
let admin: TestUser;
let session: Session;
let routes: Route[] = [];
/** Ids of real records, so some requests reach past "not found" into the service and the database. */
const ids: string[] = [];
let fieldKeys: string[] = [];

// Loaded before the tests are collected (one `it` per route), from an app of its own.
const document = await (async () => {
  const probe = await testApp();
  try {
    return json<{ paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: unknown }>> }>(
      await probe.app.inject({ url: '/api/openapi.json' }),
    );
  } finally {
    await probe.close();
  }
})();
routes = Object.entries(document.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({
    method: method.toUpperCase(),
    path,
    parameters: op.parameters ?? [],
    body: (op.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)?.content?.[
      'application/json'
    ]?.schema,
  })),
);
// Routes that can end the session or switch modules off run last, so they do not hide the others' answers.
const last = (r: Route) => (r.path.includes('/auth/') || r.path.endsWith('/workspace') ? 1 : 0);
routes.sort((a, b) => last(a) - last(b));

async function post(url: string, payload: object): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url, headers: session.headers, payload });
  if (res.statusCode !== 201) throw new Error(`seed ${url}: ${res.statusCode} ${res.body}`);
  return json<{ id: string }>(res).id;
}

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North');
  session = await login(t.app, admin.email);
  const other = await createUser(t.services, 'sales', 'North');
  const companyId = await post('/api/v1/companies', {
    name: 'Acme',
    domain: 'acme.example',
    creditLimit: { amountMinor: 500_000, currency: 'EUR' },
  });
  const personId = await post('/api/v1/people', {
    firstName: 'Ada',
    lastName: 'Lovelace',
    companyId,
    emails: [{ email: 'ada@acme.example' }],
  });
  await post('/api/v1/people', { firstName: 'Bob', lastName: 'Babbage', emails: [{ email: 'bob@acme.example' }] });
  for (const [object, key, type, options] of [
    ['people', 'score', 'number', []],
    ['people', 'level', 'select', ['a', 'b']],
    ['companies', 'budget', 'currency', []],
    ['companies', 'since', 'date', []],
  ] as const) {
    ids.push(await post('/api/v1/custom-fields', { object, key, label: key, type, options }));
  }
  const due = new Date(Date.now() + 86_400_000).toISOString();
  ids.push(
    companyId,
    personId,
    other.id,
    await post('/api/v1/activities', { type: 'call', subject: 'Hello', personId }),
    await post('/api/v1/tasks', { title: 'Call back', personId, dueAt: due }),
    await post('/api/v1/promises', { description: 'Send the quote', personId, dueAt: due }),
    await post('/api/v1/teams', { name: 'South' }),
  );
  for (const object of ['people', 'companies']) {
    const res = await t.app.inject({ url: `/api/v1/meta/fields?object=${object}`, headers: session.headers });
    fieldKeys.push(...json<{ data: { key: string }[] }>(res).data.map((f) => f.key));
  }
  fieldKeys = [...new Set(fieldKeys)];
}, 120_000);
const statuses: string[] = [];
afterAll(async () => {
  if (process.env.ROBUSTNESS_DEBUG) {
    const counts = new Map<string, number>();
    for (const k of statuses) counts.set(k, (counts.get(k) ?? 0) + 1);
    console.log([...counts].map(([k, n]) => `${k} ×${n}`).join('\n'));
  }
  await t?.close();
});

// ---------- generators ----------

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const cursorOf = (value: unknown, id: unknown) => Buffer.from(JSON.stringify([value, id])).toString('base64url');

/** Strings a careless server trips on. */
const nastyString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.tuple(fc.string({ maxLength: 5 }), loneSurrogate, fc.string({ maxLength: 5 })).map((p) => p.join('')),
    fc.tuple(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })).map(([a, b]) => `${a}\u0000${b}`),
    fc.constantFrom(
      'x'.repeat(100_000),
      '',
      ' ',
      '%',
      '_',
      "'",
      '"',
      '\\',
      '1e20',
      '-1e20',
      '9007199254740993',
      '-1',
      '0',
      '1.5',
      'NaN',
      'Infinity',
      'null',
      'true',
      '2026-13-45',
      '9999-12-31T23:59:59Z',
      '0000-01-01',
      '-271821-04-20T00:00:00Z',
      '+275760-09-13T00:00:01Z',
      '2026-12-31T23:59:60Z',
      'eyJ',
      '01HZ',
      '00000000-0000-0000-0000-000000000000',
    ),
    fc.constantFrom(...ids),
    // Hand-made cursors: the right shape with a value of the wrong type or out of any range.
    fc
      .tuple(
        fc.oneof(
          fc.string({ maxLength: 10 }),
          fc.constantFrom(1e20, -1e20, 2 ** 53 + 1, 1.5, 0, true, null, [], {}, '1e20', '2026-01-01T00:00:00.000Z'),
        ),
        fc.oneof(fc.constantFrom(...ids), fc.string({ maxLength: 10 }), fc.constant(42)),
      )
      .map(([v, id]) => cursorOf(v, id)),
    filterString(),
    sortString(),
  );

/** Filters on real field keys with any operator and value. */
const filterString = (): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom(...fieldKeys),
      fc.constantFrom('eq', 'ne', 'contains', 'startsWith', 'gt', 'gte', 'lt', 'lte', 'in', 'empty', 'notEmpty', 'x'),
      fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom('1e20', '9007199254740993', '1.5', 'true', '2026-01-01', 'a|1|', '%', '-1e400', '0x10', 'a'),
      ),
    )
    .map(([k, op, v]) => `${k}:${op}:${v}`);

const sortString = (): fc.Arbitrary<string> => fc.constantFrom(...fieldKeys).chain((k) => fc.constantFrom(k, `-${k}`));

/** JSON values of every type, including numbers past every bound. */
const wrongType = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(null, true, false, 0, -1, 1.5, 1e20, -1e20, 2 ** 53 + 1, 1e308, -1e308, {}, [], [null], { a: 1 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 3 }),
  );

const CANDIDATES = [
  'a',
  'Acme',
  'North',
  'EUR',
  'US',
  'en',
  'role-x',
  'score',
  'lead',
  '09:00',
  'person.created',
  'x@example.com',
  'https://example.com',
  '+44 20 7946 0000',
];

/** A string the schema accepts where one of the candidates fits it. */
function plausibleString(schema: JsonSchema, name: string): fc.Arbitrary<unknown> {
  if (/Id$|^id$/.test(name)) return fc.constantFrom(...ids);
  if (/email/i.test(name)) return fc.constantFrom('ada@acme.example', 'new@example.com');
  if (/At$|^from$|^to$|date|since/i.test(name) || schema.format === 'date-time' || schema.pattern?.includes('\\d{4}')) {
    return fc
      .integer({ min: -400, max: 400 })
      .map((d) => new Date(Date.now() + d * 86_400_000).toISOString())
      .chain((iso) => (schema.format === 'date-time' ? fc.constant(iso) : fc.constantFrom(iso, iso.slice(0, 10))));
  }
  if (name === 'filter') return filterString();
  if (name === 'sort') return sortString();
  if (name === 'cursor') return fc.constant(undefined);
  const fits = CANDIDATES.filter(
    (c) =>
      (!schema.pattern || new RegExp(schema.pattern).test(c)) &&
      c.length <= (schema.maxLength ?? Infinity) &&
      c.length >= (schema.minLength ?? 0),
  );
  return fc.constantFrom(...(fits.length > 0 ? fits : ['a']));
}

const typeOf = (schema: JsonSchema | undefined): string | undefined => {
  if (!schema) return undefined;
  if (schema.enum) return 'enum';
  if (schema.anyOf) return typeOf(schema.anyOf.find((x) => x.type !== 'null'));
  return Array.isArray(schema.type) ? schema.type[0] : schema.type;
};

/** A value the schema accepts (or nearly), so the corrupted fields beside it get past validation into the service. */
function plausible(schema: JsonSchema | undefined, name: string, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.constant('a');
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((x) => plausible(x, name, depth + 1)));
  switch (typeOf(schema)) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? -10;
      const max = schema.maximum ?? 10;
      const lo = Math.max(min, -10);
      const hi = Math.min(max, 10);
      // A number may have fractional bounds (a score from 0.5 to 1): drawn as a double; an integer as an integer.
      const inside =
        typeOf(schema) === 'number'
          ? fc.double({ min: lo, max: hi, noNaN: true })
          : Math.ceil(lo) <= Math.floor(hi)
            ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) })
            : fc.constant(min);
      return fc.oneof(fc.constantFrom(min, max), inside);
    }
    case 'array':
      return fc.array(plausible(schema.items, name, depth + 1), { maxLength: 2 });
    case 'object':
      if (schema.properties) return objectOf(schema, depth + 1, 0);
      return fc.dictionary(
        fc.constantFrom('score', 'level', 'budget', 'since', 'people', 'companies'),
        fc.oneof(fc.constantFrom('a', 'read', 'write', 'all', 3, true, '2026-01-01'), wrongType()),
        { maxKeys: 3 },
      );
    default:
      return plausibleString(schema, name);
  }
}

/** A value meant to break the field: a nasty string, the wrong type, a number past any bound, a broken element. */
function corrupt(schema: JsonSchema | undefined, name: string, depth: number): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [nastyString(), wrongType()];
  const type = typeOf(schema);
  const inner = schema?.anyOf?.find((x) => x.type !== 'null') ?? schema;
  if (type === 'integer' || type === 'number') {
    options.push(fc.constantFrom(1e15, 1e15 + 1, 2 ** 53 + 1, 1e20, -1e20, 0.5, -1, (inner?.maximum ?? 0) + 1));
  }
  if (type === 'array' && depth < 4) {
    options.push(fc.array(corrupt(inner?.items, name, depth + 1), { minLength: 1, maxLength: 3 }));
  }
  if (type === 'object' && inner?.properties && depth < 4) options.push(objectOf(inner, depth + 1, 1));
  return fc.oneof(...options);
}

/** A plausible object with up to `maxBad` of its fields corrupted. */
function objectOf(schema: JsonSchema, depth: number, maxBad = 2): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const keys = Object.keys(props);
  const required = new Set(schema.required ?? []);
  const model = Object.fromEntries(keys.map((k) => [k, plausible(props[k], k, depth)]));
  const base = fc.record(model, { requiredKeys: keys.filter((k) => required.has(k)) });
  const bad = fc
    .subarray(keys, { maxLength: Math.min(maxBad, keys.length) })
    .chain((ks) => fc.tuple(...ks.map((k) => corrupt(props[k], k, depth))).map((vs) => ks.map((k, i) => [k, vs[i]])));
  return fc.tuple(base, bad).map(([b, pairs]) => ({ ...b, ...Object.fromEntries(pairs) }));
}

/** Percent-encodes what encodeURIComponent can; a lone surrogate goes as its (invalid) UTF-8 bytes. */
function enc(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return [...s]
    .map((ch) => {
      const c = ch.codePointAt(0)!;
      if (c >= 0xd800 && c <= 0xdfff)
        return `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`;
      return encodeURIComponent(ch);
    })
    .join('');
}

/** Printable ASCII, what a header can carry over HTTP. */
const asciiString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
    fc.constantFrom('x'.repeat(10_000), '%E0%A4%A', 'rap_', 'rap_x', '""', ';', '='),
  );

/** One credential or precondition header replaced by something odd. */
const headerInput = (): fc.Arbitrary<[string, string]> =>
  fc.oneof(
    asciiString().map((v): [string, string] => ['authorization', `Bearer ${v}`]),
    asciiString().map((v): [string, string] => ['authorization', v]),
    asciiString().map((v): [string, string] => ['x-csrf-token', v]),
    asciiString().map((v): [string, string] => ['cookie', `rapport_session=${v}; rapport_csrf=${v}`]),
    asciiString().map((v): [string, string] => ['if-match', v]),
  );

interface Input {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  ifMatch: string | undefined;
  header: [string, string] | undefined;
}

function inputFor(route: Route): fc.Arbitrary<Input> {
  const params = Object.fromEntries(
    route.parameters
      .filter((p) => p.in === 'path')
      .map((p) => [p.name, fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids) }, nastyString())]),
  );
  const querySchema: JsonSchema = {
    type: 'object',
    properties: Object.fromEntries(
      route.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.schema ?? { type: 'string' }]),
    ),
  };
  const body = route.body
    ? fc.oneof({ weight: 8, arbitrary: objectOf(route.body, 0) }, { weight: 1, arbitrary: wrongType() })
    : fc.constant(undefined);
  return fc.record({
    params: fc.record(params),
    query: objectOf(querySchema, 0),
    body,
    ifMatch: fc.option(fc.constantFrom('"1"', '"2"', 'W/"1"', '"99999999999999999999"', '*', 'garbage'), {
      nil: undefined,
    }),
    header: fc.option(headerInput(), { nil: undefined, freq: 4 }),
  });
}

function urlFor(route: Route, input: Input): string {
  let path = `${route.path.replace(/\{(\w+)\}/g, (_m, name: string) => enc(input.params[name]) || 'x')}`;
  const pairs: string[] = [];
  for (const [k, v] of Object.entries(input.query)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) pairs.push(`${k}=${enc(item)}`);
  }
  if (pairs.length > 0) path += `?${pairs.join('&')}`;
  return path;
}

/** Logs in again if a route (logout, a role or user change) ended the admin's session. */
async function ensureSession(): Promise<void> {
  const me = await t.app.inject({ url: '/api/v1/auth/me', headers: session.headers });
  if (me.statusCode === 401) session = await login(t.app, admin.email);
}

describe('no route answers 5xx, whatever its parameters and body hold', () => {
  for (const route of routes) {
    it(`${route.method} ${route.path}`, { timeout: 120_000 }, async () => {
      await ensureSession();
      await fc.assert(
        fc.asyncProperty(inputFor(route), async (input) => {
          const url = urlFor(route, input);
          const headers: Record<string, string> = { ...session.headers };
          if (input.ifMatch) headers['if-match'] = input.ifMatch;
          if (input.header) headers[input.header[0]] = input.header[1];
          const withBody = route.body !== undefined && input.body !== undefined;
          const res = await t.app.inject({
            method: route.method as 'GET',
            url,
            headers: withBody ? { ...headers, 'content-type': 'application/json' } : headers,
            ...(withBody ? { payload: JSON.stringify(input.body) } : {}),
          });
          if (res.statusCode === 401) await ensureSession();
          if (process.env.ROBUSTNESS_DEBUG) statuses.push(`${route.method} ${route.path} ${res.statusCode}`);
          expect(res.statusCode, `${route.method} ${url.slice(0, 300)} → ${res.body.slice(0, 500)}`).toBeLessThan(500);
        }),
        { numRuns: RUNS },
      );
    });
  }
});
