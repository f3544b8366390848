import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { loadAllHospitals } from '#config/hospital-files';
import { HospitalStack } from './hospital-stack.ts';
import { MailReceivingStack, mailReceivingStackName } from './mail-receiving-stack.ts';
import { projectRoot } from './project-root.ts';

/**
 * The context of cdk.json (CDK's feature flags): the CDK CLI hands it to the app; the in-process
 * synth and the tests pass it themselves, so what is tested is what is deployed.
 */
export function cdkContext(): Record<string, unknown> {
  const file = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return file.context ?? {};
}

export function stackName(hospitalId: string): string {
  return `Tandem-${hospitalId}`;
}

/** One stack per `infra/hospitals/<id>.json`, each in the account and region its file names. */
export function buildApp(app = new App(), hospitalsDirectory?: string): App {
  const hospitals = loadAllHospitals(hospitalsDirectory);
  // One shared receiving stack per account and region whose hospitals use Tandem's rule set.
  const receiving = new Map<string, MailReceivingStack>();
  const places = [
    ...new Set(
      hospitals
        .filter((h) => h.mailReceiving.ruleSet === 'account')
        .map((h) => `${h.aws.account}/${h.aws.region}`),
    ),
  ];
  for (const place of places) {
    const [account = '', region = ''] = place.split('/');
    receiving.set(
      place,
      new MailReceivingStack(app, mailReceivingStackName(account, region), {
        env: { account, region },
        hospitals: hospitals
          .filter((h) => h.aws.account === account && h.aws.region === region)
          .map((h) => h.id),
        tags: { application: 'tandem' },
      }),
    );
  }
  for (const hospital of hospitals) {
    const stack = new HospitalStack(app, stackName(hospital.id), {
      hospital,
      env: { account: hospital.aws.account, region: hospital.aws.region },
      description: `Tandem mentoring workflows for ${hospital.name}`,
      tags: { application: 'tandem', hospital: hospital.id },
    });
    const shared = receiving.get(`${hospital.aws.account}/${hospital.aws.region}`);
    if (shared && hospital.mailReceiving.ruleSet === 'account') stack.addDependency(shared);
  }
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true }),
    new HIPAASecurityChecks(app, { verbose: true }),
  );
  return app;
}

// `cdk synth` / `cdk deploy` run this file as the CDK app (cdk.json).
if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().synth();
}
