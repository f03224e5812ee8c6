import type { WebhookDeliveryStatus, WebhookEndpointStatus, WebhookEventType } from '../gql/graphql';

/** Each event a webhook can hear: what a person reads, and the `type` the receiver gets. */
export const EVENT_TYPES: Record<WebhookEventType, { label: string; type: string }> = {
  BOOKING_CREATED: { label: 'Meeting booked', type: 'booking.created' },
  BOOKING_RESCHEDULED: { label: 'Meeting moved', type: 'booking.rescheduled' },
  BOOKING_CANCELLED: { label: 'Meeting cancelled', type: 'booking.cancelled' },
  BOOKING_REASSIGNED: { label: 'Meeting given to another host', type: 'booking.reassigned' },
  SINGLE_USE_LINK_CREATED: { label: 'Single-use link made', type: 'single_use_link.created' },
  SINGLE_USE_LINK_USED: { label: 'Single-use link used', type: 'single_use_link.used' },
  SINGLE_USE_LINK_EXPIRED: { label: 'Single-use link expired', type: 'single_use_link.expired' },
  SINGLE_USE_LINK_REVOKED: { label: 'Single-use link revoked', type: 'single_use_link.revoked' },
  LINK_UPDATED: { label: 'Link changed', type: 'link.updated' },
};

export const EVENT_TYPE_ORDER = Object.keys(EVENT_TYPES) as WebhookEventType[];

export const ENDPOINT_STATUS: Record<WebhookEndpointStatus, string> = {
  ACTIVE: 'Active',
  FAILING: 'Failing',
  DISABLED: 'Disabled',
};

export const DELIVERY_STATUS: Record<WebhookDeliveryStatus, string> = {
  PENDING: 'Pending',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
};

/** A field error as a sentence: the API says "must be …", the form names the field. */
export function fieldSentence(label: string, message: string | undefined): string | undefined {
  return message === undefined ? undefined : `${label} ${message}.`;
}
