import { describe, expect, it } from 'vitest';
import { answersInput, type Question } from './answers';

const QUESTIONS: Question[] = [
  { key: 'size', label: 'Company size', kind: 'NUMBER', required: true, options: [] },
  { key: 'region', label: 'Region', kind: 'SINGLE_CHOICE', required: false, options: ['EMEA', 'Americas'] },
  { key: 'topics', label: 'Topics', kind: 'MULTIPLE_CHOICE', required: false, options: ['API', 'Pricing'] },
  { key: 'goal', label: 'Goal', kind: 'TEXT', required: false, options: [] },
];

describe('answersInput', () => {
  it('sends each answer in the form its question asks', () => {
    expect(answersInput(QUESTIONS, { size: '250', region: 'EMEA', topics: ['API'], goal: ' Migrate ' })).toEqual([
      { question: 'size', number: 250 },
      { question: 'region', text: 'EMEA' },
      { question: 'topics', choices: ['API'] },
      { question: 'goal', text: 'Migrate' },
    ]);
  });

  it('leaves out what was left empty', () => {
    expect(answersInput(QUESTIONS, { size: '', topics: [], goal: '  ' })).toEqual([]);
  });
});
