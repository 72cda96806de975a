import type { Person } from './person';

/**
 * Population counters. Each person who lives in the area adds 1 to `total` and to one counter per structure
 * dimension (registration type, gender, birth year, origin province); arrivals and departures of the floating
 * population add to a per-month counter. Birth years, not ages, are counted, so the counters never go stale as
 * people grow older: age bands are derived from them on read.
 */
export type PopulationCounts = Record<string, number>;

/** What one person contributes to the population counters of the place they are counted in. */
export function populationContribution(person: Person): PopulationCounts {
  const counts: PopulationCounts = {};
  if (person.status === 'present') {
    counts.total = 1;
    counts[`reg:${person.registration}`] = 1;
    counts[`gender:${person.gender}`] = 1;
    counts[`born:${person.birthDate.slice(0, 4)}`] = 1;
    counts[`province:${person.regionCode.slice(0, 2)}`] = 1;
  }
  if (person.registration === 'floating' && person.arrivedAt) counts[`arrived:${person.arrivedAt.slice(0, 7)}`] = 1;
  if (person.registration === 'floating' && person.leftAt) counts[`left:${person.leftAt.slice(0, 7)}`] = 1;
  return counts;
}

/** Age bands of the population pyramid (years, inclusive lower bound). */
export const ageBands = [
  { band: '0-6', from: 0 },
  { band: '7-17', from: 7 },
  { band: '18-34', from: 18 },
  { band: '35-59', from: 35 },
  { band: '60-79', from: 60 },
  { band: '80+', from: 80 },
] as const;

/** The band of someone born in `birthYear`, in `year` (age = year − birth year: counters hold years only). */
export function ageBandOf(birthYear: number, year: number): string {
  const age = year - birthYear;
  let band: string = ageBands[0].band;
  for (const b of ageBands) if (age >= b.from) band = b.band;
  return band;
}

/** The population structure a set of counters describes, as the stats API returns it. */
export interface PopulationStructure {
  total: number;
  registration: Record<string, number>;
  gender: Record<string, number>;
  ageBands: Record<string, number>;
  originProvince: Record<string, number>;
  floatingArrivals: Record<string, number>;
  floatingDepartures: Record<string, number>;
}

/** Turn raw counters into the structure, age bands as of `year`. */
export function populationStructure(counts: PopulationCounts, year: number): PopulationStructure {
  const out: PopulationStructure = {
    total: counts.total ?? 0,
    registration: {},
    gender: {},
    ageBands: Object.fromEntries(ageBands.map((b) => [b.band, 0])),
    originProvince: {},
    floatingArrivals: {},
    floatingDepartures: {},
  };
  for (const [name, value] of Object.entries(counts)) {
    const [kind, key] = name.split(':') as [string, string | undefined];
    if (key === undefined || value === 0) continue;
    if (kind === 'reg') out.registration[key] = value;
    else if (kind === 'gender') out.gender[key] = value;
    else if (kind === 'province') out.originProvince[key] = value;
    else if (kind === 'arrived') out.floatingArrivals[key] = value;
    else if (kind === 'left') out.floatingDepartures[key] = value;
    else if (kind === 'born') {
      const band = ageBandOf(Number(key), year);
      out.ageBands[band] = (out.ageBands[band] ?? 0) + value;
    }
  }
  return out;
}

/** `after − before`, without zero entries: what an update adds to the counters. */
export function countsDelta(before: PopulationCounts, after: PopulationCounts): PopulationCounts {
  const delta: PopulationCounts = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const d = (after[name] ?? 0) - (before[name] ?? 0);
    if (d !== 0) delta[name] = d;
  }
  return delta;
}

/** Add counts together (several places into one). */
export function sumCounts(all: PopulationCounts[]): PopulationCounts {
  const out: PopulationCounts = {};
  for (const counts of all) for (const [k, v] of Object.entries(counts)) out[k] = (out[k] ?? 0) + v;
  return out;
}
