import { graphql } from '../gql';

export const MeetingLogQuery = graphql(`
  query MeetingLog($filter: MeetingLogFilter, $first: Int = 25, $after: String) {
    meetingLogs(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          status
          startAt
          bookedAt
          linkType
          rescheduleCount
          invitee {
            name
            email
          }
          link {
            id
            name
            owner {
              id
              name
            }
          }
          singleUseLink {
            id
            label
          }
          hosts {
            id
            name
          }
        }
      }
    }
  }
`);

export const MeetingLogChangedSubscription = graphql(`
  subscription MeetingLogChanged($filter: MeetingLogFilter) {
    meetingLogChanged(filter: $filter) {
      kind
      occurredAt
    }
  }
`);

export const OwnerChoicesQuery = graphql(`
  query OwnerChoices {
    users {
      id
      name
    }
  }
`);
