import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PII_KINDS, PII_LABELS, findPii, kindsOfBits, maskPii, maskPiiKeepingHits, piiBits, type PiiHit } from '@/lib/pii/detect-pii';

/** [kind, matched text] pairs: easier to read than offsets. */
const found = (text: string) => findPii(text).map((h) => [h.kind, text.slice(h.start, h.end)]);

// Real lines from lib/demo/loghub (LogHub samples), copied so the tests don't depend on the files.
const LOG = {
  sshReverse:
    'Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!',
  sshFailed: 'Dec 10 06:55:48 LabSZ sshd[24200]: Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2',
  sshRhost:
    'Dec 10 07:13:31 LabSZ sshd[24227]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.36.59.76.dynamic-dsl-ip.omantel.net.om  user=root',
  hdfsAdded:
    '081109 204005 35 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.73.220:50010 is added to blk_7128370237687728475 size 67108864',
  hdfsBlock: '081109 203807 222 INFO dfs.DataNode$PacketResponder: PacketResponder 0 for block blk_-6952295868487656571 terminating',
  hdfsAddedLuhn:
    '081109 210407 33 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.250.7.244:50010 is added to blk_5165786360127153975 size 67108864',
  openstackApi:
    'nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b-2096-447d-96ea-a692162415ae 113d3a99c3da401fbd62cc2caa5b96d2 54fadb412c4e40cdbaed9335e4c35a9e - - -] 10.11.10.1 "GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829',
  openstackInstance:
    'nova-compute.log.1.2017-05-16_13:55:31 2017-05-16 00:00:04.500 2931 INFO nova.compute.manager [req-3ea4052c-895d-4b64-9e2d-04d64c4d94ab - - - - -] [instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM Started (Lifecycle Event)',
  zkQuorum:
    '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200',
  zkListener: '2015-07-29 19:04:12,394 - INFO  [/10.10.34.11:3888:QuorumCnxManager$Listener@493] - Received connection request /10.10.34.11:45307',
  zkBindAll:
    '2015-07-29 19:52:04,792 - INFO  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxn@1001] - Closed socket connection for client /10.10.34.18:42772 which had sessionid 0x14ed93111f20005',
  zkDoubleColon:
    '2015-07-30 18:18:02,003 - INFO  [ProcessThread(sid:1 cport:-1)::PrepRequestProcessor@476] - Processed session termination for sessionid: 0x14ede63a5a70002',
  healthExtend: '20171223-22:15:34:723|Step_LSC|30002312|onExtend:1514038535000 1 0 4',
  healthSteps: '20171223-22:15:29:636|Step_SPUtils|30002312|setTodayTotalDetailSteps=1514038440000##7007##548365##8661##12361##27173954',
  healthObject: '20171223-23:7:50:264|Step_LSC|30002312|getTodaySportData mStepsRecordManager=com.huawei.health.g.c@8a2a501',
  apacheClient: '[Sun Dec 04 05:15:09 2005] [error] [client 222.166.160.184] Directory index forbidden by rule: /var/www/html/',
  apacheNotice: '[Sun Dec 04 04:51:08 2005] [notice] jk2_init() Found child 6725 in scoreboard slot 10',
  linuxRhost: 'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ',
  linuxKernel:
    'Jul 27 14:41:57 combo kernel: Linux version 2.6.5-1.358 (bhcompile@bugs.build.redhat.com) (gcc version 3.3.3 20040412 (Red Hat Linux 3.3.3-7)) #1 Sat May 8 09:04:50 EDT 2004',
  linuxFtpHost:
    'Jul  3 10:05:25 combo ftpd[32069]: connection from 203.101.45.59 (dsl-Chn-static-059.45.101.203.touchtelindia.net) at Sun Jul  3 10:05:25 2005 ',
  sparkDriver: '17/06/09 20:10:42 INFO executor.CoarseGrainedExecutorBackend: Connecting to driver: spark://CoarseGrainedScheduler@10.10.34.11:48069',
  sparkSplit: '17/06/09 20:10:46 INFO rdd.HadoopRDD: Input split: hdfs://10.10.34.11:9000/pjhe/logs/2kSOSP.log:21876+7292',
};

