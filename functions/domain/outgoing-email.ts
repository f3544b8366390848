import type { HospitalConfig } from '#config/hospital-config';

/** An email Tandem sends, as the domain describes it; the SES adapter turns it into MIME. */
export interface OutgoingEmail {
  from: { name: string; address: string };
  to: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  /** What kind of email this is, for logs, metrics and the SES configuration set's tags. */
  kind: string;
  /** Extra parts inside multipart/alternative (e.g. text/calendar; method=REQUEST in issue 4). */
  alternatives?: { contentType: string; content: string }[];
  attachments?: { filename: string; contentType: string; content: string }[];
  /** Images the HTML shows by `cid:<contentId>` (a chart: Gmail and Outlook show no SVG). */
  inlineImages?: { contentId: string; filename: string; contentType: string; base64: string }[];
  /**
   * The sender read the recipients' suppression itself, in the same read as the rest of what it
   * needed (the invite handler's one batch read), so the mailer does not read it again.
   */
  suppressionChecked?: boolean;
  /** The pairing it is about, and to whom by role: it goes on the pairing's timeline. */
  audit?: { pairingId: string; to: 'mentor' | 'mentee' | 'both' | 'administrators' };
}

/** Every email comes from the program, at the hospital's verified sending address. */
export function programSender(hospital: HospitalConfig): OutgoingEmail['from'] {
  return { name: hospital.branding.programName, address: hospital.senderAddress };
}

/** Port: sends one email; returns the provider's message id. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/**
 * SES refused the send because the account is over its sending rate or its daily quota: nothing
 * is wrong with the email, and it will go once SES accepts mail again. The dispatcher retries it
 * later without counting an attempt, so a quota reached never parks the program's emails.
 */
export class ThrottledSendError extends Error {
  readonly throttled = true;
  constructor(message: string) {
    super(message);
    this.name = 'ThrottledSendError';
  }
}

/**
 * A send that will never succeed as it is (address rejected, message refused): the dispatcher
 * records and reports it at once instead of retrying.
 */
export class PermanentSendError extends Error {
  readonly permanent = true;
  constructor(message: string) {
    super(message);
    this.name = 'PermanentSendError';
  }
}

/**
 * Does something once an email was sent (count it, keep it for the admin page, put it on the
 * pairing's timeline). A failure there is reported, never thrown: the email went out, and a retry
 * would send it again.
 */
export class AfterSendMailer implements Mailer {
  constructor(
    private readonly inner: Mailer,
    private readonly after: (email: OutgoingEmail) => Promise<void> | void,
    private readonly onError: (error: unknown) => void,
  ) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const sent = await this.inner.send(email);
    try {
      await this.after(email);
    } catch (error) {
      this.onError(error);
    }
    return sent;
  }
}
