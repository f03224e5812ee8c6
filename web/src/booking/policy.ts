/** What the invitee may still do with a booking, in words, from its link's policy. */
export interface ChangePolicy {
  inviteeMayReschedule: boolean;
  inviteeMayCancel: boolean;
  rescheduleNoticeMinutes: number;
  cancelNoticeMinutes: number;
}

export function noticeInWords(minutes: number): string {
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (minutes > 0 && minutes % (60 * 24) === 0) return plural(minutes / (60 * 24), 'day');
  if (minutes > 0 && minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

function until(minutes: number): string {
  return minutes === 0 ? 'until it starts' : `until ${noticeInWords(minutes)} before it starts`;
}

/** One sentence per change, or one saying neither can be made online. */
export function policyInWords(policy: ChangePolicy, reschedulesLeft: number | null): string[] {
  const lines: string[] = [];
  if (policy.inviteeMayReschedule && reschedulesLeft !== 0) {
    const times = reschedulesLeft === null ? '' : ` (${reschedulesLeft === 1 ? 'once' : `${reschedulesLeft} times`} more)`;
    lines.push(`You can reschedule ${until(policy.rescheduleNoticeMinutes)}${times}.`);
  }
  if (policy.inviteeMayCancel) {
    lines.push(`You can cancel ${until(policy.cancelNoticeMinutes)}.`);
  }
  if (lines.length === 0) {
    lines.push('This meeting cannot be changed online; please contact the host.');
  }
  return lines;
}
