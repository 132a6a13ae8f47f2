/** Queries of inbound email: cases found by a Message-ID of their thread or by reference, and case attachments. */
import type { Insertable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { CaseAttachmentsTable } from '../../db/schema.ts';

/** Whether a mail with this Message-ID is already on a case. */
export async function hasMessage(db: Executor, messageId: string): Promise<boolean> {
  const row = await db.selectFrom('case_messages').select('id').where('message_id', '=', messageId).executeTakeFirst();
  return row !== undefined;
}

/** The live case whose thread holds the newest of these Message-IDs. */
export async function caseByMessageIds(
  db: Executor,
  ids: string[],
): Promise<{ id: string; status: string } | undefined> {
  if (ids.length === 0) return undefined;
  return db
    .selectFrom('case_messages')
    .innerJoin('cases', 'cases.id', 'case_messages.case_id')
    .select(['cases.id', 'cases.status'])
    .where('case_messages.message_id', 'in', ids.slice(0, 100))
    .where('cases.deleted_at', 'is', null)
    .orderBy('case_messages.created_at', 'desc')
    .executeTakeFirst();
}

export function caseByReference(db: Executor, reference: string): Promise<{ id: string; status: string } | undefined> {
  return db
    .selectFrom('cases')
    .select(['id', 'status'])
    .where('reference', '=', reference)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function insertAttachments(db: Executor, rows: Insertable<CaseAttachmentsTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('case_attachments').values(rows).execute();
}

export function attachment(db: Executor, caseId: string, id: string) {
  return db
    .selectFrom('case_attachments')
    .selectAll()
    .where('id', '=', id)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
}
