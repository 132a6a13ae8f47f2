/**
 * The self-service part of the demo workspace, written through the services (search documents, audit and events as
 * in real use): the public knowledge base (`articles.ts`), published, with related articles linked; and portal
 * customers with history: invited contacts (two colleagues at one company, one of them its administrator), who signed
 * in by the emailed link, raised requests (one after reading an article), were answered by an agent and replied, and
 * changed their consent and the topics they hear about.
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

export async function seedSelfService(
  services: Services,
  adminEmail: string,
): Promise<{ articles: number; portalUsers: number }> {
  const ctx = systemCtx(await services.identity.actorForEmail(adminEmail));
  const ids = new Map<string, string>();
  for (const a of DEMO_ARTICLES) {
    const created = await services.articles.create(ctx, { ...a, status: 'published' });
    ids.set(a.title, created.id);
  }
  for (const [title, related] of RELATED) {
    await services.articles.update(ctx, ids.get(title)!, { relatedArticleIds: related.map((r) => ids.get(r)!) });
  }
  const portalUsers = await seedPortalCustomers(services, ctx, ids);
  return { articles: ids.size, portalUsers };
}

const REQUESTS: { subject: string; description: string; answer: string; reply?: string; read?: string }[] = [
  {
    subject: 'Second charge on our last invoice',
    description: 'Our card was charged twice for the renewal. Can you check?',
    answer:
      'You are right: the bank transfer and the card payment both went through. We refunded the card payment today.',
    reply: 'Thank you, we can see the refund.',
    read: 'I was charged twice',
  },
  {
    subject: 'Add three seats for the new sales team',
    description: 'Three new colleagues start on Monday.',
    answer: 'Done: three seats are active. The pro-rata invoice follows by email.',
  },
  {
    subject: 'Training day in March?',
    description: 'We would like a remote training day for 8 people in March.',
    answer: 'We can do 12 or 19 March. Which suits you?',
    reply: '19 March, please.',
  },
  {
    subject: 'Cannot sign in since this morning',
    description: 'The sign-in page says my password is wrong, but I did not change it.',
    answer: 'Sign-in paused after several attempts; it works again now. Use "Forgot password?" if it happens again.',
  },
];

/** Invites demo customers, signs them in through the real link flow, and gives them requests and replies. */
async function seedPortalCustomers(
  services: Services,
  ctx: ReturnType<typeof systemCtx>,
  articleIds: Map<string, string>,
): Promise<number> {
  const page = await services.people.list(ctx, { filter: 'lifecycleStage:eq:customer', limit: 200 });
  const candidates = page.data.filter((p) => (p.emails?.length ?? 0) > 0 && p.companyId);
  const byCompany = new Map<string, typeof candidates>();
  for (const p of candidates) byCompany.set(p.companyId!, [...(byCompany.get(p.companyId!) ?? []), p]);
  const pair = [...byCompany.values()].find((list) => list.length >= 2)?.slice(0, 2) ?? [];
  const others = candidates.filter((p) => !pair.includes(p)).slice(0, 4);
  const chosen = [...pair, ...others];
  if (chosen.length === 0) return 0;
  await services.portalAuth.invite(ctx, { personIds: chosen.map((p) => p.id!) });
  if (pair[0]) await services.portalAuth.setCompanyAdmin(ctx, pair[0].id!, true);
  const facts = { requestId: 'seed', ip: null };
  for (const [i, person] of chosen.entries()) {
    // The last one was invited and has not signed in yet.
    if (i === chosen.length - 1) break;
    const customer = await signInByLink(services, person.emails![0]!.email.toLowerCase());
    if (!customer) continue;
    const r = REQUESTS[i % REQUESTS.length]!;
    const read = r.read ? [articleIds.get(r.read)!] : [];
    const raised = await services.portal.createRequest(customer, facts, {
      subject: r.subject,
      description: r.description,
      articleIds: read,
    });
    await services.caseMessages.post(ctx, raised.id, { body: r.answer });
    if (r.reply) await services.portal.reply(customer, facts, raised.id, r.reply);
    if (i === 0) {
      await services.portal.updateProfile(customer, facts, {
        consent: { email: true, post: false },
        topics: ['Product news', 'Events and webinars'],
      });
    }
    if (i === 1) await services.portal.updateProfile(customer, facts, { topics: ['Surveys and feedback'] });
  }
  return chosen.length;
}

/** Asks for a sign-in link as the customer would and opens it (the token taken from the queued mail). */
async function signInByLink(services: Services, email: string) {
  await services.portalAuth.requestLink(email, '127.0.0.1');
  const mail = await services.database.db
    .selectFrom('mail_outbox')
    .select('data')
    .where('to_address', '=', email)
    .where('template', '=', 'portal-link')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  const token = mail ? new URL((JSON.parse(mail.data) as { link: string }).link).searchParams.get('token') : null;
  if (!token) return null;
  const session = await services.portalAuth.verify(token);
  return services.portalAuth.authenticate(session.sessionToken);
}
