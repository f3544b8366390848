import { App } from 'aws-cdk-lib';
import { SynthesisMessageLevel } from 'aws-cdk-lib/cx-api';
import { buildApp, cdkContext } from './app.ts';

// `npm run synth`: synthesize every hospital into cdk.out/ and fail on any cdk-nag error
// (an unsuppressed finding), listing each with its resource path.
try {
  const assembly = buildApp(new App({ outdir: 'cdk.out', context: cdkContext() })).synth();
  let errors = 0;
  for (const stack of assembly.stacks) {
    const stackErrors = stack.messages.filter((m) => m.level === SynthesisMessageLevel.ERROR);
    const warnings = stack.messages.filter((m) => m.level === SynthesisMessageLevel.WARNING);
    errors += stackErrors.length;
    console.log(
      `${stack.stackName}: ${stack.templateFile} (${stack.environment.account}/${stack.environment.region}) - ${stackErrors.length} errors, ${warnings.length} warnings`,
    );
    for (const message of [...stackErrors, ...warnings]) {
      console.log(`  ${message.level} ${message.id}: ${String(message.entry.data).split('\n')[0]}`);
    }
  }
  if (errors > 0) {
    console.error(`cdk-nag: ${errors} unsuppressed errors`);
    process.exit(1);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
