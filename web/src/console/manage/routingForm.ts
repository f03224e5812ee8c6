import type {
  HostSettingsInput,
  LinkRoutingQuery,
  QuestionInput,
  QuestionKind,
  RoutingOperator,
  RoutingRuleInput,
} from '../gql/graphql';
import type { FieldErrors } from '../Feedback';

export type RoutedLink = NonNullable<LinkRoutingQuery['link']>;

export type HostDraft = { userId: string; name: string; weight: string; priority: string };

/** A question as its inputs hold it; `draftId` stays while its key is retyped, so the rules
 * that ask it follow the rename. */
export type QuestionDraft = {
  draftId: string;
  key: string;
  label: string;
  kind: QuestionKind;
  required: boolean;
  optionsText: string;
  minimum: string;
  maximum: string;
};

/** A rule as its inputs hold it: `chosen` for a choice question's values, `valuesText` (one a
 * line) for the others. */
export type RuleDraft = {
  questionDraftId: string;
  operator: RoutingOperator;
  chosen: string[];
  valuesText: string;
  minimum: string;
  maximum: string;
  hostIds: string[];
};

export type RoutingForm = { hosts: HostDraft[]; questions: QuestionDraft[]; rules: RuleDraft[] };

export type RoutingChanges = {
  hostSettings: HostSettingsInput[];
  questions: QuestionInput[];
  routingRules: RoutingRuleInput[];
};

export const QUESTION_KIND_NAMES: Record<QuestionKind, string> = {
  SINGLE_CHOICE: 'One choice',
  MULTIPLE_CHOICE: 'Several choices',
  TEXT: 'Text',
  NUMBER: 'Number',
};

export const OPERATOR_NAMES: Record<RoutingOperator, string> = {
  EQUALS: 'is',
  IN: 'is one of',
  CONTAINS: 'contains',
  BETWEEN: 'is between',
};

// The server's own table: an operator outside it is refused for the question's kind.
const OPERATORS_BY_KIND: Record<QuestionKind, RoutingOperator[]> = {
  SINGLE_CHOICE: ['EQUALS', 'IN'],
  MULTIPLE_CHOICE: ['IN', 'CONTAINS'],
  TEXT: ['EQUALS', 'IN', 'CONTAINS'],
  NUMBER: ['EQUALS', 'BETWEEN'],
};

export const WEIGHT_RANGE = [1, 100] as const;
export const PRIORITY_RANGE = [1, 5] as const;

export function operatorsFor(kind: QuestionKind | undefined): RoutingOperator[] {
  return kind === undefined ? [] : OPERATORS_BY_KIND[kind];
}

export function isChoiceKind(kind: QuestionKind | undefined): boolean {
  return kind === 'SINGLE_CHOICE' || kind === 'MULTIPLE_CHOICE';
}

/** The options of a choice question: one a line, blank lines and repeats dropped. */
export function optionsOf(text: string): string[] {
  return [...new Set(text.split('\n').map((line) => line.trim()).filter((line) => line !== ''))];
}

const textOf = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));

let drafted = 0;
export function newDraftId(): string {
  drafted += 1;
  return `question-${drafted}`;
}

export function blankQuestion(): QuestionDraft {
  return {
    draftId: newDraftId(),
    key: '',
    label: '',
    kind: 'SINGLE_CHOICE',
    required: false,
    optionsText: '',
    minimum: '',
    maximum: '',
  };
}

export function blankRule(questions: readonly QuestionDraft[]): RuleDraft {
  const first = questions[0];
  return {
    questionDraftId: first?.draftId ?? '',
    operator: operatorsFor(first?.kind)[0] ?? 'EQUALS',
    chosen: [],
    valuesText: '',
    minimum: '',
    maximum: '',
    hostIds: [],
  };
}

export function routingFormOf(link: RoutedLink): RoutingForm {
  const questions: QuestionDraft[] = link.questions.map((question) => ({
    draftId: newDraftId(),
    key: question.key,
    label: question.label,
    kind: question.kind,
    required: question.required,
    optionsText: question.options.join('\n'),
    minimum: textOf(question.minimum),
    maximum: textOf(question.maximum),
  }));
  const byKey = new Map(link.questions.map((question, i) => [question.key, questions[i]]));
  return {
    hosts: link.hostSettings.map((setting) => ({
      userId: setting.host.id,
      name: setting.host.name,
      weight: String(setting.weight),
      priority: String(setting.priority),
    })),
    questions,
    rules: link.routingRules.map((rule) => {
      const question = byKey.get(rule.question);
      const choices = isChoiceKind(question?.kind);
      return {
        questionDraftId: question?.draftId ?? '',
        operator: rule.operator,
        chosen: choices ? [...rule.values] : [],
        valuesText: choices ? '' : rule.values.join('\n'),
        minimum: textOf(rule.minimum),
        maximum: textOf(rule.maximum),
        hostIds: [...rule.hostIds],
      };
    }),
  };
}

