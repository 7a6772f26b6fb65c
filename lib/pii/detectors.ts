// Regex detectors behind findPii (detect-pii.ts). Each one pushes [start, end) spans of one kind.
// Regexes only propose candidates; the checks that need arithmetic or context (octets, Luhn, digit
// counts, what follows the match) are plain code, which keeps the patterns free of costly backtracking.
// The regexes are module-level and global: always reset lastIndex before an exec loop.

export type Span = { start: number; end: number };

function collect(re: RegExp, text: string, accept: (m: RegExpExecArray) => Span | null, out: Span[]): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const span = accept(m);
    if (span) out.push(span);
  }
}

const whole = (m: RegExpExecArray): Span => ({ start: m.index, end: m.index + m[0].length });

// A number ends cleanly unless a letter/digit/_ follows, or '.'/'-' then a digit (a longer number, a
// 5-part version, a date). A trailing '.' or '-' alone is punctuation.
function endsCleanly(text: string, end: number): boolean {
  const next = text[end] ?? '';
  if (/\w/.test(next)) return false;
  return !((next === '.' || next === '-') && /\d/.test(text[end + 1] ?? ''));
}

export function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

// ---- email ------------------------------------------------------------------------------------
// The TLD must be letters, so `SendWorker@679`, `com.huawei.health.g.c@8a2a501` and `user@host` stay.
const EMAIL = /(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.([A-Za-z]{2,24})(?![\w-]|\.[A-Za-z0-9])/g;
// `icon@2x.png`: asset names with a density suffix look like addresses but end in a file extension.
const FILE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'css', 'js', 'json', 'html']);

export function findEmails(text: string, out: Span[]): void {
  collect(EMAIL, text, (m) => (FILE_EXTENSIONS.has((m[1] ?? '').toLowerCase()) ? null : whole(m)), out);
}

// ---- ip ---------------------------------------------------------------------------------------
// Octets are range-checked in code. Leading zeros are allowed: sshd really logs `rhost=059.45.101.203`.
// No letter/digit/'.' before, no '.digit' after: rejects `v1.2.3.4`, `1.2.3.4.5`, `999.1.1.1`.
const IPV4 = /(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?!\w|\.\d)/g;
// Full form (8 groups) or compressed (one '::'); group counts and zero checks are in validIpv6.
const HEX4 = '[0-9A-Fa-f]{1,4}';
const IPV6 = new RegExp(
  String.raw`(?<![\w:.])(?:${HEX4}(?::${HEX4}){7}|(?:${HEX4}(?::${HEX4}){0,6})?::(?:${HEX4}(?::${HEX4}){0,6})?)(?![\w:]|\.\d)`,
  'g',
);

export function findIps(text: string, out: Span[]): void {
  if (text.includes('.')) {
    collect(IPV4, text, (m) => {
      const octets = m.slice(1, 5).map(Number);
      // 0.0.0.0 is a bind-all address (Zookeeper's `0.0.0.0/0.0.0.0:2181`), nobody's address.
      return octets.some((o) => o > 255) || octets.every((o) => o === 0) ? null : whole(m);
    }, out);
  }
  // Most lines have a few colons (times); only '::' or 7+ colons can hold an IPv6 address.
  if (text.includes('::') || hasSevenColons(text)) collect(IPV6, text, (m) => (validIpv6(m[0]) ? whole(m) : null), out);
}

function hasSevenColons(text: string): boolean {
  let n = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) if (++n === 7) return true;
  return false;
}

// The regex already rejects times `12:34:56` and 6-part MACs (neither 8 groups nor '::') and
// Zookeeper's `0:0:0:0:0:0:0:0:2181` (9 groups: a port glued on without brackets).
function validIpv6(s: string): boolean {
  const groups = s.split(':').filter((g) => g !== '');
  if (s.includes('::')) {
    // `::` and `::1` are skipped: unspecified/loopback, and too close to `cport:-1)::Prep…` noise.
    if (groups.length < 2 || groups.length > 7) return false;
  } else if (groups.every((g) => g.length === 2)) {
    return false; // 8 groups of exactly 2 hex digits: an EUI-64/MAC or a hex dump, not an address.
  }
  // All-zero is the unspecified address; hex words without a digit (`dead::beef`) are likelier code.
  return /\d/.test(s) && groups.some((g) => /[1-9a-f]/i.test(g));
}

