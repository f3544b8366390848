import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HospitalConfigError } from '#config/hospital-config';
import { loadAllHospitals, loadHospital, loadHospitalFile } from '#config/hospital-files';

const valid = {
  id: 'lakeside',
  name: 'Lakeside Hospital',
  aws: { account: '333333333333', region: 'us-west-2' },
  timeZone: 'America/Los_Angeles',
  senderAddress: 'mentoring@lakeside.example.org',
  replyDomain: 'reply.lakeside.example.org',
  allowedEmailDomains: ['lakeside.example.org'],
  administrators: ['office@lakeside.example.org'],
};

function writeHospital(content: unknown, name = 'lakeside.json'): string {
  const directory = mkdtempSync(join(tmpdir(), 'tandem-hospitals-'));
  const path = join(directory, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function problemsOf(path: string): string {
  try {
    loadHospitalFile(path);
  } catch (error) {
    expect(error).toBeInstanceOf(HospitalConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be refused');
}

describe('hospital config', () => {
  it('accepts both example hospitals, first one by id order being the default', () => {
    const hospitals = loadAllHospitals();
    expect(hospitals.map((h) => h.id)).toEqual(['northbridge-general', 'st-aldric-medical']);
    expect(loadHospital(undefined).id).toBe('northbridge-general');
    expect(loadHospital('st-aldric-medical').programDefaults.frequency).toBe('biweekly');
  });

  it('fills program defaults a file leaves out', () => {
    const config = loadHospitalFile(writeHospital(valid));
    expect(config.programDefaults).toEqual({
      frequency: 'monthly',
      meetingMinutes: 30,
      termMonths: 12,
      inviteLeadDays: 7,
      checkInDelayHours: 24,
      mentorCapacity: 3,
      monthlyRule: 'nth-weekday',
      meetingLocation: 'To be agreed between mentor and mentee',
      reviewEveryMeetings: 3,
    });
    expect(config.dispatcher).toEqual({
      rateMinutes: 5,
      shardCount: 4,
      maxAttempts: 5,
      maxSendRatePerSecond: 10,
    });
  });

  it('names the file, the field and the problem', () => {
    const path = writeHospital({
      ...valid,
      timeZone: 'Mars/Olympus',
      aws: { ...valid.aws, account: '12' },
    });
    const message = problemsOf(path);
    expect(message).toContain(path);
    expect(message).toContain('timeZone: Use an IANA time zone name such as America/New_York');
    // A link is refused with the primary name to write, so every calendar shows what the file says.
    expect(problemsOf(writeHospital({ ...valid, timeZone: 'US/Central' }))).toContain(
      'timeZone: write the IANA primary name "America/Chicago"',
    );
    expect(message).toContain('aws.account: must be a 12-digit AWS account id');
  });

  it('refuses unknown fields, so a typo is not silently ignored', () => {
    expect(problemsOf(writeHospital({ ...valid, adminstrators: [] }))).toMatch(/adminstrators/);
  });

  it('refuses a file whose name differs from its id', () => {
    expect(problemsOf(writeHospital(valid, 'other.json'))).toContain(
      'id: is "lakeside" but the file is named other.json',
    );
  });

  it('refuses a reply domain equal to the sender domain', () => {
    expect(problemsOf(writeHospital({ ...valid, replyDomain: 'lakeside.example.org' }))).toContain(
      'replyDomain: must differ from the sender address domain',
    );
  });

  it('reports a file that is not JSON', () => {
    expect(problemsOf(writeHospital('{ "id": '))).toMatch(/lakeside\.json[\s\S]*\(file\)/);
  });

  it('names the known hospitals when asked for one that does not exist', () => {
    expect(() => loadHospital('nowhere')).toThrow(
      /known hospitals: northbridge-general, st-aldric-medical/,
    );
  });

  it('accepts every region of the SES receiving table, those added after 2023 included', () => {
    for (const region of [
      'us-east-2',
      'eu-central-1',
      'ap-southeast-2',
      'ca-central-1',
      'eu-west-2',
    ])
      expect(
        loadHospitalFile(writeHospital({ ...valid, aws: { ...valid.aws, region } })).aws.region,
      ).toBe(region);
  });

  it('refuses a region where SES does not receive mail, unless support is confirmed', () => {
    const elsewhere = { ...valid, aws: { ...valid.aws, region: 'ap-south-2' } };
    expect(problemsOf(writeHospital(elsewhere))).toContain(
      'aws.region: SES does not receive mail in ap-south-2',
    );
    expect(
      loadHospitalFile(
        writeHospital({ ...elsewhere, mailReceiving: { regionSupportConfirmed: true } }),
      ).aws.region,
    ).toBe('ap-south-2');
  });
});
