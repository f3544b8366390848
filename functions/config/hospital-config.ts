import * as z from 'zod';
import { builtOnce } from './built-once.ts';
import { canonicalTimeZone } from './time-zones.ts';

/** The schema of a hospital file, built on first use (the Lambda bundles carry it validated). */
export const hospitalConfigSchema = /* @__PURE__ */ builtOnce(() => {
  /**
   * The IANA primary zone name, written as such in the file (a link such as "Asia/Calcutta" is
   * refused with its primary name, so the file says what every calendar will show).
   */
  const timeZone = z.string().superRefine((value, ctx) => {
    const checked = canonicalTimeZone(value);
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.message });
    else if (checked.zone !== value)
      ctx.addIssue({ code: 'custom', message: `write the IANA primary name "${checked.zone}"` });
  });

  const domainName = z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
      message: 'must be a lower-case domain name such as "mentoring.example-hospital.org"',
    });

  const frequency = z.enum(['weekly', 'biweekly', 'monthly', 'bimonthly', 'quarterly']);

  const programDefaults = z
    .object({
      frequency: frequency.default('monthly'),
      meetingMinutes: z.union([z.literal(30), z.literal(45), z.literal(60)]).default(30),
      termMonths: z.number().int().min(1).max(36).default(12),
      inviteLeadDays: z.number().int().min(1).max(30).default(7),
      checkInDelayHours: z.number().int().min(1).max(240).default(24),
      mentorCapacity: z.number().int().min(1).max(20).default(3),
      /** Monthly-type meetings fall on the nth weekday ("2nd Tuesday") or the same day of month. */
      monthlyRule: z.enum(['nth-weekday', 'day-of-month']).default('nth-weekday'),
      /** Where meetings happen: a room or a video link, shown as the invite's LOCATION. */
      meetingLocation: z.string().min(1).max(300).default('To be agreed between mentor and mentee'),
      /** Every this many meetings held, both are asked whether the frequency still suits them. */
      reviewEveryMeetings: z.number().int().min(1).max(24).default(3),
    })
    .strict();

  return z
    .object({
      id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$/, {
        message: 'must be 3-32 lower-case letters, digits or dashes (it names the stack)',
      }),
      name: z.string().min(2).max(120),
      aws: z
        .object({
          account: z.string().regex(/^\d{12}$/, { message: 'must be a 12-digit AWS account id' }),
          region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, {
            message: 'must be an AWS region such as "us-east-1"',
          }),
        })
        .strict(),
      timeZone,
      senderAddress: z.email({ message: 'must be an email address' }),
      replyDomain: domainName,
      allowedEmailDomains: z.array(domainName).min(1),
      administrators: z.array(z.email({ message: 'must be an email address' })).min(1),
      programDefaults: programDefaults.default(programDefaults.parse({})),
      /**
       * Matching from the mentor pool: the program office picks from a request's suggestions
       * ("coordinator"), or the mentee is emailed the top three to choose from ("mentee-choice").
       */
      matching: z
        .object({ mode: z.enum(['coordinator', 'mentee-choice']).default('coordinator') })
        .strict()
        .default({ mode: 'coordinator' }),
      /** The month (1–12) an academic year starts in, for the mentor-hours report; default July. */
      academicYearStartMonth: z.number().int().min(1).max(12).default(7),
      dispatcher: z
        .object({
          rateMinutes: z.number().int().min(1).max(60).default(5),
          shardCount: z.number().int().min(1).max(64).default(4),
          maxAttempts: z.number().int().min(1).max(20).default(5),
          /** SES's sending rate for the account (emails per second); the dispatcher stays under it. */
          maxSendRatePerSecond: z.number().min(0.1).max(500).default(10),
        })
        .strict()
        .default({ rateMinutes: 5, shardCount: 4, maxAttempts: 5, maxSendRatePerSecond: 10 }),
      /** Days the hospital is closed (YYYY-MM-DD): a meeting on one moves to the next working day. */
      closures: z
        .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD' }))
        .default([]),
      branding: z
        .object({
          primaryColor: z
            .string()
            .regex(/^#[0-9a-fA-F]{6}$/, { message: 'must be a colour like "#1d4f91"' })
            .default('#1d4f91'),
          programName: z.string().min(2).max(80).default('Physician Mentoring Program'),
        })
        .strict()
        .default({ primaryColor: '#1d4f91', programName: 'Physician Mentoring Program' }),
      inboundMailRetentionDays: z.number().int().min(1).max(365).default(30),
      /**
       * SES receiving: an account and region have one active receipt rule set. `account`
       * (default): Tandem's small shared stack for the account and region owns the set
       * `tandem-receiving` and activates it; every hospital there adds its rule to it.
       * `{"shared": "<name>"}`: an active set managed elsewhere (e.g. with WorkMail's rules) that
       * the hospital adds its rule to, activating nothing.
       */
      mailReceiving: z
        .object({
          ruleSet: z
            .union(
              [z.literal('account'), z.object({ shared: z.string().min(1).max(64) }).strict()],
              {
                error:
                  'must be "account" (Tandem\'s shared rule set for the account and region, activated for you) or {"shared": "<an active rule set managed elsewhere>"}',
              },
            )
            .default('account'),
          regionSupportConfirmed: z.boolean().default(false),
        })
        .strict()
        .default({ ruleSet: 'account', regionSupportConfirmed: false }),
      /**
       * Reserved Lambda concurrency per function: none unless set. A fresh account's quota (often
       * 10) cannot reserve anything — Lambda keeps 10 unreserved — and exactly-once dispatch comes
       * from the leases, not from a reservation (docs/operations.md).
       */
      reservedConcurrency: z
        .object({
          http: z.number().int().min(1).max(1000),
          dispatcher: z.number().int().min(1).max(10),
          outbox: z.number().int().min(1).max(100).optional(),
          inboundMail: z.number().int().min(1).max(100),
          sesEvents: z.number().int().min(1).max(100),
        })
        .strict()
        .optional(),
      /** The administrators' sign-in: the Cognito domain prefix, when `tandem-<id>` is taken. */
      adminSignIn: z
        .object({
          domainPrefix: z
            .string()
            .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, {
              message: 'must be lower-case letters, digits and dashes (a Cognito domain prefix)',
            })
            .refine((prefix) => !/aws|amazon|cognito/.test(prefix), {
              message: 'may not contain "aws", "amazon" or "cognito" (Cognito refuses them)',
            })
            .optional(),
        })
        .strict()
        .default({}),
      /**
       * The hospital's own name for the service (e.g. "mentoring.northbridge-general.org"): the
       * stack creates the API Gateway custom domain with this ACM certificate (same region), maps
       * it to the API, and every link uses it. One DNS record remains (docs/operations.md).
       */
      customDomain: z
        .object({
          name: domainName,
          certificateArn: z
            .string()
            .regex(/^arn:aws[\w-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/, {
              message:
                'must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)',
            }),
        })
        .strict()
        .optional(),
      /** The address people reach the service at (a custom domain); default: the HTTP API's URL. */
      publicBaseUrl: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).optional(),
    })
    .strict()
    .superRefine((config, ctx) => {
      const region = config.aws.region;
      if (
        !(sesReceivingRegions as readonly string[]).includes(region) &&
        !config.mailReceiving.regionSupportConfirmed
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['aws', 'region'],
          message: `SES does not receive mail in ${region} (receiving regions: ${sesReceivingRegions.join(', ')}); choose one of them, or set mailReceiving.regionSupportConfirmed if AWS has added ${region}`,
        });
      }
      if (config.customDomain) {
        const certificateRegion = config.customDomain.certificateArn.split(':')[3];
        if (certificateRegion !== config.aws.region)
          ctx.addIssue({
            code: 'custom',
            path: ['customDomain', 'certificateArn'],
            message: `must be a certificate in ${config.aws.region} (a regional API's domain uses a certificate of its own region), not ${certificateRegion}`,
          });
        if (config.publicBaseUrl && new URL(config.publicBaseUrl).host !== config.customDomain.name)
          ctx.addIssue({
            code: 'custom',
            path: ['publicBaseUrl'],
            message: `must be https://${config.customDomain.name} or left out when customDomain is set`,
          });
      }
      const senderDomain = config.senderAddress.split('@')[1];
      if (senderDomain === config.replyDomain) {
        ctx.addIssue({
          code: 'custom',
          path: ['replyDomain'],
          message:
            'must differ from the sender address domain (replies are received on their own domain)',
        });
      }
    });
});

