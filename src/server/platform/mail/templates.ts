/**
 * Every outgoing mail's template, in one place. A template gives a subject, an MJML body (rendered to HTML by
 * `render.ts`) and a plain-text alternative from the same data. Values are escaped with `esc()` in the MJML.
 * To add a mail: add its data type to `TemplateData` and its entry to `TEMPLATES`.
 */

export interface TemplateData {
  'password-reset': { name: string; link: string; minutes: number };
  'password-reset-required': { name: string; link: string; hours: number; by: string };
  invitation: { name: string; link: string; days: number; by: string; workspace: string };
  'portal-link': { name: string; link: string; minutes: number; workspace: string };
  'portal-invitation': { name: string; link: string; by: string; workspace: string };
  'case-reply': { name: string; reference: string; subject: string; body: string; link: string; workspace: string };
  'objectives-digest': {
    name: string;
    workspace: string;
    /** The Monday of the week, YYYY-MM-DD. */
    week: string;
    link: string;
    objectives: DigestLine[];
    /** The objectives whose value moved most since last week (by share of their target gap), at most three. */
    moved: DigestLine[];
    /** At risk or off track now. */
    atRisk: DigestLine[];
  };
  /** `links`: the five one-click rating links, for 1 to 5. */
  'case-rating': { name: string; reference: string; subject: string; workspace: string; days: number; links: string[] };
}

/** One objective in the weekly digest, in words already formatted for the reader. */
export interface DigestLine {
  name: string;
  status: string;
  /** "was on track" when the status changed, else null. */
  statusBefore: string | null;
  current: string;
  previous: string;
  target: string;
  /** "+4.2 pts", "−3 / week", "no change". */
  change: string;
  link: string;
}

export type TemplateName = keyof TemplateData;

