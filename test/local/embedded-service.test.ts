import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import ICAL from 'ical.js';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDocumentClient } from '#adapters/dynamo-client';
import { DynamoDueWorkStore } from '#adapters/dynamo-due-work-store';
import { loadHospital } from '#config/hospital-files';
import { projectRoot } from '#local/paths';
import { freePort } from '#local/ports';

const tsxCli = join(projectRoot, 'node_modules/tsx/dist/cli.mjs');
const startScript = join(projectRoot, 'functions/local/start.ts');
const hospital = loadHospital('northbridge-general');

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startService(env: Record<string, string>, args: string[] = ['--in-memory']): Running {
  const child = spawn(process.execPath, [tsxCli, startScript, ...args], {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: 'WARN', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output: () => output, exited };
}

async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs `make` once, however many tests ask for its result (tests stay independent of order). */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start (the embedded service)', () => {
  const home = mkdtempSync(join(tmpdir(), 'tandem-home-'));
  const ports = { PORT: 0, SES_PORT: 0, SMTP_PORT: 0, DYNAMODB_PORT: 0 };
  /** A mail client sending to the service's SMTP listener, as another mail server would. */
  const smtpClient = () =>
    createTransport({ host: '127.0.0.1', port: ports.SMTP_PORT, secure: false, ignoreTLS: true });
  let env: Record<string, string>;
  let service: Running;
  let startupMs = 0;

  beforeAll(async () => {
    for (const name of Object.keys(ports) as (keyof typeof ports)[]) ports[name] = await freePort();
    env = {
      TANDEM_HOME: home,
      DISPATCH_INTERVAL_SECONDS: '1',
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    };
    const began = Date.now();
    service = startService(env);
    await waitFor(
      () => service.output().includes('Press Ctrl-C to stop.'),
      30_000,
      `the banner; output:\n${service.output()}`,
    );
    startupMs = Date.now() - began;
  });

  afterAll(async () => {
    if (service.child.exitCode === null) {
      service.child.kill('SIGKILL');
    }
  });

  it('prints one banner with every URL and port within 30 s', () => {
    expect(startupMs).toBeLessThan(30_000);
    const banner = service.output();
    for (const port of Object.values(ports)) expect(banner).toContain(String(port));
    expect(banner).toContain(`http://localhost:${ports.PORT}/`);
    expect(banner).toContain(`http://localhost:${ports.SES_PORT}/`);
    expect(banner).toMatch(/Admin key\s+\S{20,}/);
  });

  it('serves the HTTP routes through the Lambda handler, with the table created', async () => {
    const response = await fetch(`http://127.0.0.1:${ports.PORT}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', hospital: 'northbridge-general' });
  });

  it('answers with the mail viewer', async () => {
    const response = await fetch(`http://127.0.0.1:${ports.SES_PORT}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/<html/i);
  });

  it('hands mail for the reply domain to the inbound handler and refuses other domains', async () => {
    const smtp = smtpClient();
    await smtp.sendMail({
      from: 'resident@northbridge-general.example.org',
      to: `checkin+abc@${hospital.replyDomain}`,
      subject: 'Re: check-in',
      messageId: '<embedded-test@example.org>',
      text: 'It went well.',
    });
    await expect(
      smtp.sendMail({
        from: 'a@example.org',
        to: 'someone@elsewhere.example',
        subject: 'x',
        text: 'x',
      }),
    ).rejects.toThrow(/550/);
    smtp.close();

    const client = createDynamoDocumentClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${ports.DYNAMODB_PORT}`,
    });
    const stored = await client.send(
      new GetCommand({
        TableName: `tandem-${hospital.id}`,
        Key: { pk: 'INBOUND#<embedded-test@example.org>', sk: 'MESSAGE' },
      }),
    );
    // A check-in address with a token Tandem never issued: kept, quarantined, acted on never.
    expect(stored.Item).toMatchObject({
      subject: 'Re: check-in',
      kind: 'checkin-reply',
      outcome: 'quarantined',
    });
    client.destroy();
  });

  /** Work of an unknown kind, scheduled once: the timer's run parks it and tells the administrators. */
  const parkedByTimer = once(async () => {
    const client = createDynamoDocumentClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${ports.DYNAMODB_PORT}`,
    });
    const store = new DynamoDueWorkStore(
      client,
      `tandem-${hospital.id}`,
      hospital.dispatcher.shardCount,
    );
    await store.schedule({
      id: 'timer-test',
      kind: 'not-a-real-kind',
      dueAt: new Date(),
      payload: {},
    });
    const alertSent = async () => {
      const { emails } = (await (
        await fetch(`http://127.0.0.1:${ports.SES_PORT}/store`)
      ).json()) as {
        emails: { subject: string; destination: { to: string[] } }[];
      };
      return emails.some(
        (e) =>
          e.subject.includes('scheduled task failed') &&
          e.destination.to.join().includes(hospital.administrators[0] ?? '?'),
      );
    };
    await waitFor(alertSent, 10_000, 'the timer run to park the work and email the administrators');
    expect((await store.listParked()).map((p) => p.id)).toContain('timer-test');
    client.destroy();
  });

  it('runs the dispatcher on its timer: due work is picked up and, here, parked and reported', async () => {
    await parkedByTimer();
  });

  it('runs `tandem tick --now` and `tandem status` against the running service', async () => {
    await parkedByTimer(); // what status reports as parked, whichever test ran first
    const tandem = (...args: string[]) =>
      execFileSync(process.execPath, [join(projectRoot, 'bin/tandem.mjs'), ...args], {
        cwd: projectRoot,
        env: { ...process.env, TANDEM_HOME: home },
        encoding: 'utf8',
      });
    expect(tandem('tick', '--now', '2030-01-15T09:00:00Z')).toContain(
      'Dispatcher run at 2030-01-15T09:00:00.000Z',
    );
    const status = tandem('status');
    expect(status).toContain('Northbridge General Hospital');
    expect(status).toMatch(/dynamodb\s+port \d+\s+up/);
    expect(status).toMatch(/parked\s+1/);
  });

  const store = async () =>
    (
      (await (await fetch(`http://127.0.0.1:${ports.SES_PORT}/store`)).json()) as {
        emails: {
          subject: string;
          destination: { to: string[] };
          body: { text?: string };
          attachments: { filename?: string }[];
        }[];
      }
    ).emails;
  const tandem = (...args: string[]) =>
    execFileSync(process.execPath, [join(projectRoot, 'bin/tandem.mjs'), ...args], {
      cwd: projectRoot,
      env: { ...process.env, TANDEM_HOME: home },
      encoding: 'utf8',
    });

  /**
   * A pairing proposed through the API and agreed by both from their emails, then
   * `tandem tick --now` a month ahead: made once, by whichever test needs it first.
   */
  const agreedAndTicked = once(async () => {
    const base = `http://127.0.0.1:${ports.PORT}`;
    const mentor = { name: 'Dr Ada Okafor', email: 'ada.embedded@northbridge-general.example.org' };
    const mentee = {
      name: 'Dr Ben Liu',
      email: 'ben.embedded@northbridge-general.example.org',
      careerStage: 'resident',
    };
    const created = await fetch(`${base}/api/pairings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        mentor,
        mentee,
        needs: ['career'],
        goals: ['Choose a fellowship'],
        formality: 'casual',
        preferredWeekday: 'wednesday',
        timeWindow: { start: '15:00', end: '17:00' },
        mentorAvailability: 'Email, weekdays',
      }),
    });
    expect(
      created.status,
      `${await created.clone().text()}\n${service.output().slice(-2000)}`,
    ).toBe(201);
    const { id } = (await created.json()) as { id: string };
    for (const person of [mentor, mentee]) {
      const findProposal = async () =>
        (await store()).find(
          (e) =>
            e.destination.to.join().includes(person.email) &&
            /mentoring expectations/.test(e.subject),
        );
      // Emails leave through the outbox: at once normally, or on the next dispatcher run.
      await waitFor(
        async () => (await findProposal()) !== undefined,
        15_000,
        `the proposal to ${person.email}`,
      );
      const proposal = await findProposal();
      const link = new URL(
        /http:\/\/localhost:\d+(\/l\/[\w-]+)/.exec(proposal?.body.text ?? '')?.[1] ?? '/',
        base,
      );
      const agreed = await fetch(`${base}${link.pathname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          t: link.pathname.slice('/l/'.length),
          action: 'agree',
        }).toString(),
      });
      expect(agreed.status).toBe(200);
    }
    const monthAhead = new Date(Date.now() + 40 * 86_400_000).toISOString(); // past the 2nd meeting's lead time
    tandem('tick', '--now', monthAhead);
    return { id, monthAhead };
  });

  it('sends invites for an active pairing on `tandem tick --now` a month ahead, and nothing on a second tick', async () => {
    const { id, monthAhead } = await agreedAndTicked();
    const invites = (await store()).filter((e) =>
      e.subject.startsWith('Invitation: Mentoring with'),
    );
    expect(invites.length).toBeGreaterThanOrEqual(4); // two meetings at least, one invite per party
    expect(invites.every((e) => e.attachments.some((a) => a.filename === 'invite.ics'))).toBe(true);
    expect(tandem('tick', '--now', monthAhead)).toContain(': 0 due');
    expect(
      (await store()).filter((e) => e.subject.startsWith('Invitation: Mentoring with')),
    ).toHaveLength(invites.length);
    expect(id).toBeTruthy();
  });

  it('records a check-in reply sent through the SMTP listener with only its new text', async () => {
    await agreedAndTicked();
    const emails = (
      (await (await fetch(`http://127.0.0.1:${ports.SES_PORT}/store`)).json()) as {
        emails: { subject: string; replyTo: string[]; destination: { to: string[] } }[];
      }
    ).emails;
    const checkin = emails.find((e) => e.subject.startsWith('How did your mentoring meeting'));
    expect(checkin, 'the month-ahead tick sends the first check-in').toBeDefined();
    const address = /checkin\+[^>\s]+/.exec(checkin?.replyTo[0] ?? '')?.[0] ?? '';
    const smtp = smtpClient();
    await smtp.sendMail({
      from: `Dr Ben Liu <${checkin?.destination.to[0]}>`,
      to: address,
      subject: 'Re: How did your mentoring meeting go?',
      messageId: '<embedded-checkin@example.org>',
      text: 'Useful meeting. Next: submit the abstract.\n\nOn Wed, Dec 2, 2026 Program wrote:\n> How did it go?\n',
    });
    smtp.close();
    const client = createDynamoDocumentClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${ports.DYNAMODB_PORT}`,
    });
    const stored = await client.send(
      new GetCommand({
        TableName: `tandem-${hospital.id}`,
        Key: { pk: 'INBOUND#<embedded-checkin@example.org>', sk: 'MESSAGE' },
      }),
    );
    expect(stored.Item).toMatchObject({ kind: 'checkin-reply', outcome: 'recorded' });
    const pairingId = (stored.Item?.detail as { pairingId?: string } | undefined)?.pairingId;
    const reply = await client.send(
      new GetCommand({
        TableName: `tandem-${hospital.id}`,
        Key: { pk: `PAIR#${pairingId}`, sk: 'CHECKIN#00000' },
      }),
    );
    expect(reply.Item?.text).toBe('Useful meeting. Next: submit the abstract.');
    client.destroy();
  });

  it('records a calendar app’s Accept mailed through the SMTP listener to the invite’s ORGANIZER', async () => {
    await agreedAndTicked();
    const { emails } = (await (await fetch(`http://127.0.0.1:${ports.SES_PORT}/store`)).json()) as {
      emails: {
        subject: string;
        destination: { to: string[] };
        attachments: { filename?: string; content: string }[];
      }[];
    };
    const invite = emails.find(
      (e) =>
        e.subject.startsWith('Invitation: Mentoring with') &&
        e.destination.to.join().includes('ben.embedded@'),
    );
    const ics = Buffer.from(
      invite?.attachments.find((a) => a.filename === 'invite.ics')?.content ?? '',
      'base64',
    ).toString('utf8');
    const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
    const organizer = String(vevent.getFirstPropertyValue('organizer')).replace(/^mailto:/i, '');
    const uid = String(vevent.getFirstPropertyValue('uid'));
    expect(organizer).toBe(`calendar@${hospital.replyDomain}`);
    // The REPLY as Google Calendar writes it: METHOD:REPLY, only the answering ATTENDEE, sent to
    // the ORGANIZER from the attendee's own address.
    const reply = [
      'BEGIN:VCALENDAR',
      'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
      'VERSION:2.0',
      'CALSCALE:GREGORIAN',
      'METHOD:REPLY',
      'BEGIN:VEVENT',
      `DTSTART:${vevent.getFirstPropertyValue('dtstart')?.toString().replace(/[-:]/g, '')}`,
      'DTSTAMP:20261201T120000Z',
      `ORGANIZER;CN=Northbridge Physician Mentoring:mailto:${organizer}`,
      `UID:${uid}`,
      'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Dr Ben Liu;X-NUM-GUESTS=0:mailto:ben.embedded@northbridge-general.example.org',
      `SEQUENCE:${vevent.getFirstPropertyValue('sequence')}`,
      'STATUS:CONFIRMED',
      'SUMMARY:Mentoring',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const smtp = smtpClient();
    await smtp.sendMail({
      from: 'Dr Ben Liu <ben.embedded@northbridge-general.example.org>',
      to: organizer,
      subject: 'Accepted: Mentoring',
      messageId: '<embedded-calendar-reply@example.org>',
      headers: { 'Auto-Submitted': 'auto-generated' },
      text: 'Dr Ben Liu has accepted this invitation.',
      icalEvent: { method: 'REPLY', content: reply },
    });
    smtp.close();
    const client = createDynamoDocumentClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${ports.DYNAMODB_PORT}`,
    });
    const table = `tandem-${hospital.id}`;
    const stored = await client.send(
      new GetCommand({
        TableName: table,
        Key: { pk: 'INBOUND#<embedded-calendar-reply@example.org>', sk: 'MESSAGE' },
      }),
    );
    expect(stored.Item).toMatchObject({ kind: 'calendar-reply', outcome: 'recorded' });
    const [, pairingId, index] = /^tandem-(.+)-m(\d+)@/.exec(uid) ?? [];
    const meeting = await client.send(
      new GetCommand({
        TableName: table,
        Key: { pk: `PAIR#${pairingId}`, sk: `MEET#${String(index).padStart(4, '0')}` },
      }),
    );
    expect(meeting.Item?.attendance).toEqual({ mentee: 'ACCEPTED' });
    client.destroy();
  });

  it('refuses to start a second copy, naming the busy port and the variable to change', async () => {
    const second = startService({
      ...env,
      TANDEM_HOME: mkdtempSync(join(tmpdir(), 'tandem-home-')),
    });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`Port ${ports.PORT} is already in use`);
    expect(second.output()).toContain('set PORT to another port');
  });
});

