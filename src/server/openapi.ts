/**
 * The OpenAPI document of the whole API, built from the real app without listening: the same plugin tree the server
 * serves at /api/openapi.json, on a throwaway in-memory database. `npm run gen:api` turns it into the web app's types;
 * its tests lint it.
 */
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { createServices } from './services.ts';

export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown> } & Record<string, unknown>;
  [key: string]: unknown;
}

export interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  responses?: Record<string, unknown>;
  [key: string]: unknown;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Every operation in the document, with its method and path. */
export function operations(doc: OpenApiDocument): { method: string; path: string; operation: OpenApiOperation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => (HTTP_METHODS as readonly string[]).includes(method))
      .map(([method, operation]) => ({ method, path, operation })),
  );
}

export async function buildOpenApiDocument(): Promise<OpenApiDocument> {
  const config = loadConfig(
    { LOG_LEVEL: 'silent', RAPPORT_WEB_DIST: '/nonexistent' },
    { baseUrl: 'http://localhost:3000' },
  );
  const database = await openDatabase('sqlite::memory:');
  try {
    const app = await buildApp(config, createServices(database, config));
    try {
      await app.ready();
      // A deep copy: the caller may change it without touching the app's cached document.
      return structuredClone(app.swagger()) as unknown as OpenApiDocument;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}
