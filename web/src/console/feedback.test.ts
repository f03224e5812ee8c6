import { describe, expect, it } from 'vitest';
import { refusalSummary } from './Feedback';

describe('refusalSummary', () => {
  const placed = (field: string) => field === 'name';

  it('points to the fields marked, and lists the errors no field shows', () => {
    const refusal = { message: 'name: must not be empty; metadata: too big', fields: { name: 'must not be empty', metadata: 'too big' } };
    expect(refusalSummary(refusal, placed)).toBe('Nothing was saved: check the fields marked above. metadata: too big');
  });

  it("says the refusal's own message when no field shows any of it", () => {
    expect(refusalSummary({ message: 'Forbidden.', fields: {} }, placed, 'created')).toBe('Forbidden.');
  });
});
