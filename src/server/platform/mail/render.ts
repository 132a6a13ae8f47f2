/**
 * Renders a template to subject, HTML and plain text. MJML is loaded on the first render (it takes a few seconds
 * to import), so starting the server does not pay for it.
 */
import { TEMPLATES, type TemplateData, type TemplateName } from './templates.ts';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

type Mjml2Html = (mjml: string, options?: Record<string, unknown>) => Promise<{ html: string; errors: unknown[] }>;
let loading: Promise<Mjml2Html> | undefined;
const mjml2html = (): Promise<Mjml2Html> => {
  loading ??= import('mjml').then((m) => (m.default ?? m) as unknown as Mjml2Html);
  return loading;
};

export const isTemplateName = (name: string): name is TemplateName => Object.hasOwn(TEMPLATES, name);

export async function renderMail<N extends TemplateName>(name: N, data: TemplateData[N]): Promise<RenderedMail> {
  const template = TEMPLATES[name] as unknown as {
    subject(d: TemplateData[N]): string;
    mjml(d: TemplateData[N]): string;
    text(d: TemplateData[N]): string;
  };
  const { html } = await (await mjml2html())(template.mjml(data), { validationLevel: 'strict' });
  return { subject: template.subject(data), html, text: template.text(data) };
}
