import { load } from '../lib/load.ts';
import type { Scenario } from '../lib/scenario.ts';

/** GET a person by id over HTTP: requests/s against a bare hello-world route on the same Fastify instance. */
export const getPerson: Scenario = {
  name: 'get-person',
  description: 'GET /api/v1/people/:id, req/s vs a bare Fastify route in the same process',
  async run(ctx) {
    const seconds = ctx.quick ? 5 : 15;
    const ids = ctx.samples.personIds;
    let i = 0;
    const hello = await load(ctx.base, {}, [{ method: 'GET', path: () => '/bench/hello' }], {
      connections: 10,
      seconds,
    });
    const person = await load(
      ctx.base,
      ctx.admin.headers,
      [{ method: 'GET', path: () => `/api/v1/people/${ids[i++ % ids.length]}` }],
      {
        connections: 10,
        seconds,
      },
    );
    const ratio = person.requestsPerSec / hello.requestsPerSec;
    return {
      name: this.name,
      unit: 'req/s',
      figures: {
        'req/s': person.requestsPerSec,
        p50: person.p50,
        'p97.5': person.p95,
        p99: person.p99,
        errors: person.errors + person.non2xx,
      },
      ceiling: { 'req/s': hello.requestsPerSec },
      ratio,
      ratioLabel: 'req/s vs bare route',
      targets: [
        { label: '≥ 40% of bare Fastify', pass: ratio >= 0.4 },
        { label: '0 errors', pass: person.errors + person.non2xx === 0 },
      ],
    };
  },
};
