/**
 * The gateway's Z39.50 front end: a TCP server (gateway.z3950.port) whose sessions search
 * through the same Gateway as the JSON API and /sru. Start-up fails loudly on a bad auth
 * config; close() ends every session with a Close "shutdown" and waits for the sockets.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Z3950ServerSettings } from '../config/schema.ts';
import type { Gateway } from '../gateway/gateway.ts';
import type { Logger } from '../logging.ts';
import { Admission } from './admission.ts';
import { librarianKeyCredentials, type CredentialCheck } from './credentials.ts';
import { frontEndService } from './service.ts';
import { FrontEndSession } from './session.ts';

export interface Z3950FrontEnd {
  host: string;
  port: number;
  /** Sessions open now. */
  sessions(): number;
  close(): Promise<void>;
}

export interface Z3950FrontEndOptions {
  logger?: Logger;
  env?: Record<string, string | undefined>;
  /** Replaces the config's users (the librarian API-key store, tests). */
  credentials?: CredentialCheck;
  /** Overrides settings.port (tests: 0). */
  port?: number;
}

export async function startZ3950FrontEnd(gateway: Gateway, settings: Z3950ServerSettings, options: Z3950FrontEndOptions = {}): Promise<Z3950FrontEnd> {
  const credentials = options.credentials ?? librarianKeyCredentials(settings.auth, gateway.config.gateway.auth, options.env ?? process.env);
  const service = frontEndService(gateway, settings, credentials, options.logger);
  const admission = new Admission(settings);
  const sessions = new Map<Socket, FrontEndSession>();

  const server: Server = createServer((socket) => {
    const refusal = admission.admit(socket.remoteAddress ?? 'unknown');
    socket.once('close', () => {
      admission.release();
      sessions.delete(socket);
    });
    sessions.set(socket, new FrontEndSession(socket, service, refusal));
    if (refusal) options.logger?.warn({ remote: socket.remoteAddress, reason: refusal.addinfo }, 'Z39.50 session refused');
  });
  server.maxConnections = settings.maxSessions * 2; // refused sessions still need a socket to hear why
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  options.logger?.info({ host: settings.host, port }, 'Z39.50 front end listening');
  return {
    host: settings.host,
    port,
    sessions: () => admission.sessions,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions.values()) session.close('shutdown');
      // Let the Close reach the clients, but never wait on a client that does not read.
      const drained = Promise.all([...sessions.keys()].map((socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())))));
      const timer = setTimeout(() => {
        for (const socket of sessions.keys()) socket.destroy();
      }, 1000);
      await drained;
      clearTimeout(timer);
      await closed;
    },
  };
}