describe('email', () => {
  it('finds addresses', () => {
    expect(found('mail sent to jane.doe+logs@example.co.uk.')).toEqual([['email', 'jane.doe+logs@example.co.uk']]);
    expect(found('<first_last@mail-server.example.com>')).toEqual([['email', 'first_last@mail-server.example.com']]);
    expect(found(LOG.linuxKernel)).toEqual([['email', 'bhcompile@bugs.build.redhat.com']]);
  });

  it('ignores look-alikes', () => {
    // No dot-TLD: host-local names, Zookeeper's Class@line, Java's Object@hash.
    expect(found('ssh root@localhost')).toEqual([]);
    expect(found(LOG.zkQuorum)).toEqual([]);
    expect(found(LOG.healthObject)).toEqual([]);
    // The TLD must be letters: Spark's actor address is an IP, not an e-mail domain.
    expect(found(LOG.sparkDriver)).toEqual([['ip', '10.10.34.11']]);
    // Retina asset names.
    expect(found('GET /img/logo@2x.png 200')).toEqual([]);
  });
});

describe('ip', () => {
  it('finds IPv4 addresses in real log lines', () => {
    expect(found(LOG.sshReverse)).toEqual([['ip', '173.234.31.186']]);
    expect(found(LOG.sshFailed)).toEqual([['ip', '173.234.31.186']]);
    expect(found(LOG.apacheClient)).toEqual([['ip', '222.166.160.184']]);
    expect(found(LOG.linuxRhost)).toEqual([['ip', '218.188.2.4']]);
    expect(found(LOG.openstackApi)).toEqual([['ip', '10.11.10.1']]);
    expect(found(LOG.zkListener)).toEqual([['ip', '10.10.34.11'], ['ip', '10.10.34.11']]);
    expect(found(LOG.sparkSplit)).toEqual([['ip', '10.10.34.11']]);
  });

  it('takes only the address from ip:port and from reverse-DNS host names', () => {
    expect(found(LOG.hdfsAdded)).toEqual([['ip', '10.251.73.220']]);
    expect(found(LOG.sshRhost)).toEqual([['ip', '5.36.59.76']]);
    // Leading zeros are kept as an address: that is how sshd/ftpd print some hosts.
    expect(found(LOG.linuxFtpHost)).toEqual([['ip', '203.101.45.59'], ['ip', '059.45.101.203']]);
  });

  it('ignores versions, 5-part numbers, octets over 255 and the bind-all address', () => {
    expect(found('upgraded to 3.4.1 from 3.4.0')).toEqual([]);
    expect(found('build 1.2.3.4.5 deployed')).toEqual([]);
    expect(found('bad host 999.1.1.1 or 1.2.3.256')).toEqual([]);
    expect(found('agent v1.2.3.4 started')).toEqual([]);
    expect(found(LOG.zkBindAll)).toEqual([['ip', '10.10.34.18']]);
  });

  it('finds IPv6 full and compressed forms', () => {
    expect(found('from 2001:0db8:85a3:0000:0000:8a2e:0370:7334 ok')).toEqual([['ip', '2001:0db8:85a3:0000:0000:8a2e:0370:7334']]);
    expect(found('peer [2001:db8::1]:8080 closed')).toEqual([['ip', '2001:db8::1']]);
    expect(found('link-local fe80::1ff:fe23:4567:890a%eth0')).toEqual([['ip', 'fe80::1ff:fe23:4567:890a']]);
  });

  it('does not read times, MACs or Zookeeper noise as IPv6', () => {
    expect(found('at 12:34:56 and 12:34:56:789')).toEqual([]);
    expect(found('hwaddr 00:1a:2b:3c:4d:5e eui 00:1a:2b:ff:fe:3c:4d:5e')).toEqual([]);
    // 9 groups: the unspecified address with a port glued on. Neither an address nor personal.
    expect(found(LOG.zkQuorum)).toEqual([]);
    expect(found(LOG.zkDoubleColon)).toEqual([]);
    // Loopback/unspecified and code-like hex words are deliberately skipped.
    expect(found('listen on :: and ::1, call Cache::add and dead::beef')).toEqual([]);
  });
});

