import type { Db } from '../../db/database.ts';
import type { Pii } from '../../platform/pii.ts';
import { checkIdNumber, checkPhone } from './identity.ts';
import { findRegisteredPerson } from './people.repository.ts';

/**
 * Is there a current person of the district with this name, ID number and phone? Used by the
 * resident sign-up, which must not learn more than yes or no: the answer is the person and their
 * grid, or null whichever of the three did not match (or did not parse).
 */
export async function matchRegisteredPerson(
  db: Db,
  pii: Pii,
  input: { name: string; idNumber: string; phone: string },
): Promise<{ personId: string; gridCode: string; name: string } | null> {
  const id = checkIdNumber(input.idNumber);
  const phone = checkPhone(input.phone);
  if (!id.ok || !phone.ok) return null;
  const person = await findRegisteredPerson(db, pii.hash(id.idNumber));
  if (!person || person.name.trim() !== input.name.trim() || person.phone_hash !== pii.hash(phone.phone))
    return null;
  return { personId: person.id, gridCode: person.grid_code, name: person.name };
}
