// Test hosts: network namespaces with a veth pair and a private /30, so tests can run backends on
// a non-loopback address (the Kubernetes API rejects loopback addresses in EndpointSlices)
// without ever sending traffic beyond this machine. Needs root and iproute2 (scripts/setup-k8s.sh).
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** Every test host lives in 10.213.0.0/16; nothing else on the machine may use that range. */
const RANGE_PREFIX = '10.213';
const NAME_PREFIX = 'attache-';
/** 16384 /30 blocks fit in the /16; the namespace name carries the block index, so creating the
 *  namespace is the (atomic, cross-process) allocation of its addresses. */
const MAX_INDEX = 16384;

export interface TestHost {
  /** Network namespace name (`ip netns exec <name> ...`). */
  readonly name: string;
  /** The namespace's own address, reachable from the host side. */
  readonly address: string;
  /** The host side of the veth pair, reachable from inside the namespace. */
  readonly hostAddress: string;
  /** Starts a process inside the namespace; it is killed by close(). */
  spawn(command: string, args: readonly string[], options?: SpawnOptions): ChildProcess;
  /** Kills processes started here and deletes the namespace (and with it the veth pair). */
  close(): void;
}

export interface Block {
  readonly index: number;
  readonly hostAddress: string;
  readonly address: string;
}

/** Addresses of /30 block `index`: .1 is the host side, .2 the namespace. */
export function blockAddresses(index: number): Block {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_INDEX) throw new Error(`netns: block index ${index} out of range`);
  const third = Math.floor(index / 64);
  const base = (index % 64) * 4;
  return { index, hostAddress: `${RANGE_PREFIX}.${third}.${base + 1}`, address: `${RANGE_PREFIX}.${third}.${base + 2}` };
}

function ip(args: readonly string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function tryIp(args: readonly string[]): boolean {
  try {
    ip(args);
    return true;
  } catch {
    return false;
  }
}

/** Claims a free block by creating its namespace; a name already taken means the block is in use. */
function claimBlock(): { name: string; block: Block } {
  const start = Math.floor(Math.random() * MAX_INDEX);
  let lastError = '';
  for (let i = 0; i < 64; i++) {
    const index = (start + i) % MAX_INDEX;
    const name = `${NAME_PREFIX}${index}`;
    try {
      ip(['netns', 'add', name]);
      return { name, block: blockAddresses(index) };
    } catch (err) {
      lastError = String((err as { stderr?: string }).stderr ?? err);
      if (!/exists/i.test(lastError)) break;
    }
  }
  throw new Error(`netns: cannot create a network namespace (root and iproute2 needed; run scripts/setup-k8s.sh): ${lastError.trim()}`);
}

function wireVeth(name: string, block: Block): void {
  const hostIf = `ath${block.index}`;
  const nsIf = `atn${block.index}`;
  ip(['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
  ip(['link', 'set', nsIf, 'netns', name]);
  ip(['addr', 'add', `${block.hostAddress}/30`, 'dev', hostIf]);
  ip(['link', 'set', hostIf, 'up']);
  ip(['-n', name, 'addr', 'add', `${block.address}/30`, 'dev', nsIf]);
  ip(['-n', name, 'link', 'set', nsIf, 'up']);
  ip(['-n', name, 'link', 'set', 'lo', 'up']);
}

/** Kills every process still inside a namespace, then deletes it. */
export function deleteNamespace(name: string): void {
  let pids: string[] = [];
  try {
    pids = ip(['netns', 'pids', name]).split(/\s+/).filter(Boolean);
  } catch {
    return; // already gone
  }
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
  tryIp(['netns', 'del', name]);
}

const openHosts = new Set<() => void>();
let signalsHooked = false;

/** Cleans up on exit, and on SIGINT/SIGTERM too (the test runner's way of stopping a file), after
 *  which the signal is re-raised so the process still dies of it. */
function hookProcessEnd(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  const closeAll = (): void => {
    for (const close of [...openHosts]) close();
  };
  process.on('exit', closeAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      closeAll();
      process.kill(process.pid, signal);
    });
  }
}

/** Creates a test host; it is also deleted when this process exits or is interrupted. */
export function createTestHost(): TestHost {
  const { name, block } = claimBlock();
  try {
    wireVeth(name, block);
  } catch (err) {
    deleteNamespace(name);
    throw new Error(`netns: wiring ${name} failed: ${String((err as { stderr?: string }).stderr ?? err).trim()}`);
  }
  const children: ChildProcess[] = [];
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    openHosts.delete(close);
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    deleteNamespace(name);
  };
  openHosts.add(close);
  hookProcessEnd();
  return {
    name,
    address: block.address,
    hostAddress: block.hostAddress,
    spawn(command, args, options = {}) {
      const child = spawn('ip', ['netns', 'exec', name, command, ...args], options);
      children.push(child);
      return child;
    },
    close,
  };
}

/** Namespaces of ours with no process left in them: leftovers of runs that were killed. */
export function staleNamespaces(): string[] {
  let listing = '';
  try {
    listing = ip(['netns', 'list']);
  } catch {
    return [];
  }
  const ours = listing.split('\n').map((line) => line.split(' ')[0] ?? '').filter((n) => n.startsWith(NAME_PREFIX));
  return ours.filter((name) => {
    try {
      return ip(['netns', 'pids', name]).trim() === '';
    } catch {
      return false;
    }
  });
}
