import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tabs, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { get, post } from '../api';
import { useSession } from '../auth';
import { applyApiErrors, errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useReference } from '../components/useReference';
import { useT } from '../i18n';
import { download, ImportPanel } from '../shared/ImportPanel';
import { PersonDrawer } from './PersonDrawer';
import { PopulationCharts } from './PopulationCharts';
import { canWritePeople, type PersonRow, type PopulationRow } from './types';

interface NewPerson {
  name: string;
  idNumber: string;
  registration: PersonRow['registration'];
  phone?: string;
  gridCode?: string;
  origin?: string;
  arrivedAt?: Dayjs;
  tags?: string[];
}

/** 人口: the people of the tenant — search, the person card, entry form, import with progress, export, structure. */
export default function PeoplePage() {
  const t = useT();
  const { message } = App.useApp();
  const { roles } = useSession();
  const reference = useReference();
  const [query, setQuery] = useState<{ q?: string; gridCode?: string; registration?: string }>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [open, setOpen] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<NewPerson>();
  const [error, setError] = useState('');
  const cursor = cursors[cursors.length - 1];
  const list = useLoad(
    () => get<{ items: PersonRow[]; cursor?: string }>('/api/people', { ...query, cursor, limit: 20 }),
    [query, cursor],
  );
  const showStats = roles.some((r) => r === 'tenant_admin' || r === 'leader' || r === 'dispatcher');
  const stats = useLoad(
    () =>
      showStats
        ? get<{ total: PopulationRow }>('/api/stats/population', { groupBy: 'grid' })
        : Promise.resolve(undefined),
    [showStats],
  );
  const reloadAll = useCallback(() => {
    list.reload();
    stats.reload();
  }, [list.reload, stats.reload]);

  async function create(values: NewPerson) {
    setError('');
    try {
      await post('/api/people', {
        ...values,
        arrivedAt: values.arrivedAt?.format('YYYY-MM-DD'),
        phone: values.phone || undefined,
        origin: values.origin || undefined,
      });
      message.success(t('people.saved'));
      form.resetFields();
      setAdding(false);
      reloadAll();
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    }
  }

  const registrationOptions = (['resident', 'floating', 'overseas'] as const).map((r) => ({
    value: r,
    label: t(`people.registration.${r}`),
  }));
  const gridOptions = reference.grids.map((g) => ({ value: g.code, label: `${g.name} (${g.code})` }));

  const listTab = (
    <Card>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          data-testid="people-search"
          placeholder={t('people.searchHint')}
          style={{ width: 280 }}
          onSearch={(q) => {
            setCursors([undefined]);
            setQuery((old) => ({ ...old, q: q || undefined }));
          }}
        />
        <Select
          allowClear
          style={{ width: 240 }}
          placeholder={t('people.grid')}
          options={gridOptions}
          onChange={(gridCode) => {
            setCursors([undefined]);
            setQuery((old) => ({ ...old, gridCode }));
          }}
        />
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t('people.registration')}
          options={registrationOptions}
          onChange={(registration) => {
            setCursors([undefined]);
            setQuery((old) => ({ ...old, registration }));
          }}
        />
        {canWritePeople(roles) && (
          <Button type="primary" data-testid="people-add" onClick={() => setAdding(true)}>
            {t('people.add')}
          </Button>
        )}
        <Button onClick={() => download('/api/exports/people', { format: 'xlsx' }, 'people.xlsx')}>
          {t('people.export')}
        </Button>
      </Space>
      {list.error !== undefined && <Alert type="error" showIcon message={errorText(list.error, t)} />}
      <Table<PersonRow>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        data-testid="people-table"
        onRow={(p) => ({ onClick: () => setOpen(p.id), 'data-testid': `person-row-${p.id}` }) as never}
        columns={[
          { title: t('people.name'), dataIndex: 'name' },
          { title: t('people.idNumber'), dataIndex: 'idNumber' },
          {
            title: t('people.gender'),
            dataIndex: 'gender',
            render: (g: PersonRow['gender']) => t(`people.gender.${g}`),
          },
          { title: t('people.birthDate'), dataIndex: 'birthDate' },
          {
            title: t('people.registration'),
            dataIndex: 'registration',
            render: (r: PersonRow['registration']) => <Tag>{t(`people.registration.${r}`)}</Tag>,
          },
          { title: t('people.grid'), dataIndex: 'gridCode' },
          {
            title: t('people.status'),
            dataIndex: 'status',
            render: (s: PersonRow['status']) => (
              <Tag color={s === 'present' ? 'green' : 'default'}>{t(`people.status.${s}`)}</Tag>
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('people.prev')}
        </Button>
        <Button
          disabled={!list.data?.cursor}
          onClick={() => setCursors((c) => [...c, list.data?.cursor])}
          data-testid="people-next"
        >
          {t('people.next')}
        </Button>
      </Space>
    </Card>
  );

  const tabs = [
    { key: 'list', label: t('people.list'), children: listTab },
    ...(showStats && stats.data
      ? [{ key: 'stats', label: t('people.structure'), children: <PopulationCharts total={stats.data.total} /> }]
      : []),
    ...(roles.includes('tenant_admin')
      ? [
          {
            key: 'import',
            label: t('people.import'),
            children: (
              <Card>
                <ImportPanel entity="people" onDone={reloadAll} />
              </Card>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Tabs items={tabs} data-testid="people-tabs" />
      {open && <PersonDrawer id={open} onClose={() => setOpen(null)} onChanged={reloadAll} />}
      <Modal open={adding} title={t('people.add')} footer={null} onCancel={() => setAdding(false)} destroyOnHidden>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ registration: 'resident' }}>
          <Form.Item name="name" label={t('people.name')} rules={[{ required: true }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="idNumber" label={t('people.idNumber')} rules={[{ required: true }]}>
            <Input maxLength={18} inputMode="numeric" data-testid="person-id-input" />
          </Form.Item>
          <Form.Item name="registration" label={t('people.registration')} rules={[{ required: true }]}>
            <Select options={registrationOptions} />
          </Form.Item>
          <Form.Item name="phone" label={t('people.phone')}>
            <Input maxLength={11} inputMode="tel" />
          </Form.Item>
          <Form.Item name="gridCode" label={t('people.grid')}>
            <Select allowClear options={gridOptions} />
          </Form.Item>
          <Form.Item name="origin" label={t('people.origin')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="arrivedAt" label={t('people.arrivedAt')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="tags" label={t('people.tags')}>
            <Select mode="tags" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block data-testid="person-submit">
            {t('people.save')}
          </Button>
        </Form>
      </Modal>
    </>
  );
}