/** The rule asking `question` after its kind changed: an operator that fits it, values kept
 * only where they still mean something. */
export function ruleForQuestion(rule: RuleDraft, question: QuestionDraft | undefined): RuleDraft {
  const operators = operatorsFor(question?.kind);
  const operator = operators.includes(rule.operator) ? rule.operator : (operators[0] ?? rule.operator);
  return {
    ...rule,
    questionDraftId: question?.draftId ?? '',
    operator,
    chosen: isChoiceKind(question?.kind) ? rule.chosen : [],
  };
}

const WHOLE = /^\d+$/;

function wholeIn(text: string, [low, high]: readonly [number, number]): number | null {
  const trimmed = text.trim();
  if (!WHOLE.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= low && value <= high ? value : null;
}

/** A bound as typed: empty is none; anything else must be a number. */
function boundOf(text: string, field: string, errors: FieldErrors): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) {
    errors[field] = 'enter a number';
    return null;
  }
  return value;
}

/** The whole routing as updateLink takes it (questions and rules replace the stored ones), or
 * the field errors the form can tell without asking the server. Field names are the server's,
 * so both kinds of error land in the same places. */
export function routingChangesOf(form: RoutingForm): { changes: RoutingChanges; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const hostSettings = form.hosts.map((host, i): HostSettingsInput => {
    const weight = wholeIn(host.weight, WEIGHT_RANGE);
    const priority = wholeIn(host.priority, PRIORITY_RANGE);
    if (weight === null) errors[`hostSettings[${i}].weight`] = `a whole number from ${WEIGHT_RANGE[0]} to ${WEIGHT_RANGE[1]}`;
    if (priority === null) errors[`hostSettings[${i}].priority`] = `a whole number from ${PRIORITY_RANGE[0]} to ${PRIORITY_RANGE[1]}`;
    return { userId: host.userId, weight, priority };
  });

  const questions = form.questions.map((question, i): QuestionInput => {
    const field = `questions[${i}]`;
    const choices = isChoiceKind(question.kind);
    const number = question.kind === 'NUMBER';
    return {
      key: question.key.trim(),
      label: question.label.trim(),
      kind: question.kind,
      required: question.required,
      options: choices ? optionsOf(question.optionsText) : [],
      minimum: number ? boundOf(question.minimum, `${field}.minimum`, errors) : null,
      maximum: number ? boundOf(question.maximum, `${field}.maximum`, errors) : null,
    };
  });

  const byDraftId = new Map(form.questions.map((question, i) => [question.draftId, questions[i]]));
  const routingRules = form.rules.map((rule, i): RoutingRuleInput => {
    const field = `routingRules[${i}]`;
    const question = byDraftId.get(rule.questionDraftId);
    if (question === undefined) errors[`${field}.question`] = 'pick the question this rule reads';
    const between = rule.operator === 'BETWEEN';
    const values = between
      ? []
      : isChoiceKind(question?.kind)
        ? rule.chosen
        : rule.valuesText.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    return {
      question: question?.key ?? '',
      operator: rule.operator,
      values,
      minimum: between ? boundOf(rule.minimum, `${field}.minimum`, errors) : null,
      maximum: between ? boundOf(rule.maximum, `${field}.maximum`, errors) : null,
      hostIds: rule.hostIds,
    };
  });
  return { changes: { hostSettings, questions, routingRules }, errors };
}

/** The field errors of one question or rule (`prefix` is e.g. `routingRules[0]`), by the name
 * of its field. */
export function errorsUnder(fields: FieldErrors, prefix: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) {
    if (field.startsWith(`${prefix}.`)) found[field.slice(prefix.length + 1)] = message;
  }
  return found;
}

/** Whether the form shows `field` next to its input: a field of a host, question or rule it
 * holds, or one of the three lists as a whole. */
export function isPlaced(field: string, form: RoutingForm): boolean {
  if (field === 'hostSettings' || field === 'questions' || field === 'routingRules') return true;
  const match = /^(hostSettings|questions|routingRules)\[(\d+)\]\.(\w+)$/.exec(field);
  if (match === null) return false;
  const [, list, index, name] = match;
  const count = list === 'hostSettings' ? form.hosts.length : list === 'questions' ? form.questions.length : form.rules.length;
  const known =
    list === 'hostSettings'
      ? ['weight', 'priority']
      : list === 'questions'
        ? ['key', 'label', 'kind', 'options', 'minimum', 'maximum']
        : ['question', 'operator', 'values', 'minimum', 'maximum', 'hostIds'];
  return Number(index) < count && known.includes(name);
}

/** Field errors the form has no place for, as lines to show under it. */
/** Moves the item at `from` one place up (-1) or down (+1). */
export function moved<Item>(items: readonly Item[], from: number, by: -1 | 1): Item[] {
  const to = from + by;
  if (to < 0 || to >= items.length) return [...items];
  const next = [...items];
  [next[from], next[to]] = [next[to], next[from]];
  return next;
}
