import { describe, expect, it } from 'vitest';
import {
  errorsUnder,
  operatorsFor,
  optionsOf,
  type RoutedLink,
  routingChangesOf,
  routingFormOf,
  ruleForQuestion,
  isPlaced,
} from './routingForm';

const LINK: RoutedLink = {
  __typename: 'Link',
  id: 'TGluazo5',
  name: 'Demo',
  assignment: 'RULES',
  hostSettings: [
    { __typename: 'HostSettings', weight: 2, priority: 5, host: { __typename: 'User', id: 'u1', name: 'Ada' } },
    { __typename: 'HostSettings', weight: 1, priority: 3, host: { __typename: 'User', id: 'u2', name: 'Bo' } },
  ],
  questions: [
    { __typename: 'Question', key: 'region', label: 'Region', kind: 'SINGLE_CHOICE', required: true, options: ['EMEA', 'Americas'], minimum: null, maximum: null },
    { __typename: 'Question', key: 'seats', label: 'Seats', kind: 'NUMBER', required: false, options: [], minimum: 1, maximum: null },
  ],
  routingRules: [
    { __typename: 'RoutingRule', question: 'region', operator: 'EQUALS', values: ['EMEA'], minimum: null, maximum: null, hostIds: ['u1'] },
    { __typename: 'RoutingRule', question: 'seats', operator: 'BETWEEN', values: [], minimum: 10, maximum: null, hostIds: ['u2'] },
  ],
};

describe('routingChangesOf', () => {
  it('sends the stored routing back unchanged', () => {
    const { changes, errors } = routingChangesOf(routingFormOf(LINK));
    expect(errors).toEqual({});
    expect(changes).toEqual({
      hostSettings: [
        { userId: 'u1', weight: 2, priority: 5 },
        { userId: 'u2', weight: 1, priority: 3 },
      ],
      questions: [
        { key: 'region', label: 'Region', kind: 'SINGLE_CHOICE', required: true, options: ['EMEA', 'Americas'], minimum: null, maximum: null },
        { key: 'seats', label: 'Seats', kind: 'NUMBER', required: false, options: [], minimum: 1, maximum: null },
      ],
      routingRules: [
        { question: 'region', operator: 'EQUALS', values: ['EMEA'], minimum: null, maximum: null, hostIds: ['u1'] },
        { question: 'seats', operator: 'BETWEEN', values: [], minimum: 10, maximum: null, hostIds: ['u2'] },
      ],
    });
  });

  it('names a renamed question by its new key in the rules that read it', () => {
    const form = routingFormOf(LINK);
    form.questions[0] = { ...form.questions[0], key: 'area' };
    expect(routingChangesOf(form).changes.routingRules[0].question).toBe('area');
  });

  it('refuses a weight out of range and a bound that is not a number, by the server’s field names', () => {
    const form = routingFormOf(LINK);
    form.hosts[1] = { ...form.hosts[1], weight: '101' };
    form.rules[1] = { ...form.rules[1], maximum: 'lots' };
    expect(routingChangesOf(form).errors).toEqual({
      'hostSettings[1].weight': 'a whole number from 1 to 100',
      'routingRules[1].maximum': 'enter a number',
    });
  });

  it('asks for the question of a rule whose question was removed', () => {
    const form = routingFormOf(LINK);
    form.questions = form.questions.slice(1);
    expect(routingChangesOf(form).errors).toEqual({ 'routingRules[0].question': 'pick the question this rule reads' });
  });

  it('reads text values one a line', () => {
    const form = routingFormOf({
      ...LINK,
      questions: [{ ...LINK.questions[0], kind: 'TEXT', options: [] }],
      routingRules: [{ ...LINK.routingRules[0], operator: 'IN', values: ['acme', 'globex'] }],
    });
    form.rules[0] = { ...form.rules[0], valuesText: 'acme\n\n  initech \n' };
    expect(routingChangesOf(form).changes.routingRules[0].values).toEqual(['acme', 'initech']);
  });
});

describe('operators and options', () => {
  it('offers only the operators that fit a question’s kind', () => {
    expect(operatorsFor('SINGLE_CHOICE')).toEqual(['EQUALS', 'IN']);
    expect(operatorsFor('MULTIPLE_CHOICE')).toEqual(['IN', 'CONTAINS']);
    expect(operatorsFor('TEXT')).toEqual(['EQUALS', 'IN', 'CONTAINS']);
    expect(operatorsFor('NUMBER')).toEqual(['EQUALS', 'BETWEEN']);
  });

  it('moves a rule to an operator that fits when its question becomes a number', () => {
    const form = routingFormOf(LINK);
    const rule = ruleForQuestion(form.rules[0], { ...form.questions[0], kind: 'NUMBER' });
    expect(rule.operator).toBe('EQUALS');
    expect(rule.chosen).toEqual([]);
    expect(ruleForQuestion({ ...form.rules[0], operator: 'IN' }, { ...form.questions[0], kind: 'NUMBER' }).operator).toBe('EQUALS');
  });

  it('drops blank and repeated options', () => {
    expect(optionsOf('EMEA\n\n Americas \nEMEA')).toEqual(['EMEA', 'Americas']);
  });
});

describe('placing field errors', () => {
  it('gives each rule its own errors and lists the rest', () => {
    const form = routingFormOf(LINK);
    const fields = {
      'routingRules[0].values': "'X' is not an option of 'Region'",
      'questions[1].key': 'another question already has the key',
      'routingRules[5].values': 'no such rule here',
      hostSettings: 'user 9 is not one of the link’s hosts',
    };
    expect(errorsUnder(fields, 'routingRules[0]')).toEqual({ values: "'X' is not an option of 'Region'" });
    expect(Object.keys(fields).filter((field) => !isPlaced(field, form))).toEqual(['routingRules[5].values']);
  });
});
