import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface AwsEndpointOptions {
  region: string;
  /** Set only for the embedded runtime and tests (DynamoDB Local, the local SES endpoint). */
  endpoint?: string;
}

/** Local emulators accept any credentials; real AWS uses the Lambda role's. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function createDynamoDocumentClient(options: AwsEndpointOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: localCredentials } : {}),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
