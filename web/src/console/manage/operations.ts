import { graphql } from '../gql';

// The documents go to the server as written (persisted by hash), so urql cannot add __typename
// itself: the objects its document cache invalidates by after a mutation (Link, MeetingType)
// ask for it here.

export const ManagedLinksQuery = graphql(`
  query ManagedLinks($filter: LinksFilter, $after: String) {
    links(filter: $filter, first: 25, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          __typename
          id
          name
          slug
          url
          status
          active
          managed
          bookableBy
          assignment
          expiresAt
          startsBefore
          minimumNoticeMinutes
          bookingHorizonDays
          slotIntervalMinutes
          changePolicy {
            inviteeMayReschedule
            inviteeMayCancel
            rescheduleNoticeMinutes
            cancelNoticeMinutes
            maxReschedules
          }
          owner {
            id
            name
          }
          hosts {
            id
            name
          }
          meetingType {
            __typename
            id
            name
            durationMinutes
          }
          allSingleUse: singleUseLinks(first: 0) {
            totalCount
          }
          activeSingleUse: singleUseLinks(status: ACTIVE, first: 0) {
            totalCount
          }
          usedSingleUse: singleUseLinks(status: USED, first: 0) {
            totalCount
          }
        }
      }
    }
  }
`);

export const ManageChoicesQuery = graphql(`
  query ManageChoices {
    viewer {
      id
      organization {
        id
        defaultBookableBy
      }
    }
    users {
      id
      name
      email
    }
    meetingTypes {
      __typename
      id
      name
      durationMinutes
      location {
        kind
        details
      }
    }
  }
`);

export const CreateManagedLinkMutation = graphql(`
  mutation CreateManagedLink($input: CreateLinkInput!) {
    createLink(input: $input) {
      __typename
      ... on LinkSaved {
        link {
          __typename
          id
          name
          managed
        }
      }
      ...Refusal
    }
  }
`);

export const UpdateManagedLinkMutation = graphql(`
  mutation UpdateManagedLink($input: UpdateLinkInput!) {
    updateLink(input: $input) {
      __typename
      ... on LinkSaved {
        link {
          __typename
          id
          name
          slug
          status
          bookableBy
          assignment
          expiresAt
          startsBefore
        }
      }
      ...Refusal
    }
  }
`);

export const ArchiveManagedLinkMutation = graphql(`
  mutation ArchiveManagedLink($id: ID!) {
    archiveLink(input: { id: $id }) {
      __typename
      ... on LinkSaved {
        link {
          __typename
          id
          status
        }
      }
      ...Refusal
    }
  }
`);

export const RestoreManagedLinkMutation = graphql(`
  mutation RestoreManagedLink($id: ID!) {
    restoreLink(input: { id: $id }) {
      __typename
      ... on LinkSaved {
        link {
          __typename
          id
          status
        }
      }
      ...Refusal
    }
  }
`);

export const CreateMeetingTypeMutation = graphql(`
  mutation ManageCreateMeetingType($input: CreateMeetingTypeInput!) {
    createMeetingType(input: $input) {
      __typename
      ... on MeetingTypeSaved {
        meetingType {
          __typename
          id
          name
          durationMinutes
        }
      }
      ...Refusal
    }
  }
`);

export const UpdateMeetingTypeMutation = graphql(`
  mutation ManageUpdateMeetingType($input: UpdateMeetingTypeInput!) {
    updateMeetingType(input: $input) {
      __typename
      ... on MeetingTypeSaved {
        meetingType {
          __typename
          id
          name
          durationMinutes
          location {
            kind
            details
          }
        }
      }
      ...Refusal
    }
  }
`);
