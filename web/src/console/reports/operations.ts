import { graphql } from '../gql';

export const AdminReportsQuery = graphql(`
  query AdminReports($range: ReportRange!, $groupBy: ReportGrouping!) {
    reports {
      __typename
      ... on Reports {
        singleUseLinks(range: $range, groupBy: $groupBy) {
          __typename
          ... on SingleUseLinkReport {
            rows {
              key
              label
              minted
              active
              used
              expired
              revoked
              disabled
              booked
              conversionRate
              medianMinutesToBooking
              refusedAttempts
            }
          }
          ...Refusal
        }
        bookings(range: $range, groupBy: $groupBy) {
          __typename
          ... on BookingReport {
            rows {
              key
              label
              total
              standard
              singleUse
              rescheduled
              reschedules
              cancelled
            }
          }
          ...Refusal
        }
      }
      ... on Forbidden {
        message
      }
    }
  }
`);

export const RefusedAttemptsLogQuery = graphql(`
  query RefusedAttemptsLog($filter: RefusedAttemptFilter, $first: Int = 25, $after: String) {
    refusedAttempts(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          reason
          inviteeEmail
          occurredAt
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
            prefix
          }
        }
      }
    }
  }
`);