export interface MailTemplate<D> {
  subject(data: D): string;
  mjml(data: D): string;
  text(data: D): string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (value: string | number): string => String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** The shared frame: one column, the message, a button, the link written out for clients that hide buttons. */
function layout(title: string, paragraphs: string[], button: { label: string; href: string }, footer: string): string {
  return `<mjml>
  <mj-head>
    <mj-title>${esc(title)}</mj-title>
    <mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /><mj-text font-size="15px" line-height="22px" color="#1f2937" /></mj-attributes>
  </mj-head>
  <mj-body background-color="#f3f4f6">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text font-size="13px" color="#4b5563">Rapport</mj-text>
        ${paragraphs.map((p) => `<mj-text>${p}</mj-text>`).join('\n        ')}
        <mj-button href="${esc(button.href)}" background-color="#1c64d6" color="#ffffff">${esc(button.label)}</mj-button>
        <mj-text font-size="13px" color="#4b5563">If the button does not work, open this address: <a href="${esc(button.href)}">${esc(button.href)}</a></mj-text>
        <mj-text font-size="13px" color="#4b5563">${footer}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

const digestLine = (l: DigestLine) =>
  `<a href="${esc(l.link)}">${esc(l.name)}</a>: <strong>${esc(l.status)}</strong>${l.statusBefore ? ` (${esc(l.statusBefore)})` : ''}, ${esc(l.current)} (${esc(l.change)} since last week; target ${esc(l.target)})`;
const digestText = (l: DigestLine) =>
  `- ${l.name}: ${l.status}${l.statusBefore ? ` (${l.statusBefore})` : ''}, ${l.current} (${l.change} since last week; target ${l.target})\n  ${l.link}`;
const digestList = (title: string, lines: DigestLine[], empty: string) =>
  `<strong>${esc(title)}</strong><br />${lines.length === 0 ? esc(empty) : lines.map(digestLine).join('<br />')}`;

const SCORE_WORDS = ['Very dissatisfied', 'Dissatisfied', 'Neither', 'Satisfied', 'Very satisfied'];

/** The rating mail: five buttons in a row (wrapping on a phone), each a signed one-click link. */
function ratingMjml(d: TemplateData['case-rating']): string {
  const buttons = d.links
    .map(
      (href, i) =>
        `<mj-column width="20%"><mj-button href="${esc(href)}" background-color="#1c64d6" color="#ffffff" padding="4px" inner-padding="10px 4px" width="100%">${i + 1}</mj-button><mj-text align="center" font-size="12px" color="#4b5563" padding="2px">${esc(SCORE_WORDS[i]!)}</mj-text></mj-column>`,
    )
    .join('');
  return `<mjml>
  <mj-head>
    <mj-title>${esc(`How did we do? ${d.reference}`)}</mj-title>
    <mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /><mj-text font-size="15px" line-height="22px" color="#1f2937" /></mj-attributes>
  </mj-head>
  <mj-body background-color="#f3f4f6">
    <mj-section background-color="#ffffff" padding="24px 24px 0">
      <mj-column>
        <mj-text font-size="13px" color="#4b5563">${esc(d.workspace)}</mj-text>
        <mj-text>Hello ${esc(d.name)},</mj-text>
        <mj-text>Your request ${esc(d.reference)} (${esc(d.subject)}) is resolved. How satisfied are you with how we handled it? One click is enough; you can add a comment on the next page.</mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="0 16px">${buttons}</mj-section>
    <mj-section background-color="#ffffff" padding="0 24px 24px">
      <mj-column>
        <mj-text font-size="13px" color="#4b5563">The links work for ${esc(d.days)} days. Rating again changes your answer.</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

export const TEMPLATES: { [N in TemplateName]: MailTemplate<TemplateData[N]> } = {
  'password-reset': {
    subject: () => 'Reset your Rapport password',
    mjml: (d) =>
      layout(
        'Reset your password',
        [`Hello ${esc(d.name)},`, 'Someone (hopefully you) asked to reset your Rapport password.'],
        { label: 'Choose a new password', href: d.link },
        `The link works once, for ${esc(d.minutes)} minutes. If you did not ask for it, ignore this mail: your password stays as it is.`,
      ),
    text: (d) =>
      `Hello ${d.name},\n\nSomeone (hopefully you) asked to reset your Rapport password. Choose a new one here:\n\n${d.link}\n\nThe link works once, for ${d.minutes} minutes. If you did not ask for it, ignore this mail: your password stays as it is.\n`,
  },
  'password-reset-required': {
    subject: () => 'Set a new Rapport password',
    mjml: (d) =>
      layout(
        'Set a new password',
        [
          `Hello ${esc(d.name)},`,
          `${esc(d.by)} asked you to set a new Rapport password. You have been signed out, and your old password no longer works.`,
        ],
        { label: 'Set a new password', href: d.link },
        `The link works once, for ${esc(d.hours)} hours. When it has expired, use "Forgot password?" on the login page.`,
      ),
    text: (d) =>
      `Hello ${d.name},\n\n${d.by} asked you to set a new Rapport password. You have been signed out, and your old password no longer works. Set a new one here:\n\n${d.link}\n\nThe link works once, for ${d.hours} hours. When it has expired, use "Forgot password?" on the login page.\n`,
  },
  invitation: {
    subject: (d) => `You are invited to ${d.workspace} on Rapport`,
    mjml: (d) =>
      layout(
        'Your invitation',
        [`Hello ${esc(d.name)},`, `${esc(d.by)} invited you to ${esc(d.workspace)} on Rapport.`],
        { label: 'Accept and set your password', href: d.link },
        `The invitation is valid for ${esc(d.days)} days.`,
      ),
    text: (d) =>
      `Hello ${d.name},\n\n${d.by} invited you to ${d.workspace} on Rapport. Accept and set your password here:\n\n${d.link}\n\nThe invitation is valid for ${d.days} days.\n`,
  },
  'portal-link': {
    subject: (d) => `Your sign-in link for ${d.workspace}`,
    mjml: (d) =>
      layout(
        'Sign in',
        [`Hello ${esc(d.name)},`, `Here is your link to sign in to the ${esc(d.workspace)} customer portal.`],
        { label: 'Sign in', href: d.link },
        `The link works once, for ${esc(d.minutes)} minutes. If you did not ask for it, ignore this mail.`,
      ),
    text: (d) =>
      `Hello ${d.name},\n\nHere is your link to sign in to the ${d.workspace} customer portal:\n\n${d.link}\n\nThe link works once, for ${d.minutes} minutes. If you did not ask for it, ignore this mail.\n`,
  },
  'portal-invitation': {
    subject: (d) => `Welcome to the ${d.workspace} customer portal`,
    mjml: (d) =>
      layout(
        'Welcome',
        [
          `Hello ${esc(d.name)},`,
          `${esc(d.by)} opened the ${esc(d.workspace)} customer portal to you: find answers, raise and follow requests, and keep your details and preferences up to date.`,
        ],
        { label: 'Open the portal', href: d.link },
        'To sign in, enter this email address on the portal: we send you a link that works once.',
      ),
    text: (d) =>
      `Hello ${d.name},\n\n${d.by} opened the ${d.workspace} customer portal to you: find answers, raise and follow requests, and keep your details and preferences up to date.\n\n${d.link}\n\nTo sign in, enter this email address on the portal: we send you a link that works once.\n`,
  },
  'case-reply': {
    subject: (d) => `[${d.reference}] ${d.subject}`,
    mjml: (d) =>
      layout(
        d.reference,
        [`Hello ${esc(d.name)},`, ...d.body.split(/\n{2,}/).map((p) => esc(p).replaceAll('\n', '<br />'))],
        { label: 'Follow your request', href: d.link },
        `${esc(d.workspace)} · request ${esc(d.reference)}`,
      ),
    text: (d) =>
      `Hello ${d.name},\n\n${d.body}\n\nFollow your request: ${d.link}\n\n${d.workspace} · request ${d.reference}\n`,
  },
  'objectives-digest': {
    subject: (d) =>
      `Objectives, week of ${d.week}: ${d.atRisk.length === 0 ? 'all on track' : `${d.atRisk.length} at risk or off track`}`,
    mjml: (d) =>
      layout(
        `Objectives, week of ${d.week}`,
        [
          `Hello ${esc(d.name)},`,
          `Where ${esc(d.workspace)}'s objectives stand this week, and what changed since last week.`,
          digestList('At risk or off track', d.atRisk, 'None: every objective is on track.'),
          digestList('Moved most', d.moved, 'Nothing moved since last week.'),
          digestList('All objectives', d.objectives, 'No objectives.'),
        ],
        { label: 'Open the objectives', href: d.link },
        `Sent every Monday to the owners of objectives and to managers. Status comes from a straight line fitted to the last six complete weeks, projected to the end date.`,
      ),
    text: (d) =>
      `${[
        `Hello ${d.name},`,
        `Where ${d.workspace}'s objectives stand this week (week of ${d.week}), and what changed since last week.`,
        `At risk or off track:\n${d.atRisk.length === 0 ? 'None: every objective is on track.' : d.atRisk.map(digestText).join('\n')}`,
        `Moved most:\n${d.moved.length === 0 ? 'Nothing moved since last week.' : d.moved.map(digestText).join('\n')}`,
        `All objectives:\n${d.objectives.map(digestText).join('\n')}`,
        `Open the objectives: ${d.link}`,
      ].join('\n\n')}\n`,
  },
  'case-rating': {
    subject: (d) => `[${d.reference}] How did we do?`,
    mjml: ratingMjml,
    text: (d) =>
      `Hello ${d.name},\n\nYour request ${d.reference} (${d.subject}) is resolved. How satisfied are you with how we handled it? Open one of these links; you can add a comment on the next page.\n\n${d.links.map((l, i) => `${i + 1} (${SCORE_WORDS[i]}): ${l}`).join('\n')}\n\nThe links work for ${d.days} days. Rating again changes your answer.\n\n${d.workspace}\n`,
  },
};
