import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { gql } from '@urql/core';

/** The operations both clients run: the same documents, so that the two are compared on the
 * same ground. */

export type Row = { id: string; status: string };

export const MEETINGS = gql`
  query Meetings {
    meetingLogs(first: 50) {
      edges {
        node {
          id
          status
        }
      }
    }
  }
`;
export const CANCEL = gql`
  mutation Cancel($input: CancelBookingInput!) {
    cancelBooking(input: $input) {
      __typename
      ... on BookingCancelled {
        booking {
          id
          status
        }
        ownerView {
          id
          status
        }
      }
      ... on Error {
        message
      }
    }
  }
`;
export const CHILDREN = gql`
  query Children($id: ID!) {
    link(id: $id) {
      id
      singleUseLinks(first: 50) {
        edges {
          node {
            id
            status
          }
        }
      }
    }
  }
`;
export const BOOK = gql`
  mutation Book($input: BookMeetingInput!) {
    bookMeeting(input: $input) {
      __typename
      ... on BookingConfirmed {
        booking {
          id
          status
        }
        ownerView {
          id
          status
        }
        singleUseLink {
          id
          status
        }
      }
      ... on Error {
        message
      }
    }
  }
`;
export const MANAGED: TypedDocumentNode<{ managedBooking: Row | null }, { token: string }> = gql`
  query Managed($token: String!) {
    managedBooking(manageToken: $token) {
      id
      status
    }
  }
`;
