// @ts-check
// Who listens on a local TCP port, read from /proc (Linux): to say which process or folder holds
// a port that the embedded database wants, instead of a bare "address in use".
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/**
 * The inodes of the sockets listening on `port`, IPv4 and IPv6.
 * @param {number} port
 */
function listeningInodes(port) {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols[1] local address "ADDR:PORT", cols[3] state (0A = LISTEN), cols[9] inode
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === '0A') inodes.add(cols[9]);
    }
  }
  return inodes;
}

/**
 * A description of what listens on 127.0.0.1/any:`port`, or null when nothing does.
 * @param {number} port
 * @returns {string | null}
 */
export function portHolder(port) {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return null;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let fds = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process: only root sees its sockets
    }
    for (const fd of fds) {
      let target = '';
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return `process ${pid} (${describe(pid)})`;
    }
  }
  return 'a process of another user';
}

/** @param {string} pid */
function describe(pid) {
  const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const dataDir = command[command.indexOf('-D') + 1];
  if (command.indexOf('-D') >= 0 && dataDir) return `PostgreSQL with its data in ${dataDir}`;
  return command.join(' ').slice(0, 200);
}