export type HospitalConfig = z.infer<ReturnType<typeof hospitalConfigSchema>>;

/**
 * Regions where SES receives mail (checked 2026-11-26). The authority is the "Email receiving
 * endpoints" table of the AWS General Reference, "Amazon Simple Email Service endpoints and quotas"
 * (https://docs.aws.amazon.com/general/latest/gr/ses.html#ses_inbound_endpoints). We could not load
 * that page itself from here, so the list joins two sources, each checked:
 * - the table as it stood in January 2024 (eleven regions: us-east-1, us-east-2, us-west-2,
 *   ap-southeast-1, ap-southeast-2, ap-southeast-3, ap-northeast-1, ca-central-1, eu-central-1,
 *   eu-west-1, eu-west-2);
 * - regions AWS added after it, each seen receiving in real deployments (an `inbound-smtp.<region>`
 *   Received header or MX in use, or the table cited by date): us-west-1, ap-south-1,
 *   ap-northeast-2, eu-north-1, eu-west-3, sa-east-1.
 * Known not to receive: ap-south-2 (no receipt-rule API; its inbound-smtp name does not resolve).
 * AWS adds regions over time: a hospital in a region added later sets
 * `mailReceiving.regionSupportConfirmed: true` after checking the table. The old list of three
 * (us-east-1, us-west-2, eu-west-1) dated from before 2023 and refused eight supported regions.
 */
export const sesReceivingRegions = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-northeast-1',
  'ap-northeast-2',
] as const;

/** A config file that failed validation; the message names the file, each field and its problem. */
export class HospitalConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: invalid hospital config\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'HospitalConfigError';
  }
}

export function parseHospitalConfig(input: unknown, source: string): HospitalConfig {
  const result = hospitalConfigSchema().safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    return `${field}: ${issue.message}`;
  });
  throw new HospitalConfigError(source, problems);
}

/** The dispatcher's time limit: under the schedule's period (a run ends before the next), at most 5 minutes. */
export function dispatcherTimeoutSeconds(rateMinutes: number): number {
  return Math.min(300, rateMinutes * 60 - 30);
}
