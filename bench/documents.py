"""The GraphQL documents the bench sends; the baseline answers each with the same JSON shape."""

from __future__ import annotations

BOOK = """
mutation Book($input: BookMeetingInput!) {
  bookMeeting(input: $input) {
    __typename
    ... on BookingConfirmed { manageToken booking { id startAt endAt } }
  }
}
"""

MINT = """
mutation Mint($input: CreateSingleUseLinkInput!) {
  createSingleUseLink(input: $input) {
    __typename
    ... on SingleUseLinkCreated { token url singleUseLink { id prefix status } }
  }
}
"""

LINKS = """
query Links($first: Int) {
  links(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id name slug
        owner { email }
        hosts { email }
        meetingType { name durationMinutes }
        singleUseLinks {
          totalCount
          edges { node { id prefix status uses maxUses effectiveExpiresAt } }
        }
      }
    }
  }
}
"""

MEETING_LOGS = """
query Logs($first: Int) {
  meetingLogs(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id status startAt endAt linkType
        invitee { name email timeZone }
        link { name }
        hosts { name }
      }
    }
  }
}
"""

TYPENAME = "{ __typename }"
