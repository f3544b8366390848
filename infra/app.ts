import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { loadAllHospitals } from '#config/hospital-files';
import { HospitalStack } from './hospital-stack.ts';

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
