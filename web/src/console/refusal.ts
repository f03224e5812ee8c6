import { graphql } from './gql';

/** What every refusal says, with InvalidInput's mistakes by field: spread into each result
 * union as `...Refusal`, and read by `refusalOf`. */
export const RefusalFragment = graphql(`
  fragment Refusal on Error {
    message
    ... on InvalidInput {
      fieldErrors {
        field
        message
      }
    }
  }
`);
