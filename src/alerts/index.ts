export { ALERT_KINDS, DEFAULT_ALERT_KINDS, alertKindOf, type AlertKind } from './alert-kinds.ts';
export {
  MINIMUM_IMPACTS,
  parseSubscriptionSpec,
  subscriptionInputSchema,
  type MinimumImpact,
  type Subscription,
  type SubscriptionInput,
  type SubscriptionSpec,
} from './subscription.ts';
export { matches, type MatchFacts } from './matches.ts';
export { buildMessage, plainText, type AlertMessage } from './message.ts';
export { planDeliveries, withDeliveryPlan, deliveryKey } from './plan-deliveries.ts';
export { nextAttemptAt, DEFAULT_RETRY, type RetryPolicy } from './backoff.ts';
export {
  startDispatcher,
  type Dispatcher,
  type DispatcherDeps,
  type DispatcherOptions,
} from './dispatcher.ts';
export {
  alertsConfigOf,
  alertsConfigSchema,
  publicUrlOf,
  type AlertsConfig,
} from './alerts-config.ts';
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
export { createChannels, type Channels, type ChannelSettings } from './channels/index.ts';
export { CHANNEL_KINDS, type ChannelKind, type SendOutcome } from './channels/channel.ts';
export { webhookPayloadV1Schema, type WebhookPayloadV1 } from './channels/webhook-payload.ts';
export { SIGNATURE_HEADER } from './channels/signature.ts';
// The settings each channel validates with, for the API document's request body.
export { chatSettingsSchema } from './channels/_chat.ts';
export { emailSettingsSchema } from './channels/email.ts';
export { webhookSettingsSchema } from './channels/webhook.ts';