// Its own service, so that stopping it never depends on running after the tests above.
describe('npm start, stopped with Ctrl-C', () => {
  const ports = { PORT: 0, SES_PORT: 0, SMTP_PORT: 0, DYNAMODB_PORT: 0 };
  let service: Running;

  beforeAll(async () => {
    for (const name of Object.keys(ports) as (keyof typeof ports)[]) ports[name] = await freePort();
    service = startService({
      TANDEM_HOME: mkdtempSync(join(tmpdir(), 'tandem-home-')),
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    });
    await waitFor(
      () => service.output().includes('Press Ctrl-C to stop.'),
      30_000,
      `the banner; output:\n${service.output()}`,
    );
  });

  afterAll(() => {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
  });

  it('stops everything and leaves no Java process behind', async () => {
    expect(await portOpen(ports.DYNAMODB_PORT)).toBe(true);
    service.child.kill('SIGINT');
    expect(await service.exited).toBe(0);
    expect(await portOpen(ports.DYNAMODB_PORT)).toBe(false);
    expect(await portOpen(ports.PORT)).toBe(false);
    expect(await portOpen(ports.SMTP_PORT)).toBe(false);
    const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(
      processes.split('\n').filter((line) => line.includes(`-port ${ports.DYNAMODB_PORT}`)),
    ).toEqual([]);
  });
});

describe('npm start without Java', () => {
  it('stops with one line saying how to install Java 17', () => {
    const result = spawnSync(process.execPath, [tsxCli, startScript, '--in-memory'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        PATH: '/nonexistent',
        TANDEM_HOME: mkdtempSync(join(tmpdir(), 'tandem-home-')),
      },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /Java was not found\. DynamoDB Local needs Java 17 or newer: install it \(.*apt-get install -y openjdk-17-jre-headless/,
    );
  });
});
