import { Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { type CfnReceiptRule, ReceiptRule, ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { HospitalConfig } from '#config/hospital-config';
import { inboundObjectPrefix } from '#config/table-schema';
import { accountRuleSetName } from '../mail-receiving-stack.ts';

/**
 * Mail in: the hospital's receipt rule in its account's rule set, SES's writer role into the
 * inbound bucket, and its permission to invoke the inbound function.
 */
export class TandemMailIn extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: {
      hospital: HospitalConfig;
      dataKey: IKey;
      inboundBucket: IBucket;
      inboundFunction: IFunction;
    },
  ) {
    super(scope, id);
    const { hospital, dataKey, inboundBucket, inboundFunction } = props;
    const stack = Stack.of(this);
    // SES stores incoming mail in the bucket, then invokes the inbound function. Each grant is
    // scoped to this hospital's receipt rule (aws:SourceArn) in this account (aws:SourceAccount),
    // as the SES developer guide asks against the confused deputy:
    // https://docs.aws.amazon.com/ses/latest/dg/receiving-email-permissions.html
    const ruleSetName =
      hospital.mailReceiving.ruleSet === 'account'
        ? accountRuleSetName
        : hospital.mailReceiving.ruleSet.shared;
    const receiptRuleName = `tandem-${hospital.id}`;
    const receiptRuleArn = stack.formatArn({
      service: 'ses',
      resource: 'receipt-rule-set',
      resourceName: `${ruleSetName}:receipt-rule/${receiptRuleName}`,
    });
    const fromThisRule = {
      StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': receiptRuleArn },
    };
    // The bucket encrypts with the data key (SSE-KMS). SES writes through a role of its own: "If
    // an IAM role ARN is provided, the role (and only the role) is used to access all the given
    // resources" (CloudFormation, AWS::SES::ReceiptRule S3Action IamRoleArn), so the write on
    // CreateReceiptRule and every delivery use the role's s3:PutObject and its KMS grant on the
    // data key — not a key-policy grant to the SES service, which S3's server-side encryption
    // would not see. (The S3 action's kmsKeyArn is client-side encryption: not used.)
    const sesWriterRole = new Role(this, 'InboundMailWriterRole', {
      description: `SES writes mail received for ${hospital.replyDomain} into the inbound bucket`,
      assumedBy: new ServicePrincipal('ses.amazonaws.com', { conditions: fromThisRule }),
    });
    sesWriterRole.addToPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [inboundBucket.arnForObjects(`${inboundObjectPrefix}*`)],
      }),
    );
    sesWriterRole.addToPolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
        resources: [dataKey.keyArn],
      }),
    );
    Validations.of(sesWriterRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(inboundBucket.node.defaultChild as CfnBucket)}.Arn>/${inboundObjectPrefix}*]`,
      reason:
        'SES names each stored message by its message id, unknown in advance; the role may only put objects under the inbound/ prefix.',
    });
    inboundFunction.addPermission('InvokedByReceiptRule', {
      principal: new ServicePrincipal('ses.amazonaws.com'),
      sourceAccount: stack.account,
      sourceArn: receiptRuleArn,
    });
    const sesInvoke = inboundFunction.permissionsNode.findChild('InvokedByReceiptRule');
    // The set lives in the account's MailReceivingStack (or is managed elsewhere): this stack
    // only adds its rule.
    const ruleSet = ReceiptRuleSet.fromReceiptRuleSetName(
      this,
      'SharedReceiptRuleSet',
      ruleSetName,
    );
    const receiptRule = new ReceiptRule(this, 'ReceiptRule', {
      ruleSet,
      receiptRuleName,
      recipients: [hospital.replyDomain],
      scanEnabled: true,
      tlsPolicy: TlsPolicy.REQUIRE,
      // Written here rather than with aws-ses-actions' S3 and Lambda classes: those add grants
      // conditioned on the account only, and the S3 one cannot name a role.
      actions: [
        {
          bind: () => ({
            s3Action: {
              bucketName: inboundBucket.bucketName,
              objectKeyPrefix: inboundObjectPrefix,
            },
          }),
        },
        {
          bind: () => ({
            lambdaAction: {
              functionArn: inboundFunction.functionArn,
              invocationType: 'Event',
            },
          }),
        },
      ],
    });
    (receiptRule.node.defaultChild as CfnReceiptRule).addPropertyOverride(
      'Rule.Actions.0.S3Action.IamRoleArn',
      sesWriterRole.roleArn,
    );
    // SES checks its access when the rule is created: the grants must exist first.
    receiptRule.node.addDependency(sesWriterRole, sesInvoke);
  }
}
