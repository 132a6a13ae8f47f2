/**
 * The self-service part of the demo workspace, written through the services (search documents, audit and events as
 * in real use): the public knowledge base (`articles.ts`), published, with related articles linked.
 */
import { systemCtx } from '../platform/access/policy.ts';
import type { Services } from '../services.ts';
import { DEMO_ARTICLES } from './articles.ts';

/** Related articles of the demo: each title with the titles shown under it. */
const RELATED: [string, string[]][] = [
  ['Which plan is right for my team?', ['Upgrade to the Business plan', 'Add or remove seats']],
  ['Add or remove seats', ['Which plan is right for my team?', 'Renewals and cancelling']],
  ['I was charged twice', ['Download an invoice or a receipt']],
  ['Sign in with a link instead of a password (customer portal)', ['Company administrators in the portal']],
  ['Support hours and response times', ['What Premium support adds', 'Raise a request and follow it']],
  ['What the onboarding package includes', ['Prepare your data for import', 'Book a training day']],
];

export async function seedSelfService(services: Services, adminEmail: string): Promise<{ articles: number }> {
  const ctx = systemCtx(await services.identity.actorForEmail(adminEmail));
  const ids = new Map<string, string>();
  for (const a of DEMO_ARTICLES) {
    const created = await services.articles.create(ctx, { ...a, status: 'published' });
    ids.set(a.title, created.id);
  }
  for (const [title, related] of RELATED) {
    await services.articles.update(ctx, ids.get(title)!, { relatedArticleIds: related.map((r) => ids.get(r)!) });
  }
  return { articles: ids.size };
}
