import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DataEnvelope, errors, IdParams, ifMatch, setEtag } from '../../platform/http.ts';
import { newId } from '../../platform/ids.ts';
import { CreateLeadForm, LeadForm, Submission, SubmissionAccepted, UpdateLeadForm } from './lead-forms.schemas.ts';
import type { LeadFormsService } from './lead-forms.service.ts';

const configure = { access: { object: 'settings', action: 'update' }, module: 'sales' } as const;
const read = { access: { object: 'settings', action: 'read' }, module: 'sales' } as const;

/** Submissions a client address may send to one form per minute. */
export const SUBMISSIONS_PER_MINUTE = 10;

/** Settings → Lead forms: define the web forms (under /api/v1). */
export const leadFormsRoutes: FastifyPluginAsyncTypebox<{ leadForms: LeadFormsService }> = async (
  app,
  { leadForms },
) => {
  app.get(
    '/lead-forms',
    {
      config: read,
      schema: {
        operationId: 'listLeadForms',
        summary: 'The web forms that capture leads, with their embeddable snippets',
        tags: ['sales'],
        response: { 200: DataEnvelope(LeadForm), ...errors(401, 403) },
      },
    },
    async (request) => ({ data: await leadForms.list(request.ctx()) }),
  );
  app.post(
    '/lead-forms',
    {
      config: configure,
      schema: {
        operationId: 'createLeadForm',
        summary: 'Define a web form: its fields, the stage its deals open in and who gets them; answers its snippet',
        tags: ['sales'],
        body: CreateLeadForm,
        response: { 201: LeadForm, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const f = await leadForms.create(request.ctx(), request.body);
      setEtag(reply, f.version);
      return reply.status(201).header('location', `/api/v1/lead-forms/${f.id}`).send(f);
    },
  );
  app.get(
    '/lead-forms/:id',
    {
      config: read,
      schema: {
        operationId: 'getLeadForm',
        summary: 'A web form with its snippet',
        tags: ['sales'],
        params: IdParams,
        response: { 200: LeadForm, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const f = await leadForms.get(request.ctx(), request.params.id);
      setEtag(reply, f.version);
      return f;
    },
  );
  app.patch(
    '/lead-forms/:id',
    {
      config: configure,
      schema: {
        operationId: 'updateLeadForm',
        summary: 'Change a web form (If-Match guards the version)',
        tags: ['sales'],
        params: IdParams,
        body: UpdateLeadForm,
        response: { 200: LeadForm, ...errors(400, 401, 403, 404, 412, 422) },
      },
    },
    async (request, reply) => {
      const f = await leadForms.update(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, f.version);
      return f;
    },
  );
  app.delete(
    '/lead-forms/:id',
    {
      config: configure,
      schema: {
        operationId: 'deleteLeadForm',
        summary: 'Delete a web form (its endpoint answers 404; the people and deals it made stay)',
        tags: ['sales'],
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await leadForms.remove(request.ctx(), request.params.id);
      return reply.status(204).send(null);
    },
  );
};

/**
 * The public endpoint a web form posts to (under /api/public): no session, a rate limit per client address and form,
 * JSON (201 with the ids) or form-encoded (303 to the form's thank-you page).
 */
export const leadFormsPublicRoutes: FastifyPluginAsyncTypebox<{ leadForms: LeadFormsService }> = async (
  app,
  { leadForms },
) => {
  // Fastify reads JSON only; an HTML form posts application/x-www-form-urlencoded (this plugin's routes only).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const isForm = (contentType: string | undefined) =>
    (contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

  app.post(
    '/forms/:id/submissions',
    {
      config: {
        access: 'public',
        module: 'sales',
        rateLimit: {
          max: SUBMISSIONS_PER_MINUTE,
          timeWindow: '1 minute',
          keyGenerator: (request) => `${request.ip}|${(request.params as { id?: string }).id ?? ''}`,
        },
      },
      schema: {
        operationId: 'submitLeadForm',
        summary:
          'Submit a web form (public): creates or updates the person, opens a deal; JSON answers 201, a form post 303',
        tags: ['sales'],
        security: [],
        params: IdParams,
        body: Submission,
        response: {
          201: SubmissionAccepted,
          303: Type.Null({ description: "Form-encoded posts: redirect to the form's thank-you page" }),
          ...errors(400, 404, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const referer = typeof request.headers.referer === 'string' ? request.headers.referer : undefined;
      const result = await leadForms.submit(request.params.id, request.body, {
        requestId: request.id,
        ip: request.ip,
        referer,
      });
      if (isForm(request.headers['content-type'])) {
        const to = result.thankYouUrl ?? `/api/public/forms/${request.params.id}/thanks`;
        return reply.status(303).header('location', to).send(null);
      }
      // A filled honeypot is answered exactly like an accepted submission, with ids that exist nowhere.
      const accepted = result.stored
        ? result.accepted
        : { submissionId: newId(), personId: newId(), dealId: newId(), personCreated: true };
      return reply.status(201).send(accepted);
    },
  );

  app.get(
    '/forms/:id/thanks',
    {
      config: { access: 'public', module: 'sales' },
      schema: { hide: true, params: IdParams },
    },
    async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Thank you</title></head><body><main><h1>Thank you</h1><p>We received your message and will be in touch.</p></main></body></html>',
        ),
  );
};
