// Alerts' vocabulary and subscription types are domain's (storage names them too).
export {
  ALERT_KINDS,
  CHANNEL_KINDS,
  DEFAULT_ALERT_KINDS,
  MINIMUM_IMPACTS,
  type AlertKind,
  type ChannelKind,
  type ChannelSettings,
  type MinimumImpact,
  type Subscription,
  type SubscriptionSpec,
} from '../domain/index.ts';
export { alertKindOf } from './alert-kinds.ts';
export {
  parseSubscriptionSpec,
  subscriptionInputSchema,
  type SubscriptionInput,
} from './subscription.ts';
export { matches, type MatchFacts } from './matches.ts';
export { buildMessage, plainText, type AlertMessage } from './message.ts';
export {
  alertDeliveryPlanner,
  planDeliveries,
  withDeliveryPlan,
  deliveryKey,
} from './plan-deliveries.ts';
export { nextAttemptAt, DEFAULT_RETRY, type RetryPolicy } from './backoff.ts';
export {
  startDispatcher,
  type Dispatcher,
  type DispatcherDeps,
  type DispatcherOptions,
} from './dispatcher.ts';
export {
  channelsFromConfig,
  dispatcherOptionsOf,
  startAlerts,
  type RunningAlerts,
} from './start-alerts.ts';
export {
  createSubscription,
  replaceSubscription,
  requireSubscription,
  sendTestMessage,
  subscriptionView,
  subscriptionViews,
  type SubscriptionView,
} from './manage-subscriptions.ts';
export { createChannels, type Channels } from './channels/index.ts';
export type { SendOutcome } from './channels/channel.ts';
export { webhookPayloadV1Schema, type WebhookPayloadV1 } from './channels/webhook-payload.ts';
export { SIGNATURE_HEADER } from './channels/signature.ts';
// The settings each channel validates with, for the API document's request body.
export { chatSettingsSchema } from './channels/_chat.ts';
export { emailSettingsSchema } from './channels/email.ts';
export { webhookSettingsSchema } from './channels/webhook.ts';
