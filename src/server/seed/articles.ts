/**
 * The demo workspace's knowledge base: public answers to what customers of Rapport Demo Ltd ask about (plans and
 * seats, invoices, onboarding, training, support, integrations, their account), plus a few internal notes for agents.
 * Written through the articles service, so each has its search document, audit entry and events like any other.
 */
export interface DemoArticle {
  title: string;
  summary: string;
  category: string;
  visibility: 'public' | 'internal';
  body: string;
}

export const DEMO_ARTICLES: DemoArticle[] = [
  {
    title: 'Which plan is right for my team?',
    summary: 'Team plan or Business plan: what each includes and how to choose.',
    category: 'Plans and billing',
    visibility: 'public',
    body: `We sell two plans, both billed per seat (one seat per person who signs in) for a year.

| | Team plan | Business plan |
|---|---|---|
| Price per seat, per year | GBP 360 | GBP 720 |
| Support | Email, next working day | Priority: four working hours |
| Custom fields and saved views | Yes | Yes |
| Field-level permissions, audit export | No | Yes |

**Choose the Team plan** when a few people share one pipeline and answers by the next working day are fine.
**Choose the Business plan** when you need tighter permissions, an audit trail you can export, or faster support.

You can move from Team to Business at any time: see **Upgrade to the Business plan**.`,
  },
  {
    title: 'Add or remove seats',
    summary: 'Seats are added at once and billed pro rata; removed seats stop at your renewal.',
    category: 'Plans and billing',
    visibility: 'public',
    body: `## Add a seat
1. An administrator opens **Settings → Users** and chooses **Invite user**.
2. The new seat is active at once. We invoice it pro rata for the rest of your contract year.

## Remove a seat
Deactivate the user in **Settings → Users**. The seat stays paid until your renewal date, when your next invoice counts only active seats.

Need many seats at once (a new department)? Reply to any invoice email and we set them up in one go.`,
  },
  {
    title: 'Download an invoice or a receipt',
    summary: 'Every invoice is in the portal as a PDF; we also email it to your billing contact.',
    category: 'Plans and billing',
    visibility: 'public',
    body: `Invoices are emailed to your billing contact on the day they are issued.

To get a copy, raise a request in the portal with the subject **Invoice copy** and the invoice number (it starts with **INV-**), or ask your account manager. We answer the same working day.

Receipts for card payments are sent automatically when the payment clears.`,
  },
  {
    title: 'I was charged twice',
    summary: 'What to check, and how we refund a duplicate payment.',
    category: 'Plans and billing',
    visibility: 'public',
    body: `A second charge usually comes from one of two things:

- **A card payment and a bank transfer for the same invoice.** We refund the later one within five working days.
- **A pending authorisation** shown by your bank that drops off within three days without being taken.

If the charge is still there after three days, raise a request with the invoice number and the date of both payments. We refund to the original payment method.`,
  },
  {
    title: 'Change the billing contact or the address on invoices',
    summary: 'Billing details are changed by an administrator or on request.',
    category: 'Plans and billing',
    visibility: 'public',
    body: `Your company's administrators can raise a request from the portal with the new billing contact, address or VAT number. Changes apply from the next invoice; we can re-issue the last invoice with the new details on request.`,
  },
  {
    title: 'Upgrade to the Business plan',
    summary: 'Upgrade any time; you pay the difference for the rest of your year.',
    category: 'Plans and billing',
    visibility: 'public',
    body: `Ask your account manager, or raise a request with the subject **Upgrade**. Every seat moves to the Business plan on the same day, and you pay the difference pro rata until your renewal. Priority support starts at once.`,
  },
  {
    title: 'Renewals and cancelling',
    summary: 'Contracts renew yearly; give 30 days notice to change or end them.',
    category: 'Plans and billing',
    visibility: 'public',
    body: `Contracts renew automatically for another year. We remind your billing contact 90 days before the renewal date.

To reduce seats, change plan or cancel, tell us at least **30 days** before the renewal date. After a cancellation you keep read access for 30 days to export your data (see **Export your data**).`,
  },
  {
    title: 'Sign in with a link instead of a password (customer portal)',
    summary: 'The customer portal sends a one-time link to your email address.',
    category: 'Your account',
    visibility: 'public',
    body: `The customer portal does not use passwords.

1. Open the portal and enter the email address we know you by.
2. We email you a link. It works **once**, for **15 minutes**.
3. Open it on the same device to sign in.

No email after a few minutes? Check your spam folder, and make sure you used the address your invitation was sent to. If your colleagues can sign in and you cannot, ask them to contact us: only invited contacts can use the portal.`,
  },
  {
    title: 'Reset your Rapport password',
    summary: 'Use "Forgot password?" on the sign-in page; the link lasts 15 minutes.',
    category: 'Your account',
    visibility: 'public',
    body: `On the sign-in page choose **Forgot password?** and enter your work email. The reset link works once, for 15 minutes.

Passwords must be at least 12 characters; common passwords are refused. After too many wrong attempts, sign-in pauses for a few minutes: wait, then try again.`,
  },
  {
    title: 'Keep your contact details and preferences up to date',
    summary: 'Change your phone, address, language and how we may contact you in the portal.',
    category: 'Your account',
    visibility: 'public',
    body: `In the portal, open **Profile** to change:

- your phone numbers and postal address;
- your preferred channel and language;
- your **consent** for email, phone, SMS and post: switch each on or off at any time.

Every change is recorded with the date and time, and our team sees it at once.`,
  },
  {
    title: 'How we use your personal data',
    summary: 'What we keep about you, why, and how to ask for a copy or erasure.',
    category: 'Your account',
    visibility: 'public',
    body: `We keep the contact details you or your company gave us, the history of your requests and our contacts with you, to serve your company's contract.

You can ask for a copy of what we hold about you, or for it to be erased when the contract no longer needs it: raise a request with the subject **Data request**. We answer within one month.`,
  },
  {
    title: 'What the onboarding package includes',
    summary: 'Set-up, import of your data and two training sessions, over about three weeks.',
    category: 'Getting started',
    visibility: 'public',
    body: `The onboarding package (GBP 2,500) takes about three weeks:

1. **Kick-off call** (week 1): your pipeline stages, teams and who sees what.
2. **Set-up and data import** (week 1-2): we import your contacts, companies and open deals from spreadsheets or your old CRM.
3. **Two training sessions** (week 2-3): one for users, one for administrators.

You get a named onboarding consultant for the whole period.`,
  },
  {
    title: 'Prepare your data for import',
    summary: 'One spreadsheet per kind of record, one row each, with the columns we map.',
    category: 'Getting started',
    visibility: 'public',
    body: `Send one CSV or Excel file per kind of record: **people**, **companies**, **deals**.

- One row per record, one header row.
- People: first name, last name, email, phone, company name.
- Companies: name, website, country.
- Deals: name, company, amount, currency, stage, expected close date.

Duplicates are found on import (same email, same phone, same website) and shown to you before anything is merged.`,
  },
  {
    title: 'Book a training day',
    summary: 'On site or remote, up to 12 people, booked at least two weeks ahead.',
    category: 'Training',
    visibility: 'public',
    body: `A training day (GBP 950) covers up to 12 people, on site or remote. Book it with your account manager or raise a request with the subject **Training** and two or three dates that suit you, at least two weeks ahead.

We send an agenda a week before, built around how your team works.`,
  },
  {
    title: 'Support hours and response times',
    summary: 'Monday to Friday 09:00 to 17:30 UK time; response times by plan.',
    category: 'Support',
    visibility: 'public',
    body: `Our support desk is open **Monday to Friday, 09:00-17:30 (UK time)**, except UK bank holidays.

| Plan | First response |
|---|---|
| Team plan | Next working day |
| Business plan | Four working hours |
| Premium support | Four hours, and a named contact |

Urgent problems (nobody can sign in, data missing) are handled first whatever your plan.`,
  },
  {
    title: 'Raise a request and follow it',
    summary: 'Raise requests in the portal, follow every reply, and answer us there.',
    category: 'Support',
    visibility: 'public',
    body: `1. In the portal choose **New request**, write a short subject and describe what happened.
2. While you type the subject, we show articles that may answer it at once.
3. After sending, you get a reference like **C-1042**: use it when you call us.

Every reply from us is in the request's thread in the portal and in your email. Answer in the portal to keep everything in one place.`,
  },
  {
    title: 'What Premium support adds',
    summary: 'A four-hour response, a named contact and a quarterly review.',
    category: 'Support',
    visibility: 'public',
    body: `Premium support (GBP 4,800 a year) adds:

- a **four-hour** first response during support hours;
- a **named support contact** who knows your set-up;
- a **quarterly review** of your open requests and usage.`,
  },
  {
    title: 'Company administrators in the portal',
    summary: "Administrators see and follow all their company's requests.",
    category: 'Support',
    visibility: 'public',
    body: `Each contact sees their own requests. A contact marked as **company administrator** also sees every request raised by colleagues at the same company, and can reply to them.

To make someone an administrator, an existing administrator raises a request, or your account manager changes it.`,
  },
  {
    title: 'Connect your email and calendar',
    summary: 'Any IMAP/SMTP mailbox works, not only Google or Microsoft.',
    category: 'Integrations and data',
    visibility: 'public',
    body: `Rapport sends and receives mail through any provider that offers SMTP and IMAP. Your administrator sets the mail server once for the workspace; replies to customers then go out from your own domain, and answers come back into the right case.`,
  },
  {
    title: 'Custom integrations with your systems',
    summary: 'Our engineers connect Rapport to your ERP, billing or website, by the day.',
    category: 'Integrations and data',
    visibility: 'public',
    body: `For systems without a ready-made connector (an ERP, a billing system, your website), our engineers build the integration, billed per day (GBP 1,100).

Most integrations take two to five days. They use Rapport's public API and signed webhooks, documented at \`/api/docs\` in your workspace, so your own developers can maintain them later.`,
  },
  {
    title: 'Export your data',
    summary: 'Administrators export people, companies, deals and cases as CSV or Excel at any time.',
    category: 'Integrations and data',
    visibility: 'public',
    body: `Every list has an **Export** button (CSV or Excel). Large exports run in the background; you are notified when the file is ready. Exports contain only the fields your role may see.`,
  },
  {
    title: 'Rapport is slow or does not load',
    summary: 'Check your connection and browser first; then tell us what you see.',
    category: 'Support',
    visibility: 'public',
    body: `1. Reload the page with **Ctrl+Shift+R** (Cmd+Shift+R on a Mac).
2. Try another browser: we support the last two versions of Chrome, Edge, Firefox and Safari.
3. Still slow? Raise a request with the page you were on, the time, and what you clicked. A screenshot helps.`,
  },
  {
    title: 'Refunds: how agents process them',
    summary: 'Internal: who approves a refund and how it is logged on the case.',
    category: 'Internal procedures',
    visibility: 'internal',
    body: `- Duplicate payments: refund without approval, note the payment references on the case.
- Any other refund above GBP 500 needs a manager's approval, recorded as an internal note.
- Always tell the customer the expected date: card refunds take 5-10 working days.`,
  },
  {
    title: 'Escalating to engineering',
    summary: 'Internal: when a case needs an engineer, and what to write.',
    category: 'Internal procedures',
    visibility: 'internal',
    body: `Escalate when a problem can be reproduced and is not explained by settings. Write the steps, the expected and actual result, the customer's workspace and the time. Set the case to **Pending customer** only when you are waiting on them, not on engineering.`,
  },
];
