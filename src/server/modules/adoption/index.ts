export { ADOPTION_ACTION_EVENTS, ADOPTION_FEATURES, registerAdoptionMetrics } from './adoption.metrics.ts';
