export * from './page-subscribers.ts';
export { parseSubscribeRequest, type SubscribeRequest } from './subscribe-input.ts';
export { createRateLimiter, type RateLimiter, type RateDecision } from './rate-limiter.ts';
export { newToken, tokenHash } from './tokens.ts';
export * from './start-page-subscribers.ts';
