import type { BookableBy } from '../gql/graphql';

export const BOOKABLE_BY_NAMES: Record<BookableBy, string> = {
  ANYONE: 'Anyone',
  SINGLE_USE_ONLY: 'Single-use links only',
};

/** Whether the link's own address takes bookings, or only its single-use links do (a private
 * link: a prospect who was sent one cannot book follow-ups through the link behind it). */
export function BookableByChoice({ value, onChange }: { value: BookableBy; onChange: (value: BookableBy) => void }) {
  return (
    <fieldset>
      <legend>Who may book</legend>
      <label className="check">
        <input type="radio" name="bookableBy" checked={value === 'ANYONE'} onChange={() => onChange('ANYONE')} />
        Anyone with the link&apos;s address
      </label>
      <label className="check">
        <input
          type="radio"
          name="bookableBy"
          checked={value === 'SINGLE_USE_ONLY'}
          onChange={() => onChange('SINGLE_USE_ONLY')}
        />
        Single-use links only (private: the link&apos;s own address takes no bookings)
      </label>
    </fieldset>
  );
}
