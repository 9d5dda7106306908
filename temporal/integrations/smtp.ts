/**
 * Email over SMTP (nodemailer): one connection per message, so a cancelled activity can cut it before
 * the mail server accepts the message, and one classification of SMTP replies into retryable and
 * permanent failures. SMTP has no idempotency key; what stands in for one is described in
 * docs/services.md.
 */
import { createHash } from 'node:crypto';
import net from 'node:net';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES } from '../shared/contract';
import { DEFAULT_TIMEOUT_MS } from './http';
import type { EmailService } from './email';
import { parseMailbox, redactAddresses } from './mailbox';

export interface SmtpEmailOptions {
  /** `smtp://[user:password@]host[:port]` (STARTTLS when offered) or `smtps://...` (TLS from the start). */
  url: string;
  /** `address` or `Display Name <address>`: the From of every message, and the domain of its Message-ID. */
  from: string;
  /** For each of connecting, the server's greeting and any silence during the conversation. */
  timeoutMs?: number;
}

/**
 * The same Message-ID on every attempt of one step, so a message that went out twice (the server's
 * "250 OK" lost on the way back) is recognisable as one message; hashed, since the key names the
 * workflow and the header travels with the mail.
 */
export function messageIdFor(idempotencyKey: string, fromAddress: string): string {
  const domain = fromAddress.split('@').at(-1) || 'localhost';
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<${digest}.onboarding@${domain}>`;
}

/** nodemailer's error: `code` (EAUTH, EENVELOPE, ETIMEDOUT...), and the server's reply when there was one. */
interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

const NETWORK_CODES = new Set(['ECONNECTION', 'ESOCKET', 'EDNS', 'ETLS', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

/** `550 5.1.1` plus the server's words without addresses, at most 200 characters. */
function replySummary(err: SmtpError): string {
  const reply = (err.response ?? '').slice(0, 1_000).replace(/\s+/g, ' ').trim();
  return redactAddresses(reply.slice(0, 300)).slice(0, 200) || String(err.responseCode ?? '');
}

/** An SMTP failure as a Temporal failure: which replies are worth another try and which need a person. */
export function classifySmtpError(err: unknown): ApplicationFailure {
  const e = (err instanceof Error ? err : new Error(String(err))) as SmtpError;
  const code = e.responseCode;
  if (e.code === 'EAUTH' || code === 535 || code === 534 || code === 530) {
    return ApplicationFailure.nonRetryable(
      `The mail server refused the SMTP credentials (${replySummary(e)}): check the user and password in SMTP_URL`,
      FAILURE_TYPES.authFailed,
    );
  }
  if (typeof code === 'number' && code >= 400 && code < 500) {
    return ApplicationFailure.retryable(`The mail server asked to try again later (${replySummary(e)})`, FAILURE_TYPES.transientService);
  }
  if (typeof code === 'number' && code >= 500) {
    if (e.command === 'RCPT TO') {
      return ApplicationFailure.nonRetryable(
        `The mail server refused the recipient address (${replySummary(e)}): correct the email and retry`,
        FAILURE_TYPES.recipientRejected,
      );
    }
    if (e.command === 'MAIL FROM') {
      return ApplicationFailure.nonRetryable(
        `The mail server refused the sender (${replySummary(e)}): check EMAIL_FROM`,
        FAILURE_TYPES.permanentService,
      );
    }
    return ApplicationFailure.nonRetryable(`The mail server refused the message (${replySummary(e)})`, FAILURE_TYPES.permanentService);
  }
  if (e.code === 'ETIMEDOUT') {
    return ApplicationFailure.retryable('The mail server did not answer in time', FAILURE_TYPES.timeout);
  }
  if ((e.code !== undefined && NETWORK_CODES.has(e.code)) || 'syscall' in e) {
    return ApplicationFailure.retryable(`The mail server could not be reached: ${e.code} (${redactAddresses(e.message.slice(0, 300))})`, FAILURE_TYPES.network);
  }
  // A bug or an unexpected library error: retried, under an explicit type, without the raw message
  // (nodemailer appends the server's reply to it, addresses included).
  return ApplicationFailure.retryable(`Sending the email failed unexpectedly${e.code ? ` (${e.code})` : ''}`, 'UnexpectedError');
}

export function createSmtpEmailService(options: SmtpEmailOptions): EmailService {
  const from = parseMailbox(options.from);
  if (!from) throw new Error('EMAIL_FROM must be an address or "Name <address>"');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Query parameters as nodemailer documents them (`?requireTLS=true`...), except a pool: one connection
  // per message is what lets a cancelled attempt cut its own connection and deliver nothing.
  const { pool: _pool, ...server } = parseConnectionUrl(options.url) as SMTPTransport.Options & { pool?: unknown };
  const host = server.host ?? 'localhost';
  const port = Number(server.port) || (server.secure ? 465 : 587);

  return {
    async send(message, call) {
      if (call.signal?.aborted) throw call.signal.reason;
      const messageId = messageIdFor(call.idempotencyKey, from.address);
      const transportOptions: SMTPTransport.Options = {
        ...server,
        host,
        port,
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
        // The conversation carries addresses: nothing of it goes to a log.
        logger: false,
        debug: false,
        getSocket: (_opts, done) => openSocket(host, port, timeoutMs, call.signal, done),
      };
      const transport = nodemailer.createTransport(transportOptions);
      try {
        const info = await transport.sendMail({
          from,
          to: { name: '', address: message.to },
          subject: message.subject,
          // Plain text only: a hire's name with markup in it reaches the reader as those characters.
          text: message.text,
          messageId,
          headers: { 'Auto-Submitted': 'auto-generated' },
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        if (info.rejected.length > 0) {
          throw ApplicationFailure.nonRetryable('The mail server refused the recipient address: correct the email and retry', FAILURE_TYPES.recipientRejected);
        }
        return { id: messageId };
      } catch (err) {
        if (call.signal?.aborted) throw call.signal.reason ?? err;
        if (err instanceof ApplicationFailure) throw err;
        throw classifySmtpError(err);
      } finally {
        transport.close();
      }
    },
  };
}

/**
 * Our own TCP connection, handed to nodemailer (which adds TLS and STARTTLS on top), so the activity's
 * cancellation can destroy it: a message whose DATA never ended is never delivered.
 */
function openSocket(
  host: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  done: (err: Error | null, socketOptions?: { connection: net.Socket }) => void,
): void {
  const socket = net.connect({ host, port });
  const cut = () => socket.destroy(Object.assign(new Error('Cancelled'), { code: 'ECONNECTION' }));
  signal?.addEventListener('abort', cut, { once: true });
  socket.once('close', () => signal?.removeEventListener('abort', cut));

  const finish = (err: Error | null) => {
    clearTimeout(timer);
    socket.off('connect', onConnect);
    socket.off('error', onError);
    if (!err) return done(null, { connection: socket });
    socket.destroy();
    done(err);
  };
  const onConnect = () => finish(null);
  // ECONNREFUSED, ENOTFOUND...: the socket's own code says what went wrong.
  const onError = (err: Error) => finish(err);
  const timer = setTimeout(() => finish(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' })), timeoutMs);
  socket.once('connect', onConnect);
  socket.once('error', onError);
}
