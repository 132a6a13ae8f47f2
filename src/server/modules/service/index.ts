export {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  zonedParts,
  zonedToUtc,
} from './business-hours.ts';
export { cannedResponsesRoutes } from './canned-responses.routes.ts';
export { CannedResponsesService } from './canned-responses.service.ts';
export { caseCostsRoutes } from './case-costs.routes.ts';
export { CaseCostsService } from './case-costs.service.ts';
export { caseMessagesRoutes } from './case-messages.routes.ts';
export { CaseMessagesService, type CustomerAuthor } from './case-messages.service.ts';
export { CaseTypesService } from './case-types.service.ts';
export { casesKind } from './cases.kind.ts';
export { casesRoutes } from './cases.routes.ts';
export type { Case, CaseMessage } from './cases.schemas.ts';
export {
  CasesService,
  caseOpenedLine,
  caseSearchDocument,
  caseStatusLine,
  NO_CLOCK,
  serviceFacts,
} from './cases.service.ts';
export { csatPublicRoutes } from './csat.routes.ts';
export { type CaseRating, CaseRating as CaseRatingSchema, RateCase } from './csat.schemas.ts';
export { CSAT_LINK_DAYS, CsatService, signRatingToken, verifyRatingToken } from './csat.service.ts';
export { inboundEmailRoutes } from './inbound-email.routes.ts';
export {
  type Envelope,
  InboundEmailService,
  type InboundResult,
  inboundCtx,
  type StoredFile,
} from './inbound-email.service.ts';
export { type MailSource, pollImap, pollMailbox, startInboundSmtp } from './inbound-transports.ts';
export { SERVICE_ERRORS } from './service.errors.ts';
export { registerServiceMetrics } from './service.metrics.ts';
export { serviceSettingsRoutes } from './service-settings.routes.ts';
export { ServiceSettingsService } from './service-settings.service.ts';
export { SlaService } from './sla.service.ts';
export { SLA_WARNING_MINUTES, SlaWarningsJob } from './sla-warnings.job.ts';
