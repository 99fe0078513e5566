// The real sync server for the browser tests: @automerge/automerge-repo-sync-server (npm,
// pinned in package.json) started on loopback with its own data folder, and one origin in
// front of it and of dist/: a small proxy that passes every request to the static server
// of harness.mjs (dist/ under /sop/) and WebSocket upgrades of /sync to the sync server —
// as a reverse proxy (nginx, Caddy) does in a deployment, so the page's CSP stays 'self'.
import { serveDist, freePort } from './harness.mjs';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
// The server's own dependencies (installed with it): a client for the readiness check.
import WebSocket from 'ws';
import { encode, decode } from 'cbor-x';

const HERE = path.dirname(new URL(import.meta.url).pathname);
export const SYNC_SERVER = path.join(HERE, 'node_modules/@automerge/automerge-repo-sync-server/src/index.js');

/** Starts the sync server on a free loopback port; resolves once it listens. */
export async function startSyncServer() {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-sync-'));
  const port = await freePort();
  const proc = spawn(process.execPath, [SYNC_SERVER], {
    cwd: data,
    env: { ...process.env, PORT: String(port), DATA_DIR: path.join(data, 'docs') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the sync server did not start in 20 s')), 20000);
    proc.stdout.on('data', (d) => {
      if (String(d).includes('Listening on port')) { clearTimeout(timer); resolve(); }
    });
    proc.on('exit', (code) => reject(new Error('the sync server exited: ' + code)));
  });
  proc.stdout.resume();
  // "Listening" comes before the server's repo takes connections (it first makes its
  // storage id): until then a client's join goes unanswered. Ready once one is answered.
  for (let i = 0; ; i++) {
    if (await answersJoin(port)) break;
    if (i > 100) throw new Error('the sync server does not answer a join');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, proc, stop: () => proc.kill() };
}

function answersJoin(port) {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    const done = (ok) => { clearTimeout(timer); ws.terminate(); resolve(ok); };
    const timer = setTimeout(() => done(false), 1000);
    ws.on('error', () => done(false));
    ws.on('open', () => ws.send(encode({ type: 'join', senderId: 'harness-probe', peerMetadata: { isEphemeral: true }, supportedProtocolVersions: ['1'] })));
    ws.on('message', (d) => done(decode(new Uint8Array(d))?.type === 'peer'));
  });
}

/** dist/ under /sop/ and the sync server under /sync, one origin on 127.0.0.1. */
export async function serveDistWithSync() {
  const dist = await serveDist();
  const distPort = Number(new URL(dist.origin).port);
  const sync = await startSyncServer();
  const proxy = http.createServer((req, res) => {
    const up = http.request({ host: '127.0.0.1', port: distPort, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(up);
  });
  proxy.on('upgrade', (req, socket, head) => {
    if (!req.url.startsWith('/sync')) { socket.destroy(); return; }
    const up = net.connect(sync.port, '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      up.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length) up.write(head);
      socket.pipe(up).pipe(socket);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  const port = await freePort();
  await new Promise((r) => proxy.listen(port, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: origin + '/sop/',
    stop: () => { proxy.close(); proxy.closeAllConnections?.(); sync.stop(); dist.stop(); },
  };
}
