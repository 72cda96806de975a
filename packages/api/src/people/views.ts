import type { Household, Person } from '@civicgrid/domain';
import { maskIdNumber, maskPhone } from '@civicgrid/domain';

/** A person as clients see it: ID number and phone masked unless this is a reveal (PIPL). */
export function personView(person: Person, options: { reveal?: boolean } = {}) {
  const { createdBy: _by, ...rest } = person;
  return {
    ...rest,
    idNumber: options.reveal ? person.idNumber : maskIdNumber(person.idNumber),
    ...(person.phone ? { phone: options.reveal ? person.phone : maskPhone(person.phone) } : {}),
    originProvince: person.regionCode.slice(0, 2),
    masked: !options.reveal,
  };
}

/** A household as clients see it. */
export function householdView(household: Household) {
  return household;
}
