// What the kubelet sees of a pod started as deploy/attache.yaml starts it: with `--health-host`
// set to a non-loopback address, check_alive and check_ready answer a client on another host
// (a netns test host stands in for the kubelet), the server listens only where it was told, and
// diagnostics are still refused to non-local clients.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePorts } from '../support/harness/ports.js';
import { killTree, OutputLog, trackChild } from '../support/harness/process.js';
import { ATTACHE_BIN, envoyBin } from '../support/harness/repo.js';
import { waitFor } from '../support/harness/wait.js';
import { createTestHost, type TestHost } from '../support/netns.js';

let host: TestHost | undefined;
let attache: ChildProcess | undefined;
let log: OutputLog | undefined;
let dir = '';
let healthPort = 0;

/** GETs `url` from inside the test host; resolves with the status, or 0 when nothing answers. */
async function statusFromTestHost(url: string): Promise<number> {
  assert.ok(host);
  const script = `fetch(process.argv[1], { signal: AbortSignal.timeout(3000) }).then((r) => console.log(r.status), () => console.log(0))`;
  const child = host.spawn(process.execPath, ['-e', script, url], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => child.on('exit', resolve));
  return Number(out.trim());
}

describe('--health-host: probes from another host', { timeout: 120_000 }, () => {
  before(async () => {
    host = createTestHost();
    dir = mkdtempSync(join(tmpdir(), 'attache-probes-'));
    const [listener, ads, admin, health, ready] = await freePorts(5);
    healthPort = health!;
    attache = spawn(process.execPath, [
      ATTACHE_BIN, 'run', '--config-dir', dir, '--work-dir', dir,
      '--health-host', host.hostAddress, '--health-port', String(health),
      '--listener-address', '127.0.0.1', '--listener-port', String(listener),
      '--ads-port', String(ads), '--admin-port', String(admin), '--ready-port', String(ready),
    ], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ENVOY_BIN: envoyBin() } });
    trackChild(attache);
    log = new OutputLog(attache);
  });

  after(async () => {
    if (attache) await killTree(attache);
    host?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('check_alive and check_ready answer a client on the test host', async () => {
    assert.ok(host);
    const base = `http://${host.hostAddress}:${healthPort}/ambassador/v0`;
    await waitFor(async () => (await statusFromTestHost(`${base}/check_alive`)) === 200, 30_000, {
      what: `check_alive on ${host.hostAddress}:${healthPort} from ${host.name} (attache output: ${log?.text().slice(-2000)})`,
      intervalMs: 250,
    });
    await waitFor(async () => (await statusFromTestHost(`${base}/check_ready`)) === 200, 30_000, {
      what: 'check_ready 200 once Envoy has its configuration',
      intervalMs: 250,
    });
  });

  it('diagnostics are refused to that client (local clients only)', async () => {
    assert.ok(host);
    assert.equal(await statusFromTestHost(`http://${host.hostAddress}:${healthPort}/ambassador/v0/diag/?json=true`), 403);
  });

  it('nothing listens on the health port of 127.0.0.1: the server binds where it was told', async () => {
    await assert.rejects(fetch(`http://127.0.0.1:${healthPort}/ambassador/v0/check_alive`, { signal: AbortSignal.timeout(3000) }));
  });
});
