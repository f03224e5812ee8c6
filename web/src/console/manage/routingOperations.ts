import { graphql } from '../gql';

// As in operations.ts: documents go out as written, so the Link carries its __typename for
// urql's document cache to invalidate by.

export const LinkRoutingQuery = graphql(`
  query LinkRouting($id: ID!) {
    link(id: $id) {
      __typename
      id
      name
      assignment
      hostSettings {
        host {
          id
          name
        }
        weight
        priority
      }
      questions {
        key
        label
        kind
        required
        options
        minimum
        maximum
      }
      routingRules {
        question
        operator
        values
        minimum
        maximum
        hostIds
      }
    }
  }
`);

export const UpdateLinkRoutingMutation = graphql(`
  mutation UpdateLinkRouting($input: UpdateLinkInput!) {
    updateLink(input: $input) {
      __typename
      ... on LinkSaved {
        link {
          __typename
          id
          questions {
            key
          }
          routingRules {
            question
          }
        }
      }
      ...Refusal
    }
  }
`);
