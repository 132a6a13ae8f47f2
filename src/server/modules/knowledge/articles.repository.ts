/** All SQL for articles. Lists go through the record kernel. */
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { ArticlesTable } from '../../db/schema.ts';

export type ArticleRow = Selectable<ArticlesTable>;

export function records(db: Executor) {
  return db.selectFrom('articles').selectAll('articles');
}

export function findRow(db: Executor, id: string): Promise<ArticleRow | undefined> {
  return db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Live rows among `ids`, in no particular order. */
export async function liveRows(db: Executor, ids: string[]): Promise<ArticleRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('articles').selectAll().where('id', 'in', ids).where('deleted_at', 'is', null).execute();
}

/** Published public articles, newest first, optionally of one category (the portal's browsing list). */
export function publicRows(db: Executor, opts: { category?: string; limit: number }): Promise<ArticleRow[]> {
  let q = db
    .selectFrom('articles')
    .selectAll()
    .where('deleted_at', 'is', null)
    .where('visibility', '=', 'public')
    .where('status', '=', 'published');
  if (opts.category) q = q.where('category', '=', opts.category);
  return q.orderBy('category').orderBy('title').limit(opts.limit).execute();
}

/** The categories in use, with how many live articles each has (public published only when `publicOnly`). */
export async function categories(db: Executor, publicOnly: boolean): Promise<{ name: string; count: number }[]> {
  let q = db
    .selectFrom('articles')
    .select(['category'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deleted_at', 'is', null)
    .where('category', 'is not', null);
  if (publicOnly) q = q.where('visibility', '=', 'public').where('status', '=', 'published');
  const rows = await q.groupBy('category').orderBy('category').execute();
  return rows.map((r) => ({ name: r.category as string, count: Number(r.n) }));
}
