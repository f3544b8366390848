import { Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ReceiptRuleSet } from 'aws-cdk-lib/aws-ses';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';

/** The receipt rule set Tandem's hospitals of one account and region share. */
export const accountRuleSetName = 'tandem-receiving';

/** One per account and region (CloudFormation stack names are per account and region). */
export function mailReceivingStackName(account: string, region: string): string {
  return `TandemMailReceiving-${region}-${account}`;
}

/**
 * One per account and region: owns the receipt rule set every Tandem hospital there adds its
 * rule to, and makes it the active set (SES has one active set per account and region) with a
 * custom resource calling SetActiveReceiptRuleSet — so a first deploy needs no manual step and
 * two hospitals can never switch each other's mail off. Deleting this stack deactivates it.
 */
export class MailReceivingStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { hospitals: string[] }) {
    super(scope, id, props);
    const ruleSet = new ReceiptRuleSet(this, 'RuleSet', {
      receiptRuleSetName: accountRuleSetName,
    });
    const activate = {
      service: 'SES',
      action: 'setActiveReceiptRuleSet',
      parameters: { RuleSetName: accountRuleSetName },
      physicalResourceId: PhysicalResourceId.of(`active-receipt-rule-set-${accountRuleSetName}`),
    };
    const active = new AwsCustomResource(this, 'ActivateRuleSet', {
      onCreate: activate,
      onUpdate: activate,
      // No RuleSetName: no set is active any more (the hospitals' rules went with their stacks).
      onDelete: { service: 'SES', action: 'setActiveReceiptRuleSet', parameters: {} },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] }),
      ]),
      installLatestAwsSdk: false,
    });
    active.node.addDependency(ruleSet);
    this.templateOptions.description = `Tandem: the SES receipt rule set of ${props.hospitals.join(', ')}`;
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'ses:SetActiveReceiptRuleSet has no resource type in IAM: it can only be granted on "*"; it is the only action of this role.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "The custom resource's function writes only its own logs; AWS maintains this policy.",
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          "CDK's AwsCustomResource provider picks its own Node.js runtime; it runs once per deploy and makes one SES call.",
      },
      {
        id: 'HIPAA.Security-LambdaDLQ',
        reason:
          'Invoked synchronously by CloudFormation during a deploy, which reports a failure at once.',
      },
      {
        id: 'HIPAA.Security-LambdaConcurrency',
        reason: 'Runs once per deploy of this stack.',
      },
      {
        id: 'HIPAA.Security-LambdaInsideVPC',
        reason: 'Makes one call to the SES API; it touches no data.',
      },
      {
        id: 'HIPAA.Security-CloudWatchLogGroupEncrypted',
        reason:
          "The custom resource's log holds only the rule set's name and SES's answer: no personal data.",
      },
      {
        id: 'HIPAA.Security-IAMNoInlinePolicy',
        reason: 'The one-action policy belongs to this custom resource only.',
      },
    );
  }
}
