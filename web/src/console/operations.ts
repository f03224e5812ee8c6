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

export const LinkChoicesQuery = graphql(`
  query LinkChoices {
    links(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);
