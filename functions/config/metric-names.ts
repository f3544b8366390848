/** The CloudWatch metrics the functions publish (EMF) and the stack's alarms and dashboard read. */
export const metricsNamespace = 'Tandem';

export const metricNames = {
  /** Dimension `kind`: the email's kind (meeting-invite, checkin, proposal-new, …). */
  emailsSent: 'EmailsSent',
  /** Dimension `kind`: checkin-reply, calendar-reply, auto-reply, unknown. */
  repliesReceived: 'RepliesReceived',
  quarantined: 'MailQuarantined',
  /** Seconds between the oldest due item's due time and the dispatcher run that found it. */
  dispatcherLag: 'DispatcherLagSeconds',
  /** Dimension `kind`: bounce or complaint. */
  addressesSuppressed: 'AddressesSuppressed',
  /**
   * Sends SES throttled (sending rate or daily quota), or refused without asking it during the
   * pause after one; no dimension beyond the hospital's, so an alarm can read it.
   */
  emailsThrottled: 'EmailsThrottled',
} as const;
