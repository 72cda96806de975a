/** A person as the API shows it (ID number and phone masked unless revealed). */
export interface PersonRow {
  id: string;
  name: string;
  idNumber: string;
  phone?: string;
  gender: 'male' | 'female';
  birthDate: string;
  registration: 'resident' | 'floating' | 'overseas';
  gridCode?: string;
  residence?: { buildingId: string; roomCode: string };
  address?: string;
  origin?: string;
  arrivedAt?: string;
  leftAt?: string;
  status: 'present' | 'left';
  tags: string[];
  version: number;
  history?: { type: string; at: string; date?: string; actor: string; actorName?: string }[];
}

/** The population structure of one place. */
export interface PopulationRow {
  key: string;
  name?: string;
  total: number;
  registration: Record<string, number>;
  gender: Record<string, number>;
  ageBands: Record<string, number>;
  originProvince: Record<string, number>;
  floatingArrivals: Record<string, number>;
  floatingDepartures: Record<string, number>;
}

/** Who may reveal, and who may write (the server decides; the console only hides buttons). */
export const canReveal = (roles: readonly string[]) =>
  roles.some((r) => r === 'tenant_admin' || r === 'leader' || r === 'grid_worker');
export const canWritePeople = (roles: readonly string[]) =>
  roles.some((r) => r === 'tenant_admin' || r === 'grid_worker');
