import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HttpsProxy {
  /** The loopback port it listens on (map the public name here). */
  port: number;
  close: () => Promise<void>;
}

/**
 * The TLS-terminating reverse proxy people put in front of `keyrank serve` (README, "Keyrank on
 * the web"), for a browser test: HTTPS on loopback with a throwaway self-signed certificate for
 * `hostname`, forwarding every request as it came to `target` (plain HTTP). The browser reaches
 * it under the public name through `--host-resolver-rules`, so cookies are set and sent exactly
 * as for `https://<hostname>`.
 */
export async function startHttpsProxy(hostname: string, target: string): Promise<HttpsProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'keyrank-tls-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${hostname}`,
        '-addext',
        `subjectAltName=DNS:${hostname}`,
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
  } catch (error) {
    throw new Error(
      `openssl could not make a test certificate (${(error as Error).message}); install it with: apt-get install -y openssl`,
      { cause: error },
    );
  }
  const upstream = new URL(target);
  const server: Server = createServer(
    { key: readFileSync(key), cert: readFileSync(cert) },
    (req, res) => {
      const forwarded = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, 'x-forwarded-proto': 'https' },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forwarded.on('error', () => res.writeHead(502).end('upstream unreachable'));
      req.pipe(forwarded);
    },
  );
  rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
