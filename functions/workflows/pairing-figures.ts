import type { CheckinRecord, CheckinStore } from '#domain/checkin';
import type { Meeting, MeetingStore } from '#domain/meeting';
import { type MeetingFigures, meetingFigures } from '#domain/program-figures';

/**
 * A pairing's meetings, and its figures by the domain's one definition (planned, held, hours,
 * answered), read the same way by the closing email, the frequency review, the digest and the
 * CSV export: its meetings and its check-ins, side by side.
 */
export async function pairingFigures(
  stores: {
    meetings: Pick<MeetingStore, 'list'>;
    checkins: Pick<CheckinStore, 'listCheckins'>;
  },
  pairingId: string,
  now: number,
): Promise<{ meetings: Meeting[]; checkins: CheckinRecord[]; figures: MeetingFigures }> {
  const [meetings, checkins] = await Promise.all([
    stores.meetings.list(pairingId),
    stores.checkins.listCheckins(pairingId),
  ]);
  return { meetings, checkins, figures: meetingFigures(meetings, checkins, now) };
}
