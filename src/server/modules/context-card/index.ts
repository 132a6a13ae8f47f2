export { contextCardRoutes } from './context-card.routes.ts';
export { CARD_KINDS, type CardFlag, type CardKind, ContextCard } from './context-card.schemas.ts';
export { type CardContributor, type CardFacts, ContextCardService } from './context-card.service.ts';
