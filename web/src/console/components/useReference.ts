import { useMemo } from 'react';
import { asList } from '../../shared/api-error';
import { get } from '../api';
import type { Category, Department, Grid } from '../types';
import { useLoad } from './useLoad';

export interface Reference {
  categories: Category[];
  grids: Grid[];
  departments: Department[];
}

async function loadReference(): Promise<Reference> {
  const [categories, grids, departments] = await Promise.all([
    get('/api/categories').then(asList<Category>, () => []),
    get('/api/grids').then(asList<Grid>, () => []),
    get('/api/departments').then(asList<Department>, () => []),
  ]);
  return { categories, grids, departments };
}

/** Categories, grids and departments for selects and labels. */
export function useReference(): Reference & { reload: () => void } {
  const { data, reload } = useLoad(loadReference, []);
  return useMemo(() => ({ categories: [], grids: [], departments: [], ...data, reload }), [data, reload]);
}

export const categoryName = (ref: Reference, code?: string) =>
  code ? (ref.categories.find((c) => c.code === code)?.name ?? code) : '';
export const gridName = (ref: Reference, code?: string) =>
  code ? (ref.grids.find((g) => g.code === code)?.name ?? code) : '';
export const departmentName = (ref: Reference, id?: string) =>
  id ? (ref.departments.find((d) => d.id === id)?.name ?? id) : '';
