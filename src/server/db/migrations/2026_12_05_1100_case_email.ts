import type { Kysely } from 'kysely';

/**
 * Email on cases: each message's RFC 5322 Message-ID (outbound ones minted by Rapport, inbound ones as received, unique
 * so a mail delivered twice is stored once), the sender address and whether it was an automatic reply or a bounce;
 * the threading headers a queued mail carries through the outbox; the attachments of inbound mail (files on disk,
 * content-addressed, under the data folder); and canned responses for agents' replies.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('case_messages').addColumn('message_id', 'text').execute();
  await db.schema.alterTable('case_messages').addColumn('email_from', 'text').execute();
  await db.schema
    .alterTable('case_messages')
    .addColumn('automated', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('case_messages_message_id_uq')
    .ifNotExists()
    .unique()
    .on('case_messages')
    .column('message_id')
    .execute();
  // JSON: { messageId, inReplyTo, references[], replyTo, subject } for a threaded mail; null for the others.
  await db.schema.alterTable('mail_outbox').addColumn('headers', 'text').execute();
  await db.schema.alterTable('dev_mailbox').addColumn('headers', 'text').execute();

  await db.schema
    .createTable('case_attachments')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    // stored | refused
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('refused_reason', 'text')
    // sha-256 of the content: the file's name on disk; null when refused
    .addColumn('sha256', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('case_attachments_message_idx')
    .ifNotExists()
    .on('case_attachments')
    .columns(['message_id'])
    .execute();
  await db.schema
    .createIndex('case_attachments_case_idx')
    .ifNotExists()
    .on('case_attachments')
    .column('case_id')
    .execute();

  await db.schema
    .createTable('canned_responses')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('canned_responses').ifExists().execute();
  await db.schema.dropTable('case_attachments').ifExists().execute();
  await db.schema.dropIndex('case_messages_message_id_uq').ifExists().execute();
  await db.schema.alterTable('dev_mailbox').dropColumn('headers').execute();
  await db.schema.alterTable('mail_outbox').dropColumn('headers').execute();
  await db.schema.alterTable('case_messages').dropColumn('automated').execute();
  await db.schema.alterTable('case_messages').dropColumn('email_from').execute();
  await db.schema.alterTable('case_messages').dropColumn('message_id').execute();
}
