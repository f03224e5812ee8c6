import { graphql } from '../gql';

export const EndpointFields = graphql(`
  fragment WebhookEndpointFields on WebhookEndpoint {
    id
    url
    description
    events
    status
    scope
    ownerId
    consecutiveFailures
    previousSecretExpiresAt
    createdAt
    updatedAt
  }
`);

export const DeliveryFields = graphql(`
  fragment WebhookDeliveryFields on WebhookDelivery {
    id
    eventType
    messageId
    payload
    status
    attempts
    nextAttemptAt
    lastAttemptAt
    lastResponseStatus
    lastError
    deliveredAt
    createdAt
  }
`);

export const WebhookEndpointsQuery = graphql(`
  query WebhookEndpoints {
    webhookEndpoints {
      ...WebhookEndpointFields
    }
    users {
      id
      name
    }
  }
`);

export const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($endpointId: ID!, $status: WebhookDeliveryStatus, $first: Int, $after: String) {
    webhookDeliveries(endpointId: $endpointId, status: $status, first: $first, after: $after) {
      __typename
      ... on WebhookDeliveryConnection {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...WebhookDeliveryFields
          }
        }
      }
      ...Refusal
    }
  }
`);

export const CreateWebhookEndpointMutation = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      __typename
      ... on WebhookEndpointCreated {
        secret
        endpoint {
          ...WebhookEndpointFields
        }
      }
      ...Refusal
    }
  }
`);

export const UpdateWebhookEndpointMutation = graphql(`
  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) {
      __typename
      ... on WebhookEndpointSaved {
        endpoint {
          ...WebhookEndpointFields
        }
      }
      ...Refusal
    }
  }
`);

export const DisableWebhookEndpointMutation = graphql(`
  mutation DisableWebhookEndpoint($id: ID!) {
    disableWebhookEndpoint(input: { id: $id }) {
      __typename
      ... on WebhookEndpointSaved {
        endpoint {
          ...WebhookEndpointFields
        }
      }
      ...Refusal
    }
  }
`);

export const RotateWebhookSecretMutation = graphql(`
  mutation RotateWebhookSecret($id: ID!) {
    rotateWebhookSecret(input: { id: $id }) {
      __typename
      ... on WebhookSecretRotated {
        secret
        endpoint {
          ...WebhookEndpointFields
        }
      }
      ...Refusal
    }
  }
`);

export const RedeliverWebhookMutation = graphql(`
  mutation RedeliverWebhook($deliveryId: ID!) {
    redeliverWebhook(input: { deliveryId: $deliveryId }) {
      __typename
      ... on WebhookRedeliveryScheduled {
        delivery {
          ...WebhookDeliveryFields
        }
      }
      ...Refusal
    }
  }
`);
