import { graphql } from './gql';

export const ViewerQuery = graphql(`
  query ConsoleViewer {
    viewer {
      id
      name
      email
      role
      organization {
        id
        name
      }
    }
  }
`);
