/**
 * Pinned ports (`idp.port`): is the port free on 127.0.0.1, and if not, which process holds it —
 * so `run` and `reproduce` can refuse a case whose port is taken before any browser starts, naming
 * what holds it (Linux: read from /proc; elsewhere "another process").
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename } from 'node:path';
import { LOOPBACK_HOST } from '../net/loopback.js';

/** Resolves true when 127.0.0.1:`port` can be listened on now. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, LOOPBACK_HOST, () => server.close(() => resolve(true)));
  });
}

/** The socket inodes listening on `port` (IPv4 and IPv6), from /proc/net/tcp*. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is ADDR:PORT; state 0A is LISTEN; the inode is the tenth column.
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A' && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/**
 * Who listens on `port`: `pid 1234 (node server.js)` — program and script names only, never
 * other arguments — or undefined when it can't be told (not
 * Linux, or the process belongs to another user).
 */
export function portHolder(port: number): string | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) {
        // Only the program and script names: another process's arguments may hold a secret.
        let shown = '';
        try {
          const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
          const names = [argv[0], argv[1]?.startsWith('-') ? undefined : argv[1]]
            .filter((a): a is string => !!a)
            .map((a) => basename(a));
          shown = names.join(' ');
        } catch {
          // exited meanwhile
        }
        return shown ? `pid ${pid} (${shown})` : `pid ${pid}`;
      }
    }
  }
  return undefined;
}

/** A case that pins a port, for the message. */
export interface PinnedCase {
  file: string;
  port: number;
}

/**
 * The first pinned port among `cases` that is already taken, as one line naming the case, the
 * port and what holds it; undefined when every pinned port is free.
 */
export async function takenPinnedPort(cases: readonly PinnedCase[]): Promise<string | undefined> {
  const seen = new Set<number>();
  for (const c of cases) {
    if (seen.has(c.port)) continue;
    seen.add(c.port);
    if (await portIsFree(c.port)) continue;
    const holder = portHolder(c.port) ?? 'another process';
    return (
      `${c.file}: idp.port ${c.port} is already in use on 127.0.0.1 (held by ${holder}): ` +
      'stop it, or pick another port for the case'
    );
  }
  return undefined;
}