describe('token', () => {
  const jwt =
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

  it('masks the Bearer credential but keeps the word', () => {
    expect(found('Authorization: Bearer abcDEF123.456-xyz_789')).toEqual([['token', 'abcDEF123.456-xyz_789']]);
    expect(maskPii('Authorization: bearer abcDEF123456')).toBe('Authorization: bearer [token]');
  });

  it('finds JWTs and well-known key prefixes', () => {
    expect(found(`jwt ${jwt} expired`)).toEqual([['token', jwt]]);
    for (const key of [
      'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
      'sk_test_51H8abcdefGHIJKLmnop',
      'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
      'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
      'xoxb-123456789012-abcdefghijklmn',
      'AKIAIOSFODNN7EXAMPLE',
      'AIzaSyA-1234567890abcdefghijklmnopqrstu',
    ]) {
      expect(found(`using ${key} now`)).toEqual([['token', key]]);
    }
  });

  it('masks values assigned to secret-sounding names', () => {
    expect(found('GET /cb?api_key=abc123&page=2')).toEqual([['token', 'abc123']]);
    expect(found('login password: hunter2')).toEqual([['token', 'hunter2']]);
    expect(found('{"token": "s3cr3t", "user": 7}')).toEqual([['token', 's3cr3t']]);
    expect(found('AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCY')).toEqual([['token', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCY']]);
    expect(found('signed with apiKey=k7Hq secretKey: 9f2c privateKey=pk1 Key=abc9')).toEqual([
      ['token', 'k7Hq'],
      ['token', '9f2c'],
      ['token', 'pk1'],
      ['token', 'abc9'],
    ]);
    expect(found('refresh accessToken=abcd1234 client_secret=zyx')).toEqual([
      ['token', 'abcd1234'],
      ['token', 'zyx'],
    ]);
  });

  it('ignores ids, placeholders and names that merely end in "key"', () => {
    expect(found('trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7')).toEqual([]);
    expect(found('order 123e4567-e89b-12d3-a456-426614174000 shipped')).toEqual([]);
    expect(found(LOG.openstackInstance)).toEqual([]);
    expect(found(LOG.hdfsBlock)).toEqual([]);
    expect(found('monkey=3 password=null token=*** secret=')).toEqual([]);
    // Jira and Forge name things with camelCase keys; those are not secrets.
    expect(found('resolved context: product=jira moduleKey=onIssueUpdated issueKey=LUME-1470 projectKey: LUME')).toEqual([]);
    // "Failed password for ..." is prose, not an assignment.
    expect(found(LOG.sshFailed).map(([kind]) => kind)).toEqual(['ip']);
  });
});

describe('card', () => {
  it('finds Luhn-valid numbers, plain or grouped', () => {
    expect(found('card 4111 1111 1111 1111 declined')).toEqual([['card', '4111 1111 1111 1111']]);
    expect(found('pan=5500-0000-0000-0004; charged 5500-0000-0000-0004.')).toEqual([
      ['card', '5500-0000-0000-0004'],
      ['card', '5500-0000-0000-0004'],
    ]);
    expect(found('visa 4111111111111111, amex 3782 822463 10005')).toEqual([
      ['card', '4111111111111111'],
      ['card', '3782 822463 10005'],
    ]);
  });

  it('ignores Luhn failures, mixed separators and long numeric ids', () => {
    expect(found('card 4111 1111 1111 1112')).toEqual([]);
    expect(found('card 4111 1111-1111 1111')).toEqual([]);
    // These block ids pass Luhn; only their `blk_` / `blk_-` context rules them out.
    expect(found(LOG.hdfsBlock)).toEqual([]);
    expect(found(LOG.hdfsAddedLuhn)).toEqual([['ip', '10.250.7.244']]);
    // Epoch millis that pass Luhn: no card network starts with 1.
    expect(found(LOG.healthExtend)).toEqual([]);
    expect(found('id 41111111111111111111 (20 digits)')).toEqual([]);
  });
});

describe('phone', () => {
  it('finds international and North American formats', () => {
    expect(found('call +44 20 7946 0958 now')).toEqual([['phone', '+44 20 7946 0958']]);
    expect(found('sms to +1-202-555-0143.')).toEqual([['phone', '+1-202-555-0143']]);
    expect(found('tel (555) 123-4567, alt +1 (555) 123-4567')).toEqual([
      ['phone', '(555) 123-4567'],
      ['phone', '+1 (555) 123-4567'],
    ]);
    expect(found('fax 555-123-4567 or +14155552671')).toEqual([
      ['phone', '555-123-4567'],
      ['phone', '+14155552671'],
    ]);
  });

  it('ignores digit runs, dates, times, offsets and versions', () => {
    expect(found(LOG.healthExtend)).toEqual([]);
    expect(found(LOG.healthSteps)).toEqual([]);
    expect(found(LOG.sparkSplit).map(([kind]) => kind)).toEqual(['ip']); // `21876+7292` is an offset+length
    expect(found('2017-05-16 12:34:56 +0800 took 1514038530000 ms')).toEqual([]);
    expect(found(LOG.apacheNotice)).toEqual([]);
    expect(found(LOG.linuxKernel).map(([kind]) => kind)).toEqual(['email']); // version 2.6.5-1.358, 3.3.3-7
    expect(found('+44 7946 and +1 2')).toEqual([]); // too short for a full number
  });
});

describe('findPii', () => {
  it('returns sorted, non-overlapping hits; the longer match wins an overlap', () => {
    // The phone is also the start of the e-mail's local part.
    expect(found('reply +14155552671@sms.example.com')).toEqual([['email', '+14155552671@sms.example.com']]);
    const hits = findPii(`x ${LOG.zkListener} mail a@example.org card 4111111111111111 +44 20 7946 0958`);
    expect(hits.map((h) => h.kind)).toEqual(['ip', 'ip', 'email', 'card', 'phone']);
    hits.forEach((h, i) => expect(h.start).toBeGreaterThanOrEqual(hits[i - 1]?.end ?? 0));
  });

  it('breaks ties by PII_KINDS order', () => {
    // The same span is an e-mail and an assigned secret: e-mail comes first.
    expect(found('password=jane@example.com')).toEqual([['email', 'jane@example.com']]);
  });

  it('finds nothing in an empty or plain line', () => {
    expect(findPii('')).toEqual([]);
    expect(findPii('Server started in 532 ms')).toEqual([]);
  });
});

describe('maskPii', () => {
  it('replaces each hit by its kind', () => {
    expect(maskPii(LOG.hdfsAdded)).toBe(
      '081109 204005 35 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: [ip]:50010 is added to blk_7128370237687728475 size 67108864',
    );
    expect(maskPii('jane@example.com paid with 4111-1111-1111-1111 from +1-202-555-0143 (token=abc123)')).toBe(
      '[email] paid with [card] from [phone] (token=[token])',
    );
  });

  it('uses the hits it is given', () => {
    const text = 'a 10.0.0.1 b';
    const hits: PiiHit[] = [{ kind: 'ip', start: 2, end: 10 }];
    expect(maskPii(text, hits)).toBe('a [ip] b');
    expect(maskPii(text, [])).toBe(text);
  });
});

describe('piiBits / kindsOfBits', () => {
  it('exposes the kinds in order with labels', () => {
    expect(PII_KINDS).toEqual(['email', 'ip', 'token', 'card', 'phone']);
    expect(PII_KINDS.map((k) => PII_LABELS[k])).toEqual(['E-mail addresses', 'IP addresses', 'Tokens and secrets', 'Card numbers', 'Phone numbers']);
  });

  it('round-trips every combination of kinds', () => {
    expect(piiBits([])).toBe(0);
    expect(piiBits(findPii('a@example.com 10.0.0.1 10.0.0.2 +1-202-555-0143'))).toBe(1 + 2 + 16);
    for (let bits = 0; bits < 32; bits++) {
      const hits = kindsOfBits(bits).map((kind): PiiHit => ({ kind, start: 0, end: 1 }));
      expect(piiBits(hits)).toBe(bits);
    }
    expect(kindsOfBits(4 | 8)).toEqual(['token', 'card']);
  });
});

describe('masking real logs', () => {
  // Every 40th line of each LogHub sample (~400 lines), plus lines with each kind of PII.
  const dir = fileURLToPath(new URL('../demo/loghub/', import.meta.url));
  const lines = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter((_, i) => i % 40 === 0))
    .concat(Object.values(LOG), [
      'user jane@example.com from 2001:db8::1 Bearer abcdefgh12345678 card 4111 1111 1111 1111 tel (555) 123-4567',
      'password=jane@example.com&token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc +14155552671@sms.example.com',
    ]);

  it('leaves no detectable PII and is idempotent', () => {
    expect(lines.length).toBeGreaterThan(300);
    for (const line of lines) {
      const masked = maskPii(line);
      expect(findPii(masked), masked).toEqual([]);
      expect(maskPii(masked)).toBe(masked);
    }
  });
});

describe('maskPiiKeepingHits', () => {
  it('masks as maskPii does, with a hit on each placeholder', () => {
    const text = 'jane@example.com signed in from 10.1.2.3 twice';
    const { text: masked, hits } = maskPiiKeepingHits(text);
    expect(masked).toBe(maskPii(text));
    expect(masked).toBe('[email] signed in from [ip] twice');
    expect(hits.map((h) => [h.kind, masked.slice(h.start, h.end)])).toEqual([
      ['email', '[email]'],
      ['ip', '[ip]'],
    ]);
  });

  it('leaves text without personal data as it is, with no hits', () => {
    expect(maskPiiKeepingHits('job 42 finished')).toEqual({ text: 'job 42 finished', hits: [] });
  });
});
