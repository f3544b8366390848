import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  type Mailer,
  type OutgoingEmail,
  PermanentSendError,
  ThrottledSendError,
} from '#domain/outgoing-email';
import { type AwsEndpointOptions, localCredentials } from './dynamo-client.ts';
import { composeMime } from './mime-message.ts';

const permanentSesErrors = new Set([
  'MessageRejected',
  'BadRequestException',
  'MailFromDomainNotVerifiedException',
  'NotFoundException',
]);

/**
 * What SES answers when the account is over its limits: SES v2's `TooManyRequestsException`
 * (429), the `ThrottlingException` its guide names, and "Daily message quota exceeded" or
 * "Maximum sending rate exceeded" in the message, whatever the error's name.
 */
const throttlingSesErrors = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
]);
const sendingLimitMessage = /daily message quota exceeded|maximum sending rate exceeded/i;

export function createSesClient(options: AwsEndpointOptions): SESv2Client {
  return new SESv2Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: localCredentials } : {}),
  });
}

/**
 * Sends each email as SES v2 Raw content (composeMime): Raw is the only SES content type that
 * can carry a text/calendar part inside multipart/alternative.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly configurationSetName?: string,
  ) {}

  compose(email: OutgoingEmail): Buffer {
    return composeMime(email, new Date());
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const raw = this.compose(email);
    let result: { MessageId?: string | undefined };
    try {
      result = await this.client.send(
        new SendEmailCommand({
          Content: { Raw: { Data: raw } },
          ...(this.configurationSetName ? { ConfigurationSetName: this.configurationSetName } : {}),
          EmailTags: [{ Name: 'kind', Value: email.kind.replace(/[^A-Za-z0-9_-]/g, '_') }],
        }),
      );
    } catch (error) {
      // 5xx errors are retried by the SDK and then by the dispatcher's backoff; the permanent
      // ones will fail the same way every time, so they are reported at once.
      const name = (error as { name?: string }).name ?? '';
      const message = (error as { message?: string }).message ?? '';
      if (permanentSesErrors.has(name)) {
        throw new PermanentSendError(`${name}: ${message}`);
      }
      // Over the account's sending rate or daily quota (after the SDK's own retries): the email
      // goes later, and the attempt does not count (docs/operations.md).
      if (throttlingSesErrors.has(name) || sendingLimitMessage.test(message)) {
        throw new ThrottledSendError(`${name}: ${message}`);
      }
      throw error;
    }
    if (!result.MessageId) throw new Error('SES accepted the email but returned no MessageId');
    return { messageId: result.MessageId };
  }
}
