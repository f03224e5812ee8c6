import type { AnswerInput, QuestionKind } from '../gql/graphql';

export type Question = {
  key: string;
  label: string;
  kind: QuestionKind;
  required: boolean;
  options: readonly string[];
  minimum?: number | null;
  maximum?: number | null;
};

/** What the form holds for each question: the text typed or chosen, or the choices ticked. */
export type Answers = Record<string, string | readonly string[]>;

/** The answers as bookMeeting takes them: each in the form its question asks, the ones left
 * empty left out (the server names a required one that is missing). */
export function answersInput(questions: readonly Question[], answers: Answers): AnswerInput[] {
  const given: AnswerInput[] = [];
  for (const question of questions) {
    const value = answers[question.key];
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      if (value.length > 0) given.push({ question: question.key, choices: [...value] });
    } else if (value.trim() !== '') {
      given.push(
        question.kind === 'NUMBER'
          ? { question: question.key, number: Number(value) }
          : { question: question.key, text: value.trim() },
      );
    }
  }
  return given;
}
