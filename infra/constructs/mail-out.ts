import { Stack } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import {
  ConfigurationSet,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { HospitalConfig } from '#config/hospital-config';
import type { MailSending } from '../tandem-function.ts';

/**
 * Mail out: the hospital's SES configuration set (reputation metrics on, bounces and complaints
 * suppressed and sent to the default event bus) and what a function needs to send through it.
 */
export class TandemMailOut extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly mailSending: MailSending;

  constructor(scope: Construct, id: string, props: { hospital: HospitalConfig }) {
    super(scope, id);
    const { hospital } = props;
    const stack = Stack.of(this);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `tandem-${hospital.id}`,
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const senderDomain = hospital.senderAddress.split('@')[1] ?? '';
    this.mailSending = {
      identityArn: stack.formatArn({
        service: 'ses',
        resource: 'identity',
        resourceName: senderDomain,
      }),
      configurationSetName: this.configurationSet.configurationSetName,
      configurationSetArn: stack.formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: this.configurationSet.configurationSetName,
      }),
    };
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.eventBus(
        EventBus.fromEventBusName(this, 'DefaultEventBus', 'default'),
      ),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
  }
}
