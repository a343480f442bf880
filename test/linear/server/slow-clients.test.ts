import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalLinear } from '../support/local-linear';
import { serveEnv, startServeProcess, type ServeProcess } from '../support/serve-process';
import { seedWorkspace } from '../support/workspace';

const CONNECTIONS = 1_000;
const TRICKLE_MS = 200;
/** Past this, the attack is over whatever happened: the test stays bounded in time. */
const GIVE_UP_MS = 12_000;

/** Resident memory of a process, from /proc (Linux), in MB. */
function residentMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/**
 * One slow client on loopback: it sends `head`, then one byte every TRICKLE_MS for as long as
 * the server keeps the connection; resolves with how long the server let it live.
 */
function slowClient(port: number, head: string): Promise<number> {
  return new Promise((resolve) => {
    const start = performance.now();
    const socket: Socket = connect(port, '127.0.0.1');
    const timer = setInterval(() => socket.write('x'), TRICKLE_MS);
    const giveUp = setTimeout(() => socket.destroy(), GIVE_UP_MS);
    socket.on('connect', () => socket.write(head));
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve(performance.now() - start);
    });
  });
}

describe('keyrank serve under 1,000 slow unsigned connections', () => {
  const linear = new LocalLinear();
  let serve: ServeProcess;
  beforeAll(async () => {
    await linear.start();
    seedWorkspace(linear);
    serve = await startServeProcess(serveEnv(linear, 'keyrank-slow-'));
  });
  afterAll(async () => {
    serve.process.kill('SIGTERM');
    await serve.exited;
    await linear.close();
  });

  it('cuts every connection off within 5 s and stays under 300 MB resident', async () => {
    const pid = serve.process.pid as number;
    const idle = residentMb(pid);
    let peak = idle;
    const sampler = setInterval(() => {
      peak = Math.max(peak, residentMb(pid));
    }, 100);

    // Three kinds of slow client: headers trickled forever; an unsigned POST announcing a
    // megabyte and trickling it; a POST with a (wrong) signature trickling its body.
    const heads = [
      'POST /webhooks/linear HTTP/1.1\r\nHost: keyrank\r\nX-Slow: ',
      'POST /webhooks/linear HTTP/1.1\r\nHost: keyrank\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n',
      'POST /webhooks/linear HTTP/1.1\r\nHost: keyrank\r\nLinear-Signature: 00\r\nContent-Length: 1000000\r\n\r\n',
    ];
    const lifetimes = await Promise.all(
      Array.from({ length: CONNECTIONS }, (_, i) => slowClient(serve.port, heads[i % 3] ?? '')),
    );
    clearInterval(sampler);

    const longest = Math.max(...lifetimes);
    const byKind = heads.map((_, kind) => {
      const mine = lifetimes.filter((__, i) => i % 3 === kind);
      return `${Math.round(Math.max(...mine))} ms (${mine.filter((ms) => ms < 1_000).length} under 1 s)`;
    });
    console.log(
      `slow clients: ${CONNECTIONS} connections; longest lived: headers trickled ${byKind[0]}, ` +
        `unsigned body ${byKind[1]}, signed body ${byKind[2]}; ` +
        `VmRSS idle ${idle.toFixed(1)} MB, peak ${peak.toFixed(1)} MB`,
    );
    expect(longest).toBeLessThan(5_000);
    expect(peak).toBeLessThan(300);

    // And it still serves.
    const health = await fetch(`http://127.0.0.1:${serve.port}/healthz`);
    expect(health.status).toBe(200);
  }, 30_000);

  it('answers an unsigned POST 401 before its body arrives', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(serve.port, '127.0.0.1', () =>
        socket.write(
          'POST /webhooks/linear HTTP/1.1\r\nHost: keyrank\r\nContent-Length: 1000000\r\n\r\n',
        ),
      );
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\r\n\r\n')) {
          socket.destroy();
          resolve(text);
        }
      });
    });
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
  });
});
