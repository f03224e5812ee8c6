import { graphql } from '../gql';

export const CalendarFields = graphql(`
  fragment ConnectedCalendarFields on ConnectedCalendar {
    url
    username
    writeMeetings
    status
    lastError
    syncedAt
    trustedUntil
  }
`);

export const MyCalendarQuery = graphql(`
  query MyCalendar {
    myCalendar {
      ...ConnectedCalendarFields
    }
  }
`);

export const ConnectCalendarMutation = graphql(`
  mutation ConnectCalendar($input: ConnectCalendarInput!) {
    connectCalendar(input: $input) {
      __typename
      ... on CalendarConnected {
        calendar {
          ...ConnectedCalendarFields
        }
      }
      ...Refusal
    }
  }
`);

export const DisconnectCalendarMutation = graphql(`
  mutation DisconnectCalendar {
    disconnectCalendar {
      __typename
      ... on CalendarDisconnected {
        disconnected
      }
      ...Refusal
    }
  }
`);
