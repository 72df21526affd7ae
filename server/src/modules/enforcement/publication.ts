import type { PublicDecision } from './enforcement.schemas.ts';

/**
 * What the public site shows of a decision: an organization by its name and unified credit code
 * (public facts about a legal person), a natural person by neither: "个人" only. Any run of
 * digits long enough to be an ID, phone or bank number is blanked in the free text, and so is the
 * person's name wherever the facts repeat it.
 */
export function publicText(m: {
  party_kind: string;
  party_name: string;
  credit_code: string | null;
  title: string;
  facts: string;
  penalty: string | null;
  legal_basis: string | null;
  document_number: string | null;
  decided_on: string;
}): Omit<PublicDecision, 'publishedAt'> {
  const person = m.party_kind === 'person';
  const scrub = (text: string) => {
    let out = text.replace(/\d[\d\s-]{6,}[\dXx]/g, '***');
    if (person && m.party_name) out = out.split(m.party_name).join(`${m.party_name.slice(0, 1)}某`);
    // Phone numbers and ID numbers written with separators or in part still have 7+ digits.
    return out;
  };
  return {
    documentNumber: m.document_number ?? '',
    decidedOn: m.decided_on,
    party: person ? '个人' : m.party_name,
    creditCode: person ? null : m.credit_code,
    title: scrub(m.title),
    facts: scrub(m.facts),
    penalty: scrub(m.penalty ?? ''),
    legalBasis: m.legal_basis ?? '',
  };
}
