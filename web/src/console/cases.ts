import { asList } from '../shared/api-error';
import { get } from './api';
import type { CaseItem, Page } from './types';

export interface CaseQuery {
  step?: string;
  gridCode?: string;
  categoryCode?: string;
  cursor?: string;
  limit?: number;
  [extra: string]: string | number | boolean | undefined;
}

/** One page of `GET /api/cases`. */
export async function listCases(query: CaseQuery): Promise<Page<CaseItem>> {
  const body = await get<{ items?: CaseItem[]; cursor?: string }>('/api/cases', query);
  return { items: asList<CaseItem>(body), cursor: body?.cursor };
}
