import { graphql } from '../gql';

export const PublicLinkQuery = graphql(`
  query PublicLinkPage($key: String!) {
    publicLink(key: $key) {
      __typename
      ... on PublicLink {
        kind
        title
        meetingTypeName
        description
        durationMinutes
        locationKind
        hostNames
        assignment
        questions {
          key
          label
          kind
          required
          options
          minimum
          maximum
        }
        ownerName
        ownerEmail
        prefill {
          name
          email
        }
        skipForm
        lockToInvitee
      }
      ... on LinkUnavailable {
        reason
        message
      }
      ... on RateLimited {
        message
      }
    }
  }
`);

export const SlotsQuery = graphql(`
  query FreeSlots($key: String!, $from: DateTime!, $to: DateTime!, $timeZone: String!) {
    publicLink(key: $key) {
      __typename
      ... on PublicLink {
        availableSlots(from: $from, to: $to, timeZone: $timeZone) {
          __typename
          ... on AvailableSlots {
            slots
          }
          ... on Error {
            message
          }
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const BookMutation = graphql(`
  mutation BookMeeting($input: BookMeetingInput!) {
    bookMeeting(input: $input) {
      __typename
      ... on BookingConfirmed {
        manageUrl
        booking {
          startAt
          endAt
          title
          durationMinutes
          hostNames
          locationKind
          locationDetails
          ics
        }
      }
      ... on InvalidInput {
        message
        fieldErrors {
          field
          message
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const ManagedBookingQuery = graphql(`
  query ManagedBookingPage($token: String!) {
    managedBooking(manageToken: $token) {
      status
      startAt
      title
      durationMinutes
      hostNames
      locationDetails
      cancelledAt
      reschedulesLeft
      changePolicy {
        inviteeMayReschedule
        inviteeMayCancel
        rescheduleNoticeMinutes
        cancelNoticeMinutes
      }
    }
  }
`);

export const RescheduleSlotsQuery = graphql(`
  query RescheduleSlots($token: String!, $from: DateTime!, $to: DateTime!, $timeZone: String!) {
    managedBooking(manageToken: $token) {
      availableSlots(from: $from, to: $to, timeZone: $timeZone) {
        __typename
        ... on AvailableSlots {
          slots
        }
        ... on Error {
          message
        }
      }
    }
  }
`);

export const RescheduleMutation = graphql(`
  mutation RescheduleMeeting($input: RescheduleBookingInput!) {
    rescheduleBooking(input: $input) {
      __typename
      ... on BookingRescheduled {
        booking {
          status
          startAt
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const CancelMutation = graphql(`
  mutation CancelMeeting($input: CancelBookingInput!) {
    cancelBooking(input: $input) {
      __typename
      ... on BookingCancelled {
        booking {
          status
          cancelledAt
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const LiveSlotsSubscription = graphql(`
  subscription LiveSlots($key: String!, $from: DateTime!, $to: DateTime!, $timeZone: String!) {
    slotsChanged(key: $key, from: $from, to: $to, timeZone: $timeZone) {
      __typename
      ... on AvailableSlots {
        slots
      }
      ... on Error {
        message
      }
    }
  }
`);
