import type { CaseEvent, CaseState } from '@civicgrid/domain';
import { slaFreeSteps } from '@civicgrid/domain';

/** Photos a citizen sees of the handling (the department's after-photos, else the on-site check's). */
const MAX_REPLY_PHOTOS = 3;
/** Evidence keys end with the uploaded file's name: only photos are shown to citizens (never a PDF). */
const PHOTO_KEY = /\.(jpe?g|png|webp)$/i;

/** What a citizen learns from a tracking code: steps and times, and the answer once there is one. */
export interface PublicOutcome {
  /** 预计办结: the closing deadline while the case is open and dispatched (moves with granted extensions). */
  expectedBy?: string;
  /** 答复: the department's handling report, shown once the case is closed. */
  reply?: { text: string; at: string; photoKeys: string[] };
  /** 不予立案 reason. */
  rejection?: { reason: string; at: string };
}

/**
 * The outcome part of the public tracking view. Only what the office wrote *for* the citizen: the department's
 * handling note (the 答复) and photos after closing, the rejection reason, the deadline. Never actors, internal
 * notes (return reasons, verification notes, supervision orders) or the reporter's own data.
 */
export function publicOutcome(state: CaseState, events: CaseEvent[]): PublicOutcome {
  const out: PublicOutcome = {};
  const deadline = state.closeDeadline ?? state.deadline;
  if (deadline && !slaFreeSteps.includes(state.step)) out.expectedBy = deadline;
  if (state.step === 'rejected') {
    const rejected = lastOf(events, 'rejected');
    if (rejected?.note) out.rejection = { reason: rejected.note, at: rejected.at };
  }
  if (state.step === 'closed' || state.step === 'evaluated') {
    const handled = lastOf(events, 'handled');
    if (handled?.note) {
      const photos = (e?: CaseEvent) => (e?.evidence ?? []).filter((key) => PHOTO_KEY.test(key));
      const own = photos(handled);
      const keys = own.length ? own : photos(lastOf(events, 'verified'));
      out.reply = { text: handled.note, at: handled.at, photoKeys: keys.slice(0, MAX_REPLY_PHOTOS) };
    }
  }
  return out;
}

function lastOf(events: CaseEvent[], type: CaseEvent['type']): CaseEvent | undefined {
  for (let i = events.length - 1; i >= 0; i--) if (events[i]?.type === type) return events[i];
  return undefined;
}
