import { Button, DatePicker, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { asList } from '../../shared/api-error';
import { get } from '../api';
import { useSession } from '../auth';
import { useLoad } from '../components/useLoad';
import { useReference } from '../components/useReference';
import { useT } from '../i18n';
import type { FieldSpec } from './types';

/** The tenant's grid workers (a task's assignee). */
function WorkerSelect(props: { value?: string; onChange?: (v: string) => void }) {
  const { data } = useLoad(
    () => get('/api/users').then(asList<{ id: string; name: string; roles: string[] }>, () => []),
    [],
  );
  const workers = (data ?? []).filter((u) => u.roles.includes('grid_worker'));
  return (
    <Select
      {...props}
      showSearch
      optionFilterProp="label"
      options={workers.map((u) => ({ value: u.id, label: u.name }))}
    />
  );
}

/** The form items of field specs (one column: fits a phone). */
export function FormFields({ fields }: { fields: FieldSpec[] }) {
  const t = useT();
  const { user } = useSession();
  const reference = useReference();
  // a grid worker picks among their own grids
  const grids = user?.gridCodes?.length
    ? reference.grids.filter((g) => user.gridCodes?.includes(g.code))
    : reference.grids;
  return (
    <>
      {fields.map((f) => {
        const rules = f.required ? [{ required: true, message: t('proc.required') }] : [];
        const label = t(f.label as never);
        if (f.type === 'parties') {
          return (
            <Form.List key={f.name} name={f.name} initialValue={[{ role: 'applicant' }]}>
              {(items, { add, remove }) => (
                <Form.Item label={label} required={f.required}>
                  {items.map((item) => (
                    <Space key={item.key} wrap align="baseline">
                      <Form.Item name={[item.name, 'name']} rules={[{ required: true, message: t('proc.required') }]}>
                        <Input placeholder={t('proc.field.name')} />
                      </Form.Item>
                      {f.options ? (
                        <Form.Item name={[item.name, 'role']} initialValue="applicant">
                          <Select
                            style={{ width: 120 }}
                            options={Object.entries(f.options).map(([value, key]) => ({
                              value,
                              label: t(key as never),
                            }))}
                          />
                        </Form.Item>
                      ) : null}
                      <Form.Item name={[item.name, 'phone']}>
                        <Input placeholder={t('proc.field.phone')} />
                      </Form.Item>
                      <Button onClick={() => remove(item.name)}>{t('proc.remove')}</Button>
                    </Space>
                  ))}
                  <Button onClick={() => add({ role: 'respondent' })}>{t('proc.addPerson')}</Button>
                </Form.Item>
              )}
            </Form.List>
          );
        }
        const input =
          f.type === 'textarea' ? (
            <Input.TextArea rows={4} />
          ) : f.type === 'select' ? (
            <Select
              options={Object.entries(f.options ?? {}).map(([value, key]) => ({ value, label: t(key as never) }))}
            />
          ) : f.type === 'grid' ? (
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={grids.map((g) => ({ value: g.code, label: g.name }))}
            />
          ) : f.type === 'department' ? (
            <Select
              showSearch
              optionFilterProp="label"
              options={reference.departments.map((d) => ({ value: d.id, label: d.name }))}
              notFoundContent={t('proc.noDepartments')}
            />
          ) : f.type === 'worker' ? (
            <WorkerSelect />
          ) : f.type === 'datetime' ? (
            <DatePicker showTime style={{ width: '100%' }} />
          ) : f.type === 'number' ? (
            <InputNumber min={0} style={{ width: '100%' }} />
          ) : f.type === 'tags' ? (
            f.options ? (
              <Select
                mode="multiple"
                options={Object.entries(f.options).map(([value, key]) => ({ value, label: t(key as never) }))}
              />
            ) : (
              <Select mode="tags" />
            )
          ) : f.type === 'switch' ? (
            <Switch />
          ) : (
            <Input />
          );
        return (
          <Form.Item
            key={f.name}
            name={f.name}
            label={label}
            rules={rules}
            valuePropName={f.type === 'switch' ? 'checked' : 'value'}
          >
            {input}
          </Form.Item>
        );
      })}
    </>
  );
}

/** Form values → the API body: dates as ISO instants, empty strings dropped. */
export function bodyOf(fields: FieldSpec[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (v === undefined || v === null || v === '') continue;
    if (f.type === 'datetime') out[f.name] = (v as { toISOString(): string }).toISOString();
    else if (f.type === 'parties') {
      out[f.name] = (v as Array<Record<string, string | undefined>>).map((p) =>
        Object.fromEntries(Object.entries(p).filter(([, x]) => x !== undefined && x !== '')),
      );
    } else out[f.name] = v;
  }
  return nest(out);
}

/** `{ "caller.name": "刘某" }` → `{ caller: { name: "刘某" } }` (a form field of a nested object). */
function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let at = out;
    for (const part of parts.slice(0, -1)) {
      if (typeof at[part] !== 'object' || at[part] === null) at[part] = {};
      at = at[part] as Record<string, unknown>;
    }
    at[parts[parts.length - 1] as string] = value;
  }
  return out;
}

/** The value at a dotted path of a record (`caller.name`). */
export function valueAt(record: Record<string, unknown>, path: string): unknown {
  let at: unknown = record;
  for (const part of path.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}