// ---- token ------------------------------------------------------------------------------------
// Only the credential is masked; the word `Bearer` stays so the masked line still reads
// `Authorization: Bearer [token]`. Bare hex (trace ids, UUIDs, `req-…` ids) is never matched: only
// known prefixes, JWTs, Bearer values and values assigned to secret-sounding names are.
const TOKEN = new RegExp(
  [
    String.raw`(?<![\w-])(?:[Bb]earer|BEARER)\s+([\w.~+/-]{8,}=*)`,
    String.raw`(?<![\w-])(?:eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*` + // JWT: header.payload.signature
      String.raw`|sk_(?:live|test)_[A-Za-z0-9]{10,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{22,}` +
      String.raw`|xox[bpoa]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[\w-]{35})(?![\w-])`,
  ].join('|'),
  'g',
);
// `password=…`, `api_key: …`, `"token": "…"`, `AWS_SECRET_ACCESS_KEY=…`, `accessToken=…`. No `i`
// flag: lowercase/UPPER names must not follow a letter or digit (`monkey=3` is not a key), while
// Capitalised ones may (camelCase). A camelCase `…Key` is a secret only after a secret-sounding
// word (`apiKey`, `secretKey`): `moduleKey`, `issueKey` and `projectKey` name things in Jira and Forge.
const ASSIGNMENT = new RegExp(
  String.raw`(?:(?<![A-Za-z0-9])(?:api_?key|apikey|key|token|secret|passw(?:or)?d|pwd|API_?KEY|KEY|TOKEN|SECRET|PASSW(?:OR)?D|PWD|Key)` +
    String.raw`|(?:[Aa]pi|[Aa]ccess|[Ss]ecret|[Pp]rivate|[Ss]igning|[Ee]ncryption|[Cc]lient|[Mm]aster|[Aa]uth|[Ss]ession)Key` +
    String.raw`|(?<![A-Z])(?:Token|Secret|Password))["']?\s*[=:]\s*["']?([^\s"'&,;<>()[\]{}]+)`,
  'g',
);
// Not secrets, just "nothing set"; and all-'*' values are already redacted.
const PLACEHOLDERS = /^(?:null|nil|none|undefined|true|false|\*+)$/i;
const QUICK_SECRET_NAME = /[Kk]ey|KEY|[Tt]oken|TOKEN|[Ss]ecret|SECRET|[Pp]assw|PASSW|[Pp]wd|PWD/;

// The captured group, when present, is the secret and ends the match.
function tail(m: RegExpExecArray, group: string): Span {
  const end = m.index + m[0].length;
  return { start: end - group.length, end };
}

export function findTokens(text: string, out: Span[]): void {
  collect(TOKEN, text, (m) => (m[1] ? tail(m, m[1]) : whole(m)), out);
  if (QUICK_SECRET_NAME.test(text)) {
    collect(ASSIGNMENT, text, (m) => (!m[1] || PLACEHOLDERS.test(m[1]) ? null : tail(m, m[1])), out);
  }
}

// ---- card -------------------------------------------------------------------------------------
// Major networks start with 2–6, which also rules out epoch millis (`1514038530000`). Not after a
// word char or '-', so HDFS `blk_38865049064139660` / `blk_-6952295868487656571` never match.
// Grouped forms: 4-4-4-4(-3) and Amex/Diners 4-6-5/4-6-4, with one consistent separator.
const CARD = /(?<![\w.+-])[2-6]\d{3}(?:\d{9,15}|([ -])(?:\d{4}\1\d{4}\1\d{4}(?:\1\d{3})?|\d{6}\1\d{4,5}))/g;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1 && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

export function findCards(text: string, out: Span[]): void {
  collect(CARD, text, (m) => (endsCleanly(text, m.index + m[0].length) && luhn(m[0].replace(/\D/g, '')) ? whole(m) : null), out);
}

// ---- phone ------------------------------------------------------------------------------------
// International: `+` country code, then groups split by one space or '-'; an area code may be in
// parentheses. After the first group, groups need 2+ digits so a trailing single-digit count
// (`… 0958 5 times`) is not swallowed (a 2-digit one still is). 8–15 digits in total (E.164).
// Without `+` a long digit run is an id, not a phone.
const INTL_PHONE = /(?<![\w+])\+[1-9]\d{0,14}(?:[ -](?:\(\d{1,4}\)|\d{1,5}))?(?:[ -](?:\(\d{1,4}\)|\d{2,5}))*/g;
// North American `(555) 123-4567`, `555-123-4567`, `555.123.4567`: the 3-3-4 shape excludes dates
// (4-2-2) and times; the area code cannot start with 0/1.
const NANP_PHONE = /(?<![\w.+-])(?:\([2-9]\d{2}\) ?\d{3}-|[2-9]\d{2}([-.])\d{3}\1)\d{4}/g;

export function findPhones(text: string, out: Span[]): void {
  const clean = (m: RegExpExecArray) => endsCleanly(text, m.index + m[0].length);
  if (text.includes('+')) {
    collect(INTL_PHONE, text, (m) => {
      const digits = countDigits(m[0]);
      return clean(m) && digits >= 8 && digits <= 15 ? whole(m) : null;
    }, out);
  }
  collect(NANP_PHONE, text, (m) => (clean(m) ? whole(m) : null), out);
}
