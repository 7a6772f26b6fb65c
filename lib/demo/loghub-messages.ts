import { readFileSync } from 'node:fs';
import path from 'node:path';

// Turns the loghub samples (lib/demo/loghub, see its README) into message
// bodies for demo log lines: each source's own timestamp, host and pid are
// stripped (the seeder makes its own), the message is kept, and the level
// and logger/component are kept where the source has them.

export type DemoLevel = 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';
export type LoghubMessage = { message: string; level?: DemoLevel; module?: string };

export const LOGHUB_SOURCES = [
  'Apache',
  'HDFS',
  'HealthApp',
  'Linux',
  'OpenSSH',
  'OpenStack',
  'Spark',
  'Zookeeper',
] as const;
export type LoghubSource = (typeof LOGHUB_SOURCES)[number];

export const loghubDir = () => path.join(process.cwd(), 'lib/demo/loghub');

// FATAL/SEVERE have no level of their own in our enum; they are errors.
const LEVELS: Record<string, DemoLevel> = {
  fatal: 'ERROR',
  severe: 'ERROR',
  error: 'ERROR',
  err: 'ERROR',
  warn: 'WARN',
  warning: 'WARN',
  notice: 'INFO',
  info: 'INFO',
  debug: 'DEBUG',
  trace: 'TRACE',
};

export function toLevel(raw: string | undefined): DemoLevel | undefined {
  return raw ? LEVELS[raw.toLowerCase()] : undefined;
}

type Parser = (line: string) => LoghubMessage | null;

function entry(message: string | undefined, level?: DemoLevel, logger?: string): LoghubMessage | null {
  const text = message?.trim();
  if (!text) return null;
  const result: LoghubMessage = { message: text };
  if (level) result.level = level;
  if (logger) result.module = logger;
  return result;
}

// syslog: "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: message"
const SYSLOG = /^\w{3} +\d+ [\d:]{8} \S+ ([^\s:[]+)(?:\[\d+\])?: ?(.*)$/;

function syslog(line: string): LoghubMessage | null {
  const m = SYSLOG.exec(line);
  if (!m) {
    // e.g. "syslogd 1.4.1: restart.": drop the date and host all the same.
    const rest = /^\w{3} +\d+ [\d:]{8} \S+ +(.*)$/.exec(line)?.[1] ?? line;
    return entry(rest, undefined, /^[a-z][\w.-]*/i.exec(rest)?.[0]);
  }
  const message = m[2] ?? '';
  // sshd marks its own problems with "error:" / "fatal:".
  const marked = /^(error|fatal):/.exec(message);
  return entry(message, toLevel(marked?.[1]), m[1]);
}

const PARSERS: Record<LoghubSource, Parser> = {
  // "[Sun Dec 04 04:47:44 2005] [notice] jk2_init() Found child 6725 ..."
  Apache(line) {
    const m = /^\[[^\]]+\] \[(\w+)\] (.*)$/.exec(line);
    if (!m) return entry(line);
    const message = m[2] ?? '';
    // No logger name in the source; the function or module that speaks is the closest thing.
    const logger = /^([\w.]+)\(\)/.exec(message)?.[1] ?? /^(mod_\w+)/.exec(message)?.[1] ?? 'httpd';
    return entry(message, toLevel(m[1]), logger);
  },
  // "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 ..."
  HDFS(line) {
    const m = /^\d{6} \d{6} \d+ (\w+) ([^:\s]+): (.*)$/.exec(line);
    return m ? entry(m[3], toLevel(m[1]), m[2]) : entry(line);
  },
  // "20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579"
  HealthApp(line) {
    const [, component, , ...rest] = line.split('|');
    return rest.length ? entry(rest.join('|'), undefined, component) : entry(line);
  },
  Linux: syslog,
  OpenSSH: syslog,
  // "nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-… - - -] 10.11.10.1 "GET …"
  OpenStack(line) {
    const m = /^\S+ \S+ \S+ \d+ (\w+) (\S+) (?:\[(?:req-[^\]]*|-)\] )?(.*)$/.exec(line);
    return m ? entry(m[3], toLevel(m[1]), m[2]) : entry(line);
  },
  // "17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers …"
  Spark(line) {
    const m = /^\S+ \S+ (\w+) ([^:\s]+): (.*)$/.exec(line);
    return m ? entry(m[3], toLevel(m[1]), m[2]) : entry(line);
  },
  // "2015-07-29 19:04:29,071 - WARN  [SendWorker:188978561024:QuorumCnxManager$SendWorker@688] - Send worker leaving thread"
  Zookeeper(line) {
    const m = /^\S+ \S+ - (\w+) +\[(.+?)@\d+\] - (.*)$/.exec(line);
    if (!m) return entry(line);
    // The bracket is "thread:Class"; the class is the logger.
    const logger = (m[2] ?? '').split(':').pop();
    return entry(m[3], toLevel(m[1]), logger);
  },
};

export function parseLoghub(source: LoghubSource, text: string): LoghubMessage[] {
  const parse = PARSERS[source];
  const out: LoghubMessage[] = [];
  // Some samples end lines with CR only.
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (!line.trim()) continue;
    const parsed = parse(line);
    if (parsed) out.push(parsed);
  }
  return out;
}

const cache = new Map<LoghubSource, LoghubMessage[]>();

export function loghubMessages(source: LoghubSource): LoghubMessage[] {
  let messages = cache.get(source);
  if (!messages) {
    messages = parseLoghub(source, readFileSync(path.join(loghubDir(), `${source}_2k.log`), 'utf8'));
    cache.set(source, messages);
  }
  return messages;
}

export function allLoghubMessages(): Record<LoghubSource, LoghubMessage[]> {
  return Object.fromEntries(LOGHUB_SOURCES.map((s) => [s, loghubMessages(s)])) as Record<
    LoghubSource,
    LoghubMessage[]
  >;
}
