import { graphql } from '../gql';

export const MyLinksQuery = graphql(`
  query MyLinks($filter: LinksFilter, $after: String) {
    links(filter: $filter, first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          url
          status
          bookableBy
          owner {
            id
            name
          }
          meetingType {
            id
            name
            durationMinutes
          }
          activeCount: singleUseLinks(status: ACTIVE, first: 0) {
            totalCount
          }
          usedCount: singleUseLinks(status: USED, first: 0) {
            totalCount
          }
        }
      }
    }
  }
`);

export const MintOneMutation = graphql(`
  mutation MintSingleUseLink($input: CreateSingleUseLinkInput!) {
    createSingleUseLink(input: $input) {
      __typename
      ... on SingleUseLinkCreated {
        url
        singleUseLink {
          id
          label
          status
          # Names the Link type in the answer: the cached lists of links count anew.
          parent {
            id
          }
        }
      }
      ...Refusal
    }
  }
`);

export const MintManyMutation = graphql(`
  mutation MintSingleUseLinks($input: CreateSingleUseLinksInput!) {
    createSingleUseLinks(input: $input) {
      __typename
      ... on SingleUseLinksCreated {
        created {
          url
          singleUseLink {
            id
            label
            expiresAt
            createdAt
            parent {
              id
            }
          }
        }
      }
      ...Refusal
    }
  }
`);

export const LinkChildrenQuery = graphql(`
  query LinkChildren($id: ID!, $status: SingleUseLinkStatus, $after: String) {
    link(id: $id) {
      id
      name
      url
      status
      allCount: singleUseLinks(first: 0) {
        totalCount
      }
      activeCount: singleUseLinks(status: ACTIVE, first: 0) {
        totalCount
      }
      usedCount: singleUseLinks(status: USED, first: 0) {
        totalCount
      }
      expiredCount: singleUseLinks(status: EXPIRED, first: 0) {
        totalCount
      }
      revokedCount: singleUseLinks(status: REVOKED, first: 0) {
        totalCount
      }
      disabledCount: singleUseLinks(status: DISABLED, first: 0) {
        totalCount
      }
      singleUseLinks(status: $status, first: 25, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            label
            prefix
            status
            createdAt
            effectiveExpiresAt
            invitee {
              name
              email
            }
            createdBy {
              id
              name
            }
            booking {
              id
              startAt
              status
              invitee {
                name
                email
              }
            }
          }
        }
      }
    }
  }
`);

export const ChildrenChangedSubscription = graphql(`
  subscription ChildrenChanged($linkId: ID!) {
    singleUseLinkChanged(linkId: $linkId) {
      kind
      occurredAt
    }
  }
`);

export const RevokeMutation = graphql(`
  mutation RevokeSingleUseLink($id: ID!) {
    revokeSingleUseLink(input: { id: $id }) {
      __typename
      ... on SingleUseLinkRevoked {
        singleUseLink {
          id
          status
        }
      }
      ...Refusal
    }
  }
`);
