/**
 * Imports over HTTP. The upload takes `multipart/form-data` (`file`, `kind`) or a raw `text/csv` body with `?kind=`,
 * streamed to disk (never parsed into memory by Fastify); the other routes are JSON. Every route is for any logged-in
 * user: the service checks the role's create (and update, delete) permission on the kind and shows users only their
 * own imports (admins everyone's), 404 for the rest.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, fileResponse, IdParams } from '../../platform/http.ts';
import { StringEnum } from '../../platform/schema.ts';
import {
  DryRun,
  IMPORT_KINDS,
  Import,
  ImportOptions,
  RejectedQuery,
  Rejection,
  SavedMapping,
  SavedMappingInput,
  SheetInput,
  UploadQuery,
} from './imports.schemas.ts';
import type { ImportsService } from './imports.service.ts';

export const importsRoutes: FastifyPluginAsyncTypebox<{ imports: ImportsService }> = async (app, { imports }) => {
  // The body is left unread (the handler streams `request.raw` to disk as it arrives, whatever its size); it is not
  // handed on as `request.body`, which the request hooks walk as data.
  for (const type of [
    'multipart/form-data',
    'text/csv',
    'text/vcard',
    'text/x-vcard',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/octet-stream',
  ]) {
    app.addContentTypeParser(type, (_request, _payload, done) => done(null, undefined));
  }

  app.post(
    '/imports',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        operationId: 'createImport',
        summary:
          'Upload a CSV, XLSX or vCard file to import people or companies (multipart `file`, `kind` and for XLSX ' +
          'optionally `sheet`; or the raw file as the body with ?kind=): answers its detected format, encoding, ' +
          'delimiter, sheets, headers and a suggested mapping (a saved mapping when one fits the headers)',
        consumes: [
          'multipart/form-data',
          'text/csv',
          'text/vcard',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        ],
        querystring: UploadQuery,
        response: { 201: Import, ...errors(400, 401, 403, 413, 422) },
      },
    },
    async (request, reply) => {
      const created = await imports.upload(request.ctx(), {
        contentType: request.headers['content-type'],
        body: request.raw,
        kind: request.query.kind,
        fileName: request.query.fileName,
        ...(request.query.sheet ? { sheet: request.query.sheet } : {}),
      });
      return reply.status(201).send(created);
    },
  );

  // Saved mappings come before /imports/:id so "mappings" is never read as an id.
  app.get(
    '/imports/mappings',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        operationId: 'listImportMappings',
        summary: 'Saved mappings of the kinds you may import, by kind and name',
        querystring: Type.Object({ kind: Type.Optional(StringEnum(IMPORT_KINDS)) }),
        response: { 200: Type.Object({ data: Type.Array(SavedMapping) }), ...errors(400, 401) },
      },
    },
    async (request) => ({ data: await imports.mappings(request.ctx(), request.query.kind) }),
  );

  app.post(
    '/imports/mappings',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        operationId: 'saveImportMapping',
        summary: 'Save a mapping of headers to fields for a kind under a name (replaces the one of that name)',
        body: SavedMappingInput,
        response: { 201: SavedMapping, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await imports.saveMapping(request.ctx(), request.body)),
  );

  app.delete(
    '/imports/mappings/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        operationId: 'deleteImportMapping',
        summary: 'Delete a saved mapping (the user who saved it, or an admin)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await imports.deleteMapping(request.ctx(), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/imports',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        operationId: 'listImports',
        summary: 'Your most recent imports (admins: everyone’s), newest first',
        response: { 200: Type.Object({ data: Type.Array(Import) }), ...errors(401) },
      },
    },
    async (request) => ({ data: await imports.list(request.ctx()) }),
  );

  app.get(
    '/imports/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        operationId: 'getImport',
        summary: 'An import: its file, mapping, status and counts, with the link to its rejected rows',
        params: IdParams,
        response: { 200: Import, ...errors(401, 404) },
      },
    },
    async (request) => imports.get(request.ctx(), request.params.id),
  );

  app.patch(
    '/imports/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        operationId: 'chooseImportSheet',
        summary: 'Read another sheet of an uploaded XLSX workbook (before a run): its headers and suggested mapping',
        params: IdParams,
        body: SheetInput,
        response: { 200: Import, ...errors(400, 401, 404, 409, 422) },
      },
    },
    async (request) => imports.chooseSheet(request.ctx(), request.params.id, request.body.sheet),
  );

  app.post(
    '/imports/:id/dry-run',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        operationId: 'dryRunImport',
        summary:
          'Read the whole file and say what each row would do (created, updated, skipped, rejected), writing nothing',
        params: IdParams,
        body: ImportOptions,
        response: { 200: DryRun, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => imports.dryRun(request.ctx(), request.params.id, request.body),
  );

  app.post(
    '/imports/:id/run',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        operationId: 'runImport',
        summary: 'Start the import as a background job (follow it through its job); answers the import, now running',
        params: IdParams,
        body: ImportOptions,
        response: { 202: Import, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.status(202).send(await imports.run(request.ctx(), request.params.id, request.body)),
  );

  app.post(
    '/imports/:id/undo',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        operationId: 'undoImport',
        summary: 'Undo a finished import as a background job: created records to the bin, updated fields restored',
        params: IdParams,
        response: { 202: Import, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(202).send(await imports.undo(request.ctx(), request.params.id)),
  );

  app.get(
    '/imports/:id/rejections',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        operationId: 'listImportRejections',
        summary: 'The first rejected rows of the run (or of the last dry run), in file order; the CSV has them all',
        params: IdParams,
        querystring: Type.Object({
          phase: RejectedQuery.properties.phase,
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: { 200: Type.Object({ data: Type.Array(Rejection) }), ...errors(400, 401, 404) },
      },
    },
    async (request) => ({
      data: await imports.rejections(
        request.ctx(),
        request.params.id,
        request.query.phase ?? 'run',
        request.query.limit,
      ),
    }),
  );

  app.get(
    '/imports/:id/rejected.csv',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        operationId: 'downloadImportRejections',
        summary: 'The rejected rows of the run (or of the last dry run) as CSV: row, column, reason',
        params: IdParams,
        querystring: RejectedQuery,
        response: { 200: fileResponse('CSV of the rejected rows', 'text/csv'), ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const lines = imports.rejectedCsv(request.ctx(), request.params.id, request.query.phase ?? 'run');
      const first = await lines.next(); // the access check runs before any byte is sent
      const stream = Readable.from(
        (async function* () {
          if (!first.done) yield first.value;
          yield* lines;
        })(),
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('cache-control', 'no-store')
        .header(
          'content-disposition',
          `attachment; filename="import-${request.params.id}-${request.query.phase ?? 'run'}-rejected.csv"`,
        )
        .send(stream);
    },
  );
};
