import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TEMPLATE_LENGTH, messageTemplate, REST } from '@/lib/patterns/message-template';
import { templateParts, templateRegex } from '@/lib/patterns/template-regex';
import { logMessageArbitrary } from '@/lib/test-support/log-message-arbitrary';

// The loghub samples (https://github.com/logpai/loghub, free for research
// use, see its LICENSE beside them): 2,000 raw lines each, header included.
const LOGHUB = path.resolve(__dirname, '../../../shared/data/loghub');

function templatesOf(file: string): { lines: string[]; counts: Map<string, number> } {
  const lines = readFileSync(path.join(LOGHUB, file), 'utf8').split(/\r?\n/).filter(Boolean);
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(messageTemplate(line), (counts.get(messageTemplate(line)) ?? 0) + 1);
  return { lines, counts };
}

// Per file: how many distinct templates, and some templates with their
// counts, each checked by hand against a grep of the file's lines.
const EXPECTED: Record<string, { distinct: number; templates: [string, number][] }> = {
  'Apache_2k.log': {
    distinct: 6,
    templates: [
      ['[<ts>] [notice] jk2_init() Found child <num> in scoreboard slot <num>', 836],
      ['[<ts>] [notice] workerEnv.init() ok <path>', 569],
      ['[<ts>] [error] mod_jk child workerEnv in error state <num>', 539],
      ['[<ts>] [error] [client <ip>] Directory index forbidden by rule: <path>', 32],
      ["[<ts>] [error] jk2_init() Can't find child <num> in scoreboard", 12],
    ],
  },
  'HDFS_2k.log': {
    distinct: 16,
    templates: [
      ['<num> <num> <num> INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: <ip> is added to blk_<num> size <num>', 314],
      ['<num> <num> <num> INFO dfs.DataNode$PacketResponder: PacketResponder <num> for block blk_<num> terminating', 311],
      ['<num> <num> <num> INFO dfs.DataNode$DataXceiver: Receiving block blk_<num> src: /<ip> dest: /<ip>', 292],
      ['<num> <num> <num> INFO dfs.FSDataset: Deleting block blk_<num> file <path>', 263],
    ],
  },
  'HealthApp_2k.log': {
    distinct: 75,
    templates: [
      ['<ts>|Step_LSC|<num>|onStandStepChanged <num>', 260],
      ['<ts>|Step_SPUtils|<num>|setTodayTotalDetailSteps=<num>##<num>##<num>##<num>##<num>##<num>', 241],
      ['<ts>|Step_LSC|<num>|processHandleBroadcastAction action:android.intent.action.TIME_TICK', 144],
    ],
  },
  'Linux_2k.log': {
    distinct: 155,
    templates: [
      ['<ts> combo ftpd[<num>]: connection from <ip> () at <ts> ', 617],
      ['<ts> combo sshd(pam_unix)[<num>]: check pass; user unknown', 116],
      ['<ts> combo logrotate: ALERT exited abnormally with [<num>]', 43],
    ],
  },
  'OpenSSH_2k.log': {
    distinct: 203,
    templates: [
      ['<ts> LabSZ sshd[<num>]: Received disconnect from <ip>: <num>: Bye Bye [preauth]', 413],
      ['<ts> LabSZ sshd[<num>]: Failed password for root from <ip> port <num> ssh2', 368],
      ['<ts> LabSZ sshd[<num>]: Connection closed by <ip> [preauth]', 34],
    ],
  },
  'OpenStack_2k.log': {
    distinct: 44,
    templates: [
      ['nova-api.log.1.<ts>_<ts> <ts> <num> INFO nova.osapi_compute.wsgi.server [req-<uuid> <id> <id> - - -] <ip> <str> status: <num> len: <num> time: <num>', 809],
      ['nova-compute.log.1.<ts>_<ts> <ts> <num> INFO nova.virt.libvirt.imagecache [req-<uuid> - - - - -] Active base files: <path>', 82],
    ],
  },
  'Spark_2k.log': {
    distinct: 39,
    templates: [
      ['<ts> INFO python.PythonRunner: Times: total = <num>, boot = <num>, init = <num>, finish = <num>', 375],
      ['<ts> INFO executor.CoarseGrainedExecutorBackend: Got assigned task <num>', 305],
      ['<ts> INFO rdd.HadoopRDD: Input split: <url>', 45],
    ],
  },
  'Zookeeper_2k.log': {
    distinct: 59,
    templates: [
      ['<ts> - INFO  [/<ip>:QuorumCnxManager$Listener@<num>] - Received connection request /<ip>', 299],
      ['<ts> - INFO  [SessionTracker:ZooKeeperServer@<num>] - Expiring session <hex>, timeout of <num>ms exceeded', 40],
    ],
  },
};

