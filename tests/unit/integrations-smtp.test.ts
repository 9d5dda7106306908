/**
 * The SMTP email adapter against a real SMTP server started here (smtp-server, the server half of
 * nodemailer's project) on 127.0.0.1: what a delivered message looks like, and how every kind of
 * refusal is classed (rejected recipient → permanent, 4xx → transient, bad credentials → permanent).
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { ApplicationFailure } from '@temporalio/common';
import { afterEach, describe, expect, it } from 'vitest';
import { classifySmtpError, createSmtpEmailService, messageIdFor } from '../../temporal/integrations/smtp';
import { parseMailbox, redactAddresses } from '../../temporal/integrations/mailbox';
import { welcomeEmailFor } from '../../temporal/activities/welcome-email';

interface Received {
  from: string | false;
  to: string[];
  raw: string;
  user?: string;
}

const servers: { close(cb: () => void): void }[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(resolve))));
});

/** A local SMTP server; handlers not given accept everything. */
async function startSmtp(options: Partial<SMTPServerOptions> = {}): Promise<{ url: string; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // Plain connection: the TLS case below turns STARTTLS back on.
    hideSTARTTLS: true,
    allowInsecureAuth: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom && session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, port, received };
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** The body of a single-part message, quoted-printable undone. */
function bodyOf(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  return /content-transfer-encoding: quoted-printable/i.test(raw)
    ? Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8')
    : body;
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

const call = { idempotencyKey: 'onboarding-e1:run-1:welcome-email' };
const message = { to: 'zoe@example.com', subject: 'Welcome to the team, Zoë!', text: 'Hi Zoë,\n\nWelcome aboard!' };

describe('SMTP email', () => {
  it('delivers a plain-text message from EMAIL_FROM with a Message-ID derived from the idempotency key', async () => {
    const smtp = await startSmtp();
    const email = createSmtpEmailService({ url: smtp.url, from: 'Onboarding Team <hr@acme.example>' });
    const hostile = welcomeEmailFor({
      employeeId: 'e1',
      fullName: `<b onmouseover="x()">Bob</b> <!channel> <https://evil.example|click>`,
      email: 'bob@example.com',
      role: '<script>alert(1)</script>',
      startDate: '2026-12-01',
      slackChannel: '#general',
    });

    const sent = await email.send(hostile, call);

    expect(sent.id).toBe(messageIdFor(call.idempotencyKey, 'hr@acme.example'));
    expect(sent.id).toMatch(/^<[0-9a-f]{32}\.onboarding@acme\.example>$/);
    expect(smtp.received).toHaveLength(1);
    const [delivered] = smtp.received;
    expect(delivered).toMatchObject({ from: 'hr@acme.example', to: ['bob@example.com'] });
    const raw = delivered?.raw ?? '';
    expect(raw).toMatch(/^From: Onboarding Team <hr@acme\.example>$/m);
    expect(raw).toMatch(/^To: bob@example\.com$/m);
    expect(raw).toContain(`Message-ID: ${sent.id}`);
    expect(raw).toMatch(/^Auto-Submitted: auto-generated$/m);
    // One text/plain part and no HTML: markup in a name reaches the reader as characters.
    expect(raw).toMatch(/^Content-Type: text\/plain; charset=utf-8$/m);
    expect(raw).not.toMatch(/text\/html|multipart/i);
    expect(bodyOf(raw)).toContain('Welcome aboard! We are glad you are joining us as <script>alert(1)</script>.');
  });

  it('sends the same Message-ID on every attempt of a step and another one for its compensation', async () => {
    const smtp = await startSmtp();
    const email = createSmtpEmailService({ url: smtp.url, from: 'hr@acme.example' });
    const first = await email.send(message, call);
    const again = await email.send(message, call);
    const undo = await email.send(message, { idempotencyKey: `${call.idempotencyKey}:compensation` });
    // SMTP cannot refuse the second copy: it is delivered, recognisable by its Message-ID (docs/services.md).
    expect(smtp.received).toHaveLength(3);
    expect(again.id).toBe(first.id);
    expect(undo.id).not.toBe(first.id);
  });

  it('logs in with the user and password of SMTP_URL, URL-encoded characters included', async () => {
    const smtp = await startSmtp({
      authOptional: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'mailer@acme.example' && auth.password === 'p:ss/w@rd') callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
    });
    const email = createSmtpEmailService({ url: `smtp://mailer%40acme.example:p%3Ass%2Fw%40rd@127.0.0.1:${smtp.port}`, from: 'hr@acme.example' });
    await email.send(message, call);
    expect(smtp.received[0]?.user).toBe('mailer@acme.example');
  });

  it('classes refused credentials as permanent and names SMTP_URL', async () => {
    const smtp = await startSmtp({
      authOptional: false,
      onAuth: (_auth, _session, callback) => callback(new Error('Invalid username or password')),
    });
    const email = createSmtpEmailService({ url: `smtp://mailer:wrong@127.0.0.1:${smtp.port}`, from: 'hr@acme.example' });
    const failure = await failureOf(email.send(message, call));
    expect(failure).toMatchObject({ type: 'ServiceAuthFailed', nonRetryable: true });
    expect(failure.message).toMatch(/^The mail server refused the SMTP credentials \(535 .*\): check the user and password in SMTP_URL$/);
    expect(smtp.received).toHaveLength(0);
  });

  it('classes a rejected recipient (5xx) as permanent, without the address in the message', async () => {
    const smtp = await startSmtp({
      onRcptTo: (address, _session, callback) => callback(smtpError(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`, 550)),
    });
    const email = createSmtpEmailService({ url: smtp.url, from: 'hr@acme.example' });
    const failure = await failureOf(email.send(message, call));
    expect(failure).toMatchObject({ type: 'RecipientRejected', nonRetryable: true });
    expect(failure.message).toBe(
      'The mail server refused the recipient address (550 5.1.1 <address>: Recipient address rejected: User unknown): correct the email and retry',
    );
    expect(failure.message).not.toContain('zoe@example.com');
    expect(smtp.received).toHaveLength(0);
  });

  const transientReplies: [string, Partial<SMTPServerOptions>][] = [
    ['greylisted recipient', { onRcptTo: (_address, _session, callback) => callback(smtpError('4.7.1 Greylisted, try again later', 451)) }],
    [
      'mailbox busy at DATA',
      {
        onData(stream, _session, callback) {
          stream.resume();
          stream.on('end', () => callback(smtpError('4.3.0 Mailbox busy', 452)));
        },
      },
    ],
  ];
  it.each(transientReplies)('classes a 4xx reply (%s) as transient', async (_case, handlers) => {
    const smtp = await startSmtp(handlers);
    const email = createSmtpEmailService({ url: smtp.url, from: 'hr@acme.example' });
    const failure = await failureOf(email.send(message, call));
    expect(failure).toMatchObject({ type: 'TransientServiceError', nonRetryable: false });
    expect(failure.message).toMatch(/^The mail server asked to try again later \(45[12] /);
  });

  it('classes a refused sender (5xx to MAIL FROM) as permanent and names EMAIL_FROM', async () => {
    const smtp = await startSmtp({ onMailFrom: (_a, _s, callback) => callback(smtpError('5.7.1 Sender not allowed', 553)) });
    const email = createSmtpEmailService({ url: smtp.url, from: 'hr@acme.example' });
    const failure = await failureOf(email.send(message, call));
    expect(failure).toMatchObject({ type: 'PermanentServiceError', nonRetryable: true });
    expect(failure.message).toMatch(/check EMAIL_FROM$/);
  });

  it('classes an unreachable server as transient', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const email = createSmtpEmailService({ url: `smtp://127.0.0.1:${port}`, from: 'hr@acme.example', timeoutMs: 1_000 });
    const failure = await failureOf(email.send(message, call));
    expect(failure).toMatchObject({ type: 'NetworkError', nonRetryable: false });
    expect(failure.message).toMatch(/^The mail server could not be reached: ECONNREFUSED/);
  });

  describe('against a server that accepts the connection and never greets', () => {
    async function silentServer(): Promise<{ port: number; closed: Promise<void> }> {
      let onClosed: () => void = () => undefined;
      const closed = new Promise<void>((resolve) => (onClosed = resolve));
      const sockets = new Set<net.Socket>();
      const server = net.createServer((socket) => {
        sockets.add(socket);
        socket.on('close', onClosed);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push({
        close(cb: () => void) {
          for (const socket of sockets) socket.destroy();
          server.close(() => cb());
        },
      });
      return { port: (server.address() as AddressInfo).port, closed };
    }

    it('times out as a transient failure', async () => {
      const { port } = await silentServer();
      const email = createSmtpEmailService({ url: `smtp://127.0.0.1:${port}`, from: 'hr@acme.example', timeoutMs: 300 });
      const failure = await failureOf(email.send(message, call));
      expect(failure).toMatchObject({ type: 'ServiceTimeout', nonRetryable: false });
    });

    it('lets a cancellation through as the cancellation and cuts the connection', async () => {
      const { port, closed } = await silentServer();
      const email = createSmtpEmailService({ url: `smtp://127.0.0.1:${port}`, from: 'hr@acme.example', timeoutMs: 5_000 });
      const controller = new AbortController();
      const reason = new Error('activity cancelled');
      const started = Date.now();
      const pending = email.send(message, { ...call, signal: controller.signal });
      setTimeout(() => controller.abort(reason), 100);
      await expect(pending).rejects.toBe(reason);
      await closed;
      // At once, not at the 5 s timeout: the connection was cut.
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  });

  it('upgrades to TLS with STARTTLS when the server offers it', async () => {
    const smtp = await startSmtp({ hideSTARTTLS: false });
    // The test server's certificate is self-signed; a real relay's is checked.
    const email = createSmtpEmailService({ url: `${smtp.url}?requireTLS=true&tls.rejectUnauthorized=false`, from: 'hr@acme.example' });
    await email.send(message, call);
    expect(smtp.received).toHaveLength(1);
  });

  it('speaks TLS from the first byte with smtps://', async () => {
    const smtp = await startSmtp({ secure: true });
    const email = createSmtpEmailService({ url: `smtps://127.0.0.1:${smtp.port}?tls.rejectUnauthorized=false`, from: 'hr@acme.example' });
    await email.send(message, call);
    expect(smtp.received).toHaveLength(1);
  });
});

describe('SMTP helpers', () => {
  it('parse EMAIL_FROM as written by operators', () => {
    expect(parseMailbox('hr@acme.example')).toEqual({ name: '', address: 'hr@acme.example' });
    expect(parseMailbox('Onboarding Team <hr@acme.example>')).toEqual({ name: 'Onboarding Team', address: 'hr@acme.example' });
    expect(parseMailbox('"Acme, HR" <hr@acme.example>')).toEqual({ name: 'Acme, HR', address: 'hr@acme.example' });
    for (const bad of ['', 'hr', 'Onboarding <hr>', 'a@b c@d', '<hr@acme.example', 'hr@acme.example>']) expect(parseMailbox(bad), bad).toBeUndefined();
  });

  it('redact addresses from server replies', () => {
    expect(redactAddresses('5.1.1 <bob@example.com>: unknown; also x.y@z.example')).toBe('5.1.1 <address>: unknown; also <address>');
  });

  it('class a library error without a reply code as retryable, without its raw message', () => {
    const failure = classifySmtpError(Object.assign(new Error('Something about zoe@example.com'), { code: 'EMESSAGE' }));
    expect(failure).toMatchObject({ type: 'UnexpectedError', nonRetryable: false, message: 'Sending the email failed unexpectedly (EMESSAGE)' });
  });
});
