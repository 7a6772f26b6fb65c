import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

// syslog-ng as a vendor runs it beside an app: in the foreground, as a child
// of the test, with its config, persist file, pid file and control socket in
// the test's own folder so it never meets the machine's syslog-ng.

const MISSING = 'syslog-ng with its HTTP destination is needed: apt-get install syslog-ng-core syslog-ng-mod-http';

export type SyslogNg = { stop: () => Promise<string> };

/** Checks the config (which also proves the http() module is there) and starts syslog-ng on it. */
export function startSyslogNg(dir: string, config: string): SyslogNg {
  const file = path.join(dir, 'syslog-ng.conf');
  writeFileSync(file, config);
  const files = ['-f', file, '-R', path.join(dir, 'syslog-ng.persist'), '-p', path.join(dir, 'syslog-ng.pid'), '-c', path.join(dir, 'syslog-ng.ctl')];
  const check = spawnSync('syslog-ng', ['--syntax-only', ...files], { encoding: 'utf8' });
  if (check.error) throw new Error(`${MISSING} (${check.error.message})`);
  if (check.status !== 0) throw new Error(`${MISSING}; its config check said: ${check.stderr.trim()}`);
  const child: ChildProcess = spawn('syslog-ng', ['-F', '-e', ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    /** Stops it (SIGTERM: it sends what it holds, then exits) and gives what it printed. */
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(output);
        child.once('exit', () => resolve(output));
        child.kill('SIGTERM');
      }),
  };
}
