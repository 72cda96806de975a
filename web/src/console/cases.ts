import { get, post } from './api';
import type { operations } from './api-schema';
import { client, ok } from './client';
import type { CaseItem, Page } from './types';

type ListCasesQuery = NonNullable<operations['listCases']['parameters']['query']>;

/**
 * The filters of `GET /api/cases`: the names the generated client knows (a filter the server does not take fails
 * the typecheck), the values the pages' filter strings (the server answers 400 naming a value it refuses).
 */
export type CaseQuery = { [K in Exclude<keyof ListCasesQuery, 'limit'>]?: string } & { limit?: number };

/** One page of `GET /api/cases`. */
export async function listCases(query: CaseQuery): Promise<Page<CaseItem>> {
  const { limit, ...filters } = query;
  const params = { ...filters, ...(limit === undefined ? {} : { limit: String(limit) }) } as ListCasesQuery;
  const body = await ok(client.GET('/api/cases', { params: { query: params } }));
  return { items: body.items, cursor: body.cursor };
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

/** The workbench tab numbers (`GET /api/worklists/counts`): open cases by step and the flags. */
export interface WorklistCounts {
  reported: number;
  registered: number;
  dispatched: number;
  handled: number;
  verified: number;
  overdue: number;
  supervised: number;
  extensionPending: number;
}

export const worklistCounts = () => get<WorklistCounts>('/api/worklists/counts');

/** One item's outcome of a bulk action. */
export interface BulkResult {
  id: string;
  ok: boolean;
  status: number;
  error?: { code: string; message: string };
}

/** Dispatch or close several cases, each through its own action (`POST /api/cases-bulk/{action}`). */
export function bulkAction(
  action: 'dispatch' | 'close',
  items: Array<{ id: string; version?: number }>,
  body: Record<string, unknown> = {},
) {
  return post<{ done: number; failed: number; results: BulkResult[] }>(`/api/cases-bulk/${action}`, {
    ...body,
    items,
  });
}

/** A bell notification of new work. */
export interface NotificationItem {
  id: string;
  kind: string;
  caseId: string;
  number?: string;
  summary: string;
  at: string;
  read: boolean;
}

export const listNotifications = () =>
  get<{ items: NotificationItem[]; unread: number }>('/api/notifications', { limit: 10 });
export const markNotificationRead = (id: string) => post(`/api/notifications/${encodeURIComponent(id)}/read`);
export const markAllNotificationsRead = () => post('/api/notifications/read-all');
