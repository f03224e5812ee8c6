import type { ConsoleViewerQuery } from './gql/graphql';

/** Who is signed in: every screen's scope and the admin screens follow from it. */
export type Viewer = NonNullable<ConsoleViewerQuery['viewer']>;
