import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import MailComposer from 'nodemailer/lib/mail-composer';
import { oneLine } from '#domain/one-line';
import { type Mailer, type OutgoingEmail, PermanentSendError } from '#domain/outgoing-email';
import { type AwsEndpointOptions, localCredentials } from './dynamo-client.ts';

const permanentSesErrors = new Set([
  'MessageRejected',
  'BadRequestException',
  'MailFromDomainNotVerifiedException',
  'NotFoundException',
]);

export function createSesClient(options: AwsEndpointOptions): SESv2Client {
  return new SESv2Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: localCredentials } : {}),
  });
}

/**
 * Builds the MIME message with nodemailer's composer and sends it as SES v2 Raw content: Raw is
 * the only SES content type that can carry a text/calendar part inside multipart/alternative.
 * Only `content` is ever passed to the composer (never `path` or `href`), so no email can make
 * it read a file or fetch a URL.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly configurationSetName?: string,
  ) {}

  async compose(email: OutgoingEmail): Promise<Buffer> {
    const composer = new MailComposer({
      from: { name: email.from.name, address: email.from.address },
      to: email.to,
      ...(email.replyTo ? { replyTo: email.replyTo } : {}),
      // One line in every client; nodemailer encodes the rest, so an encoded-word typed into a
      // name stays literal text.
      subject: oneLine(email.subject),
      text: email.text,
      ...(email.html ? { html: email.html } : {}),
      alternatives: (email.alternatives ?? []).map((part) => ({
        contentType: part.contentType,
        content: part.content,
      })),
      attachments: (email.attachments ?? []).map((part) => ({
        filename: part.filename,
        contentType: part.contentType,
        content: part.content,
      })),
      headers: { 'X-Tandem-Kind': email.kind },
    });
    return composer.compile().build();
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const raw = await this.compose(email);
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
      // Throttling and 5xx are retried by the SDK and then by the dispatcher's backoff; these
      // will fail the same way every time, so they are reported at once.
      const name = (error as { name?: string }).name ?? '';
      if (permanentSesErrors.has(name)) {
        throw new PermanentSendError(`${name}: ${(error as Error).message}`);
      }
      throw error;
    }
    if (!result.MessageId) throw new Error('SES accepted the email but returned no MessageId');
    return { messageId: result.MessageId };
  }
}
