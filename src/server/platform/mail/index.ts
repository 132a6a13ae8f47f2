export { mailboxRoutes } from './mailbox.routes.ts';
export {
  backoffMs,
  devMailboxTransport,
  MAX_ATTEMPTS,
  Mailer,
  type MailHeaders,
  type MailTransport,
  type SendMail,
  smtpTransport,
} from './mailer.ts';
export { type RenderedMail, renderMail } from './render.ts';
export { type DigestLine, TEMPLATES, type TemplateData, type TemplateName } from './templates.ts';
