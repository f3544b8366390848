const emailAddress = /[^\s<>"'@,;:]+@[^\s<>"'@,;:]+\.[a-z]{2,}/gi;

/**
 * An error as logs may hold it: name and message with email addresses blanked (SES and DynamoDB
 * errors can quote them). Logs above DEBUG carry ids, never personal data.
 */
export function loggableError(error: unknown): { name: string; message: string } {
  const { name, message } =
    error instanceof Error ? error : { name: 'Error', message: String(error) };
  return { name, message: message.replace(emailAddress, '<address>') };
}
