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

/** Every case matching `query`, following cursors (100 per page, the server's maximum) up to `maxPages` pages. */
export async function listAllCases(query: CaseQuery, maxPages = 5): Promise<CaseItem[]> {
  const out: CaseItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res = await listCases({ ...query, cursor, limit: 100 });
    out.push(...res.items);
    cursor = res.cursor;
    if (!cursor) break;
  }
  return out;
}
