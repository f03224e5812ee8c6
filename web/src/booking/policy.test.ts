import { describe, expect, it } from 'vitest';
import { noticeInWords, policyInWords } from './policy';

const OPEN = {
  inviteeMayReschedule: true,
  inviteeMayCancel: true,
  rescheduleNoticeMinutes: 240,
  cancelNoticeMinutes: 60 * 24,
};

describe('the change policy in words', () => {
  it('says each notice in its largest whole unit', () => {
    expect(noticeInWords(240)).toBe('4 hours');
    expect(noticeInWords(60 * 24)).toBe('1 day');
    expect(noticeInWords(90)).toBe('90 minutes');
    expect(noticeInWords(0)).toBe('0 minutes');
  });

  it('states both changes and how many moves are left', () => {
    expect(policyInWords(OPEN, null)).toEqual([
      'You can reschedule until 4 hours before it starts.',
      'You can cancel until 1 day before it starts.',
    ]);
    expect(policyInWords({ ...OPEN, rescheduleNoticeMinutes: 0 }, 1)[0]).toBe(
      'You can reschedule until it starts (once more).',
    );
  });

  it('leaves out what is not allowed, moves used up included', () => {
    expect(policyInWords({ ...OPEN, inviteeMayCancel: false }, 0)).toEqual([
      'This meeting cannot be changed online; please contact the host.',
    ]);
    expect(policyInWords({ ...OPEN, inviteeMayReschedule: false }, null)).toEqual([
      'You can cancel until 1 day before it starts.',
    ]);
  });
});