describe('messageTemplate on the loghub samples', () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: ${expected.distinct} templates, with the counts checked by hand`, () => {
      const { lines, counts } = templatesOf(file);
      expect(lines).toHaveLength(2000);
      expect(counts.size).toBe(expected.distinct);
      for (const [template, count] of expected.templates) expect([template, counts.get(template)]).toEqual([template, count]);
    });

    it(`${file}: every line matches its template's regular expression, and no other of the file's top templates`, () => {
      const { lines } = templatesOf(file);
      const regexes = new Map<string, RegExp>();
      const regexOf = (t: string) => regexes.get(t) ?? regexes.set(t, new RegExp(templateRegex(t))).get(t)!;
      for (const line of lines) expect(regexOf(messageTemplate(line)).test(line), line).toBe(true);
      for (const [other] of expected.templates) {
        const matched = lines.filter((line) => regexOf(other).test(line)).length;
        expect([other, matched]).toEqual([other, expected.templates.find(([t]) => t === other)![1]]);
      }
    });
  }
});

describe('messageTemplate', () => {
  it.each([
    ['took 42 ms for user 7', 'took <num> ms for user <num>'],
    ['request 0f8fad5b-d9cb-469f-a165-70867728950e failed', 'request <uuid> failed'],
    ['mail to dana@example.com bounced', 'mail to <email> bounced'],
    ['GET https://api.example.com/v1/x?y=1 took 3.5s', 'GET <url> took <num>s'],
    ['from 10.0.0.1:8080 and [2001:db8::1]:443 and fe80::1', 'from <ip> and <ip> and <ip>'],
    ['opened /var/log/app.log', 'opened <path>'],
    ['key "a b" and \'c\'', 'key <str> and <str>'],
    ['at 0x7ffe12 with token 5f2b9c1e8a7d4b3c2e1f0a9b', 'at <hex> with token <id>'],
    ['jwt eyJhbGciOiJIUzI1NiJ9 ok', 'jwt <id> ok'],
    ['at 2026-12-02T10:11:12.345Z and 2026-12-02 10:11:12+01:00', 'at <ts> and <ts>'],
    ['retry -3 of +4, ratio 1.5e-3', 'retry <num> of <num>, ratio <num>'],
    ['user1 on x86_64 and blk_-42', 'user1 on x86_<num> and blk_<num>'],
    ['no variable parts here', 'no variable parts here'],
  ])('%s → %s', (message, template) => {
    expect(messageTemplate(message)).toBe(template);
  });

  it('cuts a long template before a placeholder and marks the rest', () => {
    const message = `${'x'.repeat(MAX_TEMPLATE_LENGTH - 2)} 12345 tail`;
    const template = messageTemplate(message);
    expect(template).toBe(`${'x'.repeat(MAX_TEMPLATE_LENGTH - 2)} ${REST}`);
    expect(new RegExp(templateRegex(template)).test(message)).toBe(true);
  });

  it('splits a template into literal text and placeholders', () => {
    expect(templateParts('a <num> b<ip>')).toEqual([
      { text: 'a ', placeholder: false },
      { text: '<num>', placeholder: true },
      { text: ' b', placeholder: false },
      { text: '<ip>', placeholder: true },
    ]);
  });
});

describe('templateRegex', () => {
  it('escapes the literal text of a template', () => {
    expect(templateRegex('a.b (c)* $d [e] {f} ^g | h? \\')).toBe('^a\\.b \\(c\\)\\* \\$d \\[e\\] \\{f\\} \\^g \\| h\\? \\\\$');
  });

  it('matches every message whose template it is (property, fixed seed)', () => {
    fc.assert(
      fc.property(logMessageArbitrary, (text) => new RegExp(templateRegex(messageTemplate(text))).test(text)),
      { seed: 20261202, numRuns: 3000 },
    );
  });
});
