/** A keep-alive HTTP client with little overhead, for latency sampling against the bench server. */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export function request(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
  via: http.Agent = agent,
): Promise<Reply> {
  const url = new URL(path, base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent: via,
        headers: {
          ...headers,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export interface Session {
  headers: Record<string, string>;
}

export async function login(base: string, email: string, password: string): Promise<Session> {
  const r = await request(base, 'POST', '/api/v1/auth/login', {}, { email, password });
  if (r.status !== 200) throw new Error(`bench login failed: ${r.status} ${r.body}`);
  const cookies = ([] as string[]).concat(r.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => c.startsWith('rapport_csrf='))!.split('=')[1]!;
  return { headers: { cookie: cookies.join('; '), 'x-csrf-token': csrf } };
}

export function expectOk(r: Reply, what: string): Reply {
  if (r.status < 200 || r.status >= 300) throw new Error(`${what}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  return r;
}
