// The least any Tandem function does at a cold start, bundled as the functions are: the AWS SDK
// clients a function talks through (DynamoDB with its document client, SES v2) and the
// link-signing secret read at top level, as the functions read it (one signed request,
// functions/adapters/secret-request.ts). `npm run bench` measures it beside the functions, so
// their cold starts can be read against what no code of ours can go below.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { credentialsFromEnv, getSecretString } from '#adapters/secret-request';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const ses = new SESv2Client({});
const secret = await getSecretString(process.env.TANDEM_SIGNING_SECRET_ARN ?? '', {
  region: process.env.AWS_REGION ?? 'us-east-1',
  credentials: credentialsFromEnv(process.env),
});

export const handler = async () => {
  await documents.send(new GetCommand({ TableName: 'floor', Key: { pk: 'floor' } }));
  await ses.send(new SendEmailCommand({ Content: { Raw: { Data: new Uint8Array() } } }));
  return secret.length;
};
