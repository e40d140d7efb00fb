import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliError } from '../cli-error.js';

export interface ViewServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Only the loopback interface: the report may describe a company's blind spots. */
export const VIEW_HOST = '127.0.0.1';

/**
 * Serves one page on 127.0.0.1. Requests whose Host is not this address (or localhost) are
 * refused, so a web page elsewhere cannot reach the report through DNS rebinding.
 */
export async function serveView(page: { readonly html: string; readonly csp: string }, port: number): Promise<ViewServer> {
  const body = Buffer.from(page.html, 'utf8');
  let actualPort = port;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const host = (req.headers.host ?? '').toLowerCase();
    if (host !== `${VIEW_HOST}:${actualPort}` && host !== `localhost:${actualPort}`) {
      send(res, 421, 'text/plain; charset=utf-8', `covmap view answers only to ${VIEW_HOST}:${actualPort}\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': body.length,
        'content-security-policy': `${page.csp}; frame-ancestors 'none'`,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new CliError(`port ${port} on ${VIEW_HOST} is already in use; pick another with --port or omit it for a free one`)
          : error.code === 'EACCES'
            ? new CliError(`not allowed to listen on port ${port}; pick one above 1023`)
            : error,
      );
    });
    server.listen(port, VIEW_HOST, () => resolve());
  });
  actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://${VIEW_HOST}:${actualPort}/`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff' });
  res.end(text);
}
