/** Privacy requests about a person (access export, erasure, consent records) and the retention rule. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, fileResponse, IdParams } from '../../platform/http.ts';
import { StringEnum } from '../../platform/schema.ts';
import { ConsentRecordSchema, NewConsentRecordSchema, type PeopleService } from '../people/index.ts';
import type { PrivacyService } from './privacy.service.ts';

const EraseBody = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: 500,
      pattern: '\\S',
      description: 'Why the person is erased (kept in the audit log, with any identifier it quotes removed)',
    }),
  },
  { title: 'ErasureRequest', additionalProperties: false },
);

const Erasure = Type.Object(
  {
    id: Type.String({ description: 'The person, kept as an anonymised record' }),
    erasedAt: Type.String(),
    rowsChanged: Type.Record(Type.String(), Type.Integer(), { description: 'Rows removed or rewritten, per table' }),
    filesChanged: Type.Integer({ description: 'Files under the data folder rewritten or deleted' }),
  },
  { title: 'Erasure' },
);

const Action = StringEnum(['flag', 'anonymise'] as const);

const RetentionSettings = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Whether the daily job applies the rule' }),
    months: Type.Integer({ minimum: 1, maximum: 240, description: 'Months without activity before the rule applies' }),
    action: Action,
    updatedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'RetentionSettings' },
);

const RetentionInput = Type.Object(
  {
    enabled: Type.Boolean(),
    months: Type.Integer({ minimum: 1, maximum: 240 }),
    action: Action,
  },
  { title: 'RetentionSettingsInput', additionalProperties: false },
);

const RetentionReport = Type.Object(
  {
    dryRun: Type.Boolean(),
    cutoff: Type.String({ description: 'People whose last activity and last change are before this are matched' }),
    months: Type.Integer(),
    action: Action,
    matched: Type.Integer({ description: 'People the rule matches now' }),
    applied: Type.Integer({ description: 'People this run flagged or anonymised (0 on a dry run)' }),
    data: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        lastActivityAt: Type.String(),
        flagged: Type.Boolean({ description: 'Already carries the retention-due flag' }),
      }),
      { description: 'The first 200 matches, oldest activity first' },
    ),
  },
  { title: 'RetentionReport' },
);

export const privacyRoutes: FastifyPluginAsyncTypebox<{ privacy: PrivacyService; people: PeopleService }> = async (
  app,
  { privacy, people },
) => {
  app.get(
    '/people/:id/privacy-export',
    {
      config: { access: { object: 'privacy', action: 'export' } },
      schema: {
        tags: ['privacy'],
        operationId: 'exportPersonPrivacyData',
        summary:
          'Everything held about a person across every module (subject access, portability): a zip of JSON and CSV',
        params: IdParams,
        response: {
          200: fileResponse('Zip of data.json, README.txt and one CSV per section', 'application/zip'),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { fileName, body } = await privacy.exportPerson(request.ctx(), request.params.id);
      return reply
        .header('content-type', 'application/zip')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(body);
    },
  );

  app.post(
    '/people/:id/erase',
    {
      config: { access: { object: 'privacy', action: 'delete' } },
      schema: {
        tags: ['privacy'],
        operationId: 'erasePerson',
        summary:
          'Erase a person: their personal data anonymised in every table and stored file, audited without identifiers',
        params: IdParams,
        body: EraseBody,
        response: { 200: Erasure, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => privacy.erase(request.ctx(), request.params.id, request.body.reason.trim()),
  );

  app.get(
    '/people/:id/consents',
    {
      config: { access: { object: 'people', action: 'read' } },
      schema: {
        tags: ['privacy'],
        operationId: 'listPersonConsents',
        summary: "A person's consent records, newest first (the newest per purpose is in force)",
        params: IdParams,
        response: {
          200: Type.Object(
            {
              data: Type.Array(ConsentRecordSchema),
              erasedAt: Type.Union([Type.String(), Type.Null()], {
                description: "When the person's personal data was erased, if it was",
              }),
            },
            { title: 'ConsentHistory' },
          ),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => people.consentHistory(request.ctx(), request.params.id),
  );

  app.post(
    '/people/:id/consents',
    {
      config: { access: { object: 'people', action: 'update' } },
      schema: {
        tags: ['privacy'],
        operationId: 'recordPersonConsent',
        summary: 'Record consent given or withdrawn (appended: it supersedes the purpose’s previous record)',
        params: IdParams,
        body: NewConsentRecordSchema,
        response: { 201: ConsentRecordSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await people.recordConsent(request.ctx(), request.params.id, request.body)),
  );

  app.get(
    '/privacy/retention',
    {
      config: { access: { object: 'privacy', action: 'read' } },
      schema: {
        tags: ['privacy'],
        operationId: 'getRetentionSettings',
        summary: 'The retention rule: inactive for N months → flag or anonymise',
        response: { 200: RetentionSettings, ...errors(401, 403) },
      },
    },
    async (request) => privacy.retentionSettings(request.ctx()),
  );

  app.put(
    '/privacy/retention',
    {
      config: { access: { object: 'privacy', action: 'update' } },
      schema: {
        tags: ['privacy'],
        operationId: 'updateRetentionSettings',
        summary: 'Change the retention rule',
        body: RetentionInput,
        response: { 200: RetentionSettings, ...errors(400, 401, 403) },
      },
    },
    async (request) => privacy.updateRetention(request.ctx(), request.body),
  );

  app.get(
    '/privacy/retention/report',
    {
      config: { access: { object: 'privacy', action: 'read' } },
      schema: {
        tags: ['privacy'],
        operationId: 'retentionDryRun',
        summary: 'Dry run of the retention rule: who it matches now, changing nothing',
        response: { 200: RetentionReport, ...errors(401, 403) },
      },
    },
    async (request) => privacy.runRetention(request.ctx(), { dryRun: true }),
  );

  app.post(
    '/privacy/retention/run',
    {
      config: { access: { object: 'privacy', action: 'delete' } },
      schema: {
        tags: ['privacy'],
        operationId: 'runRetention',
        summary: 'Apply the retention rule now (as the daily job does), whether or not it is switched on',
        response: { 200: RetentionReport, ...errors(401, 403) },
      },
    },
    async (request) => privacy.runRetention(request.ctx(), { dryRun: false }),
  );
};
