/**
 * How alike two names are: names folded (case, accents, punctuation), first names through nickname equivalence
 * (Bob = Robert, Liz = Elizabeth), then Jaro-Winkler similarity. Company names are compared without their legal form
 * ("Acme Ltd" = "ACME Limited"). Pure functions, property-tested.
 */

/** Lower-case, accents removed, letters, digits and single spaces only. */
export function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const NICKNAME_GROUPS = [
  'robert bob bobby rob robbie bert',
  'william bill billy will willy liam',
  'elizabeth liz lizzie beth betty eliza libby',
  'margaret maggie meg peggy marge',
  'richard rick ricky dick rich richie',
  'james jim jimmy jamie',
  'john jack johnny jon',
  'jonathan jon jonny',
  'michael mike mikey mick mickey',
  'katherine kate katie kathy kath catherine cathy',
  'thomas tom tommy',
  'anthony tony',
  'edward ed eddie ted teddy',
  'alexander alex sandy xander',
  'alexandra alex sandra lexi',
  'andrew andy drew',
  'christopher chris kit',
  'christine chris chrissy tina',
  'daniel dan danny',
  'david dave davy',
  'joseph joe joey',
  'nicholas nick nicky',
  'patrick pat paddy',
  'patricia pat patty trish',
  'peter pete',
  'samuel sam sammy',
  'samantha sam sammy',
  'steven stephen steve stevie',
  'susan sue susie suzy',
  'jennifer jen jenny',
  'rebecca becky becca',
  'victoria vicky tori',
  'charles charlie chuck chas',
  'henry harry hank',
  'benjamin ben benny',
  'matthew matt matty',
  'timothy tim timmy',
  'gregory greg',
  'kenneth ken kenny',
  'ronald ron ronnie',
  'donald don donny',
  'lawrence larry laurie',
  'deborah debbie deb',
  'pamela pam',
  'frederick fred freddie',
  'albert al bert',
  'theodore theo ted teddy',
  'abigail abby',
  'jessica jess jessie',
  'nathaniel nate nathan',
];

/** Each nickname's full name (the first of its group); a name in several groups keeps its first group. */
const CANONICAL = new Map<string, string>();
for (const group of NICKNAME_GROUPS) {
  const [full, ...rest] = group.split(' ') as [string, ...string[]];
  for (const n of [full, ...rest]) if (!CANONICAL.has(n)) CANONICAL.set(n, full);
}

/** A first name's full form ("bob" → "robert"), folded. */
export function canonicalFirstName(name: string): string {
  const f = foldName(name);
  return CANONICAL.get(f) ?? f;
}

const SOUNDEX_CODES: Record<string, string> = {
  b: '1',
  f: '1',
  p: '1',
  v: '1',
  c: '2',
  g: '2',
  j: '2',
  k: '2',
  q: '2',
  s: '2',
  x: '2',
  z: '2',
  d: '3',
  t: '3',
  l: '4',
  m: '5',
  n: '5',
  r: '6',
};

/**
 * American Soundex of a name (folded first: accents and case do not matter): its first letter and three digits for
 * the consonants that follow, so Smith and Smyth, Hartley and Hertley share a code. The scan's sound-alike block.
 */
export function soundex(name: string): string {
  const letters = foldName(name).replace(/[^a-z]/g, '');
  if (!letters) return '';
  let out = letters[0]!.toUpperCase();
  let last = SOUNDEX_CODES[letters[0]!] ?? '';
  for (const ch of letters.slice(1)) {
    const code = SOUNDEX_CODES[ch] ?? '';
    // h and w do not separate two letters of the same code; vowels do.
    if (code && code !== last) out += code;
    if (ch !== 'h' && ch !== 'w') last = code;
    if (out.length === 4) break;
  }
  return out.padEnd(4, '0');
}

/** Jaro-Winkler similarity in [0, 1]: 1 for equal strings, more weight on a common beginning. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (!bMatched[j] && a[i] === b[j]) {
        aMatched[i] = true;
        bMatched[j] = true;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix++;
  return Math.min(1, jaro + prefix * 0.1 * (1 - jaro));
}

/** How alike two people's names are (0-1): nicknames count as the same first name; swapped names are noticed. */
export function personNameSimilarity(
  a: { firstName: string; lastName: string },
  b: { firstName: string; lastName: string },
): number {
  const af = canonicalFirstName(a.firstName);
  const bf = canonicalFirstName(b.firstName);
  const al = foldName(a.lastName);
  const bl = foldName(b.lastName);
  if (!af && !al) return 0;
  if (af === bf && al === bl) return 1;
  const straight = jaroWinkler(`${af} ${al}`.trim(), `${bf} ${bl}`.trim());
  const swapped = jaroWinkler(
    `${af} ${al}`.trim(),
    `${foldName(b.lastName)} ${canonicalFirstName(b.firstName)}`.trim(),
  );
  // Both halves must be alike: "Ann Smith" and "Anna Smyth" are, "John Smith" and "Jane Smith" are not.
  const halves = Math.min(jaroWinkler(af, bf), jaroWinkler(al, bl));
  return Math.max(Math.min(straight, halves + 0.05), swapped === 1 ? 0.95 : 0);
}

const LEGAL_FORMS = new Set(
  'ltd limited inc incorporated llc llp plc gmbh ag sa sas sarl srl spa bv nv co company corp corporation group holdings the'.split(
    ' ',
  ),
);

/** A company name without its legal form and punctuation ("The ACME Co., Ltd." → "acme"). */
export function companyNameKey(name: string): string {
  return foldName(name)
    .split(' ')
    .filter((w) => w !== '' && !LEGAL_FORMS.has(w))
    .join(' ');
}

/** How alike two company names are (0-1), legal forms aside. */
export function companyNameSimilarity(a: string, b: string): number {
  const ka = companyNameKey(a);
  const kb = companyNameKey(b);
  if (!ka || !kb) return 0;
  return jaroWinkler(ka, kb);
}
