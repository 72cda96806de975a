import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Drawer,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
} from 'antd';
import { useState } from 'react';
import { get, post } from '../api';
import { useSession } from '../auth';
import { applyApiErrors } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useReference } from '../components/useReference';
import { useT } from '../i18n';

interface BuildingRow {
  id: string;
  name: string;
  address: string;
  gridCode: string;
  floors?: number;
  roomCount?: number;
}

interface Room {
  code: string;
  residents: number;
  registration: Record<string, number>;
}

interface BuildingView extends BuildingRow {
  rooms: Room[];
}

/** How a room is coloured: empty, only registered residents, any floating, any overseas. */
function occupancy(room: Room): 'vacant' | 'resident' | 'floating' | 'overseas' {
  if (room.residents === 0) return 'vacant';
  if ((room.registration.overseas ?? 0) > 0) return 'overseas';
  if ((room.registration.floating ?? 0) > 0) return 'floating';
  return 'resident';
}

const COLOURS = { vacant: '#d9d9d9', resident: '#52c41a', floating: '#fa8c16', overseas: '#722ed1' } as const;

/** The rooms of a building, coloured by who lives there. */
function BuildingDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const t = useT();
  const { data } = useLoad(() => get<BuildingView>(`/api/buildings/${encodeURIComponent(id)}`), [id]);
  return (
    <Drawer
      open
      width={Math.min(640, window.innerWidth)}
      onClose={onClose}
      title={data?.name}
      data-testid="building-view"
    >
      {data && (
        <>
          <p>{data.address}</p>
          <Space wrap style={{ marginBottom: 12 }}>
            {(Object.keys(COLOURS) as (keyof typeof COLOURS)[]).map((k) => (
              <Tag key={k} color={COLOURS[k]}>
                {t(`building.occupancy.${k}`)}
              </Tag>
            ))}
          </Space>
          <Row gutter={[8, 8]}>
            {data.rooms.map((room) => {
              const kind = occupancy(room);
              return (
                <Col key={room.code} xs={8} sm={6}>
                  <Tooltip title={t('building.residents', { n: room.residents })}>
                    <div
                      data-testid={`room-${room.code}`}
                      data-occupancy={kind}
                      style={{
                        background: COLOURS[kind],
                        color: '#fff',
                        padding: 8,
                        borderRadius: 4,
                        textAlign: 'center',
                      }}
                    >
                      {room.code}
                      <br />
                      {room.residents}
                    </div>
                  </Tooltip>
                </Col>
              );
            })}
          </Row>
        </>
      )}
    </Drawer>
  );
}

/** 房屋: buildings of the tenant with their rooms; add a building (rooms as a list of codes). */
export default function BuildingsPage() {
  const t = useT();
  const { message } = App.useApp();
  const { roles } = useSession();
  const reference = useReference();
  const [gridCode, setGridCode] = useState<string | undefined>();
  const [q, setQ] = useState<string | undefined>();
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [form] = Form.useForm<{ name: string; address: string; gridCode: string; floors?: number; rooms?: string }>();
  const list = useLoad(
    () => get<{ items: BuildingRow[] }>('/api/buildings', { gridCode, q, limit: 50 }),
    [gridCode, q],
  );
  const canWrite = roles.some((r) => r === 'tenant_admin' || r === 'grid_worker');
  const gridOptions = reference.grids.map((g) => ({ value: g.code, label: `${g.name} (${g.code})` }));

  async function create(values: { name: string; address: string; gridCode: string; floors?: number; rooms?: string }) {
    setError('');
    try {
      const rooms = (values.rooms ?? '')
        .split(/[,，、\s]+/)
        .filter(Boolean)
        .map((code) => ({ code }));
      await post('/api/buildings', { ...values, rooms });
      message.success(t('building.saved'));
      form.resetFields();
      list.reload();
    } catch (e) {
      setError(applyApiErrors(form, e, t));
    }
  }

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={canWrite ? 15 : 24}>
        <Card title={t('nav.buildings')}>
          <Space wrap style={{ marginBottom: 12 }}>
            <Input.Search allowClear placeholder={t('building.searchHint')} onSearch={(v) => setQ(v || undefined)} />
            <Select
              allowClear
              style={{ width: 240 }}
              placeholder={t('people.grid')}
              options={gridOptions}
              onChange={setGridCode}
            />
          </Space>
          <Table<BuildingRow>
            rowKey="id"
            size="middle"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            pagination={false}
            data-testid="buildings-table"
            onRow={(b) => ({ onClick: () => setOpen(b.id) })}
            columns={[
              { title: t('building.name'), dataIndex: 'name' },
              { title: t('building.address'), dataIndex: 'address' },
              { title: t('people.grid'), dataIndex: 'gridCode' },
              { title: t('building.rooms'), dataIndex: 'roomCount' },
            ]}
          />
        </Card>
      </Col>
      {canWrite && (
        <Col xs={24} lg={9}>
          <Card title={t('building.add')}>
            {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
            <Form form={form} layout="vertical" onFinish={create}>
              <Form.Item name="name" label={t('building.name')} rules={[{ required: true }]}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="address" label={t('building.address')} rules={[{ required: true }]}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="gridCode" label={t('people.grid')} rules={[{ required: true }]}>
                <Select options={gridOptions} />
              </Form.Item>
              <Form.Item name="floors" label={t('building.floors')}>
                <InputNumber min={1} max={200} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="rooms" label={t('building.roomCodes')}>
                <Input.TextArea placeholder="101, 102, 201, 202" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block>
                {t('building.save')}
              </Button>
            </Form>
          </Card>
        </Col>
      )}
      {open && <BuildingDrawer id={open} onClose={() => setOpen(null)} />}
    </Row>
  );
}
