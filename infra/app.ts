import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { loadAllHospitals } from '#config/hospital-files';
import { HospitalStack } from './hospital-stack.ts';
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
  for (const hospital of loadAllHospitals(hospitalsDirectory)) {
    new HospitalStack(app, stackName(hospital.id), {
      hospital,
      env: { account: hospital.aws.account, region: hospital.aws.region },
      description: `Tandem mentoring workflows for ${hospital.name}`,
      tags: { application: 'tandem', hospital: hospital.id },
    });
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
