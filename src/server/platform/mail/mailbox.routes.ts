/**
 * The dev mailbox: what Rapport would have sent while no SMTP server is configured (RAPPORT_MAIL_URL unset). Admins
 * only (`settings: update`): it shows password and invitation links.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../db/database.ts';
import { assertCan } from '../access/policy.ts';
import { notFound } from '../errors.ts';
import { errors, IdParams } from '../http.ts';
import type { Mailer } from './mailer.ts';

const MailSummary = Type.Object({
  id: Type.String(),
  from: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
const MailMessage = Type.Intersect([MailSummary, Type.Object({ html: Type.String(), text: Type.String() })], {
  $id: 'DevMailMessage',
});
const Mailbox = Type.Object({
  mode: Type.Union([Type.Literal('smtp'), Type.Literal('dev-mailbox')], {
    description: '`smtp` when RAPPORT_MAIL_URL is set (nothing new arrives here), else `dev-mailbox`',
  }),
  outbox: Type.Object({ pending: Type.Integer(), failed: Type.Integer() }),
  data: Type.Array(MailSummary),
});

export const mailboxRoutes: FastifyPluginAsyncTypebox<{ database: Database; mailer: Mailer }> = async (
  app,
  { database, mailer },
) => {
  const db = database.db;
  app.get(
    '/settings/mailbox',
    {
      config: { access: { object: 'settings', action: 'update' } },
      schema: {
        tags: ['settings'],
        operationId: 'listDevMailbox',
        summary: 'The dev mailbox: the 100 newest mails delivered here instead of by SMTP, and the outbox backlog',
        response: { 200: Mailbox, ...errors(401, 403) },
      },
    },
    async (request) => {
      assertCan(request.ctx().actor, 'settings', 'update');
      const rows = await db
        .selectFrom('dev_mailbox')
        .select(['id', 'from_address', 'to_address', 'subject', 'created_at'])
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(100)
        .execute();
      const counts = await db
        .selectFrom('mail_outbox')
        .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('status', 'in', ['pending', 'failed'])
        .groupBy('status')
        .execute();
      const count = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
      return {
        mode: mailer.mode,
        outbox: { pending: count('pending'), failed: count('failed') },
        data: rows.map((r) => ({
          id: r.id,
          from: r.from_address,
          to: r.to_address,
          subject: r.subject,
          createdAt: r.created_at,
        })),
      };
    },
  );

  app.get(
    '/settings/mailbox/:id',
    {
      config: { access: { object: 'settings', action: 'update' } },
      schema: {
        tags: ['settings'],
        operationId: 'getDevMail',
        summary: 'One mail in the dev mailbox, with its HTML and plain-text parts',
        params: IdParams,
        response: { 200: MailMessage, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      assertCan(request.ctx().actor, 'settings', 'update');
      const r = await db.selectFrom('dev_mailbox').selectAll().where('id', '=', request.params.id).executeTakeFirst();
      if (!r) throw notFound('mail');
      return {
        id: r.id,
        from: r.from_address,
        to: r.to_address,
        subject: r.subject,
        createdAt: r.created_at,
        html: r.html,
        text: r.text,
      };
    },
  );
};
