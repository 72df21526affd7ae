/**
 * The arithmetic of votes, exact: integers only (BigInt), never a fraction or a float.
 *
 * Owners' votes, Civil Code art. 278 and the Supreme People's Court's interpretation on
 * condominium ownership (法释〔2009〕7号, arts. 8–9; docs/self-governance.md):
 * - the electorate is the estate's houses; "area" is their exclusive floor area (hundredths of m²);
 * - "owners" (人数) are counted per voting unit: the houses of the same owner, or of the same set of
 *   co-owners, are one unit and one head; houses with no recorded owner (unsold, or not yet
 *   registered) are together one unit that cannot vote but counts in both denominators;
 * - participation: units holding ≥ 2/3 of the area AND ≥ 2/3 of the heads took part;
 * - an ordinary matter passes with > 1/2 of the participating area AND of the participating heads;
 *   items 6–8 (raise the maintenance fund, rebuild, change the use of common parts or run a
 *   business with them) need ≥ 3/4 of both. An abstention takes part but does not agree.
 */
export type Matter = 'ordinary' | 'fund' | 'rebuild' | 'common_use';
export type Choice = 'yes' | 'no' | 'abstain';
/** Items 6–8 of art. 278. */
export const SPECIAL_MATTERS: readonly Matter[] = ['fund', 'rebuild', 'common_use'];
export const UNOWNED = 'unowned';

export interface HouseInput {
  houseId: string;
  /** Hundredths of m². */
  floorArea: number;
  ownerIds: string[];
}

export interface Unit {
  key: string;
  houseIds: string[];
  ownerIds: string[];
  /** Hundredths of m². */
  area: bigint;
}

/** Groups houses into voting units: one per distinct set of owners, one for all unowned houses. */
export function unitsOf(houses: readonly HouseInput[]): Unit[] {
  const units = new Map<string, Unit>();
  for (const h of houses) {
    const owners = [...new Set(h.ownerIds)].sort();
    const key = owners.length === 0 ? UNOWNED : owners.join(',');
    let u = units.get(key);
    if (!u) {
      u = { key, houseIds: [], ownerIds: owners, area: 0n };
      units.set(key, u);
    }
    u.houseIds.push(h.houseId);
    u.area += BigInt(h.floorArea);
  }
  return [...units.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export interface Counts {
  /** Hundredths of m². */
  area: bigint;
  heads: bigint;
}

export interface OwnersTally {
  total: Counts;
  participating: Counts;
  yes: Counts;
  no: Counts;
  abstain: Counts;
}

export function tallyOwners(
  units: readonly { key: string; area: bigint }[],
  choices: ReadonlyMap<string, Choice>,
): OwnersTally {
  const zero = (): Counts => ({ area: 0n, heads: 0n });
  const t: OwnersTally = { total: zero(), participating: zero(), yes: zero(), no: zero(), abstain: zero() };
  for (const u of units) {
    t.total.area += u.area;
    t.total.heads += 1n;
    const c = u.key === UNOWNED ? undefined : choices.get(u.key);
    if (!c) continue;
    t.participating.area += u.area;
    t.participating.heads += 1n;
    t[c].area += u.area;
    t[c].heads += 1n;
  }
  return t;
}

/** part ≥ num/den of whole, by cross-multiplication. */
export const atLeast = (part: bigint, whole: bigint, num: bigint, den: bigint) => part * den >= whole * num;
/** part > num/den of whole. */
export const moreThan = (part: bigint, whole: bigint, num: bigint, den: bigint) => part * den > whole * num;

export type OwnersOutcome = 'passed' | 'rejected' | 'no_quorum';

export interface OwnersDecision {
  /** ≥ 2/3 of the area took part; ≥ 2/3 of the heads took part. */
  quorumArea: boolean;
  quorumHeads: boolean;
  /** The threshold met by the yes votes, of the participating area and heads. */
  threshold: 'more_than_half' | 'three_quarters';
  approvedArea: boolean;
  approvedHeads: boolean;
  outcome: OwnersOutcome;
}

export function decideOwners(matter: Matter, t: OwnersTally): OwnersDecision {
  const quorumArea = t.total.area > 0n && atLeast(t.participating.area, t.total.area, 2n, 3n);
  const quorumHeads = t.total.heads > 0n && atLeast(t.participating.heads, t.total.heads, 2n, 3n);
  const special = SPECIAL_MATTERS.includes(matter);
  const meets = (part: bigint, whole: bigint) =>
    whole > 0n && (special ? atLeast(part, whole, 3n, 4n) : moreThan(part, whole, 1n, 2n));
  const approvedArea = meets(t.yes.area, t.participating.area);
  const approvedHeads = meets(t.yes.heads, t.participating.heads);
  const outcome: OwnersOutcome =
    !quorumArea || !quorumHeads ? 'no_quorum' : approvedArea && approvedHeads ? 'passed' : 'rejected';
  return {
    quorumArea,
    quorumHeads,
    threshold: special ? 'three_quarters' : 'more_than_half',
    approvedArea,
    approvedHeads,
    outcome,
  };
}

/**
 * A simple vote of participants, one person one vote: it passes when the yes votes are more than
 * half of the votes cast (abstentions are cast) or, by the other basis, of all participants.
 */
export function decideSimple(
  basis: 'cast' | 'participants',
  participants: number,
  choices: ReadonlyMap<string, Choice>,
) {
  let yes = 0n;
  let no = 0n;
  let abstain = 0n;
  for (const c of choices.values()) {
    if (c === 'yes') yes += 1n;
    else if (c === 'no') no += 1n;
    else abstain += 1n;
  }
  const cast = yes + no + abstain;
  const whole = basis === 'cast' ? cast : BigInt(participants);
  const passed = whole > 0n && moreThan(yes, whole, 1n, 2n);
  return {
    participants,
    cast: Number(cast),
    yes: Number(yes),
    no: Number(no),
    abstain: Number(abstain),
    passed,
  };
}

/** Hundredths of m² as "1234.56" (exact). */
export function formatArea(hundredths: bigint | number): string {
  const v = BigInt(hundredths);
  const sign = v < 0n ? '-' : '';
  const a = v < 0n ? -v : v;
  return `${sign}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}
