import type { Assignment, BookableBy, ChangePolicyInput, ManagedLinksQuery, UpdateLinkInput } from '../gql/graphql';
import type { FieldErrors } from '../Feedback';
import { instantOfLocal } from '../format';

export type ManagedLink = ManagedLinksQuery['links']['edges'][number]['node'];

/** The edit form's fields as typed: numbers and dates as the inputs hold them. */
export type LinkForm = {
  name: string;
  slug: string;
  meetingTypeId: string;
  hostIds: string[];
  expiresAt: string;
  startsBefore: string;
  minimumNoticeMinutes: string;
  bookingHorizonDays: string;
  slotIntervalMinutes: string;
  active: boolean;
  bookableBy: BookableBy;
  assignment: Assignment;
  inviteeMayReschedule: boolean;
  inviteeMayCancel: boolean;
  rescheduleNoticeMinutes: string;
  cancelNoticeMinutes: string;
  maxReschedules: string;
};

export type LinkChanges = Omit<UpdateLinkInput, 'id'>;

const pad = (value: number) => String(value).padStart(2, '0');

/** An instant as a datetime-local input shows it: in the browser's zone, to the minute. */
export function localOfInstant(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

export function formOf(link: ManagedLink): LinkForm {
  const policy = link.changePolicy;
  return {
    name: link.name,
    slug: link.slug,
    meetingTypeId: link.meetingType.id,
    hostIds: link.hosts.map((host) => host.id),
    expiresAt: localOfInstant(link.expiresAt),
    startsBefore: localOfInstant(link.startsBefore),
    minimumNoticeMinutes: String(link.minimumNoticeMinutes),
    bookingHorizonDays: String(link.bookingHorizonDays),
    slotIntervalMinutes: String(link.slotIntervalMinutes),
    active: link.active,
    bookableBy: link.bookableBy,
    assignment: link.assignment,
    inviteeMayReschedule: policy.inviteeMayReschedule,
    inviteeMayCancel: policy.inviteeMayCancel,
    rescheduleNoticeMinutes: String(policy.rescheduleNoticeMinutes),
    cancelNoticeMinutes: String(policy.cancelNoticeMinutes),
    maxReschedules: policy.maxReschedules === null ? '' : String(policy.maxReschedules),
  };
}

const WHOLE = /^\d+$/;
const NOT_WHOLE = 'enter a whole number';

function sameHosts(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

/** What the form changes on the link, as updateLink takes it: only the fields changed, an
 * emptied date as its clear flag, an emptied notice as null (back to the minimum notice) and an
 * emptied reschedule limit as null (no limit). Numbers that are not whole are refused here. */
export function changesOf(link: ManagedLink, form: LinkForm): { changes: LinkChanges; errors: FieldErrors } {
  const was = formOf(link);
  const changes: LinkChanges = {};
  const errors: FieldErrors = {};
  if (form.name !== was.name) changes.name = form.name;
  if (form.slug !== was.slug) changes.slug = form.slug;
  if (form.meetingTypeId !== was.meetingTypeId) changes.meetingTypeId = form.meetingTypeId;
  if (!sameHosts(form.hostIds, was.hostIds)) changes.hostIds = form.hostIds;
  if (form.expiresAt !== was.expiresAt) {
    if (form.expiresAt === '') changes.clearExpiry = true;
    else changes.expiresAt = instantOfLocal(form.expiresAt);
  }
  if (form.startsBefore !== was.startsBefore) {
    if (form.startsBefore === '') changes.clearStartsBefore = true;
    else changes.startsBefore = instantOfLocal(form.startsBefore);
  }
  for (const key of ['minimumNoticeMinutes', 'bookingHorizonDays', 'slotIntervalMinutes'] as const) {
    const text = form[key].trim();
    if (text === was[key]) continue;
    if (WHOLE.test(text)) changes[key] = Number(text);
    else errors[key] = NOT_WHOLE;
  }
  if (form.active !== was.active) changes.active = form.active;
  if (form.bookableBy !== was.bookableBy) changes.bookableBy = form.bookableBy;
  if (form.assignment !== was.assignment) changes.assignment = form.assignment;

  const policy: ChangePolicyInput = {};
  if (form.inviteeMayReschedule !== was.inviteeMayReschedule) policy.inviteeMayReschedule = form.inviteeMayReschedule;
  if (form.inviteeMayCancel !== was.inviteeMayCancel) policy.inviteeMayCancel = form.inviteeMayCancel;
  for (const key of ['rescheduleNoticeMinutes', 'cancelNoticeMinutes', 'maxReschedules'] as const) {
    const text = form[key].trim();
    if (text === was[key]) continue;
    if (text === '') policy[key] = null;
    else if (WHOLE.test(text)) policy[key] = Number(text);
    else errors[`changePolicy.${key}`] = NOT_WHOLE;
  }
  if (Object.keys(policy).length > 0) changes.changePolicy = policy;
  return { changes, errors };
}
