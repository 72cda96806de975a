import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Table, Typography, Upload } from 'antd';
import type { Polygon } from 'geojson';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, asList } from '../../shared/api-error';
import { get, post, put } from '../api';
import { useSession } from '../auth';
import { applyApiErrors, errorText } from '../components/errors';
import { PageLoading } from '../components/PageLoading';
import { useLoad } from '../components/useLoad';
import { useReference } from '../components/useReference';
import { addCorner, MIN_CORNERS, ringPolygon } from '../draw';
import { GRID_CODE, parseGrids } from '../geojson';
import { useT } from '../i18n';
import type { Grid, LatLng, User } from '../types';

const DrawMap = lazy(() => import('../components/DrawMap'));

interface GridForm {
  code: string;
  name: string;
  polygon?: string;
  workerIds?: string[];
}

const isPolygonPath = (path?: string) => path === 'polygon' || !!path?.startsWith('polygon.');

/**
 * 网格: coded cells with boundaries — drawn on the map (click corners, close the ring), pasted or imported as
 * GeoJSON — and their grid workers. A grid can be redrawn: the server keeps its earlier boundaries.
 */
export default function GridsPage() {
  const t = useT();
  const { message } = App.useApp();
  const { tenant } = useSession();
  const reference = useReference();
  const [form] = Form.useForm<GridForm>();
  const [error, setError] = useState('');
  const [drawError, setDrawError] = useState('');
  const [corners, setCorners] = useState<LatLng[]>([]);
  const [closed, setClosed] = useState(false);
  const [redrawing, setRedrawing] = useState<Grid | null>(null);
  const [saving, setSaving] = useState(false);
  const drawArea = useRef<HTMLHeadingElement>(null);
  const { data: users } = useLoad(() => get('/api/users').then(asList<User>), []);
  const workers = (users ?? []).filter((u) => u.roles?.includes('grid_worker'));

  // after a reload (a 409 reloads) the grid being redrawn carries the server's current version
  useEffect(() => {
    setRedrawing((r) => (r ? (reference.grids.find((g) => g.code === r.code) ?? r) : r));
  }, [reference.grids]);

  const others = useMemo(
    () => reference.grids.filter((g) => g.code !== redrawing?.code),
    [reference.grids, redrawing?.code],
  );

  function clearDrawing() {
    setCorners([]);
    setClosed(false);
    setDrawError('');
  }

  function reset() {
    form.resetFields();
    clearDrawing();
    setRedrawing(null);
    setError('');
  }

  function closeRing() {
    if (corners.length < MIN_CORNERS) {
      setDrawError(t('grid.drawNeedRing'));
      return;
    }
    setDrawError('');
    setClosed(true);
  }

  function startRedraw(g: Grid) {
    setRedrawing(g);
    setError('');
    clearDrawing();
    form.resetFields();
    form.setFieldsValue({ code: g.code, name: g.name, workerIds: g.workerIds ?? [] });
    drawArea.current?.scrollIntoView?.({ behavior: 'smooth', block: 'center' });
  }

  /** A new grid (POST) or the grid being redrawn (PUT with its version); errors go next to their fields. */
  async function save(v: GridForm, polygon: Polygon | undefined, drawn: boolean) {
    setError('');
    setDrawError('');
    setSaving(true);
    try {
      const workerIds = v.workerIds?.length ? v.workerIds : undefined;
      if (redrawing) {
        await put(`/api/grids/${encodeURIComponent(redrawing.code)}`, {
          code: redrawing.code,
          name: v.name,
          polygon,
          workerIds: workerIds ?? [],
          version: redrawing.version,
        });
      } else {
        await post('/api/grids', { code: v.code, name: v.name, polygon, workerIds });
      }
      message.success(t('common.saved'));
      reset();
      reference.reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && redrawing) {
        setError(t('grid.conflict'));
        reference.reload();
      } else if (e instanceof ApiError && drawn && e.details.some((d) => isPolygonPath(d.path))) {
        // the drawn boundary has no form field: its messages go under the map, the rest next to their fields
        setDrawError(
          e.details
            .filter((d) => isPolygonPath(d.path))
            .map((d) => d.message)
            .join('；'),
        );
        const rest = e.details.filter((d) => !isPolygonPath(d.path));
        if (rest.length) setError(applyApiErrors(form, new ApiError(e.status, e.code, e.message, rest), t));
      } else {
        setError(applyApiErrors(form, e, t));
      }
    } finally {
      setSaving(false);
    }
  }

  /** 保存: the drawn ring as the boundary. */
  async function saveDrawn() {
    if (!closed) {
      setDrawError(t('grid.drawNeedRing'));
      return;
    }
    let v: GridForm;
    try {
      v = await form.validateFields(['code', 'name', 'workerIds']);
    } catch {
      return;
    }
    await save(v, ringPolygon(corners), true);
  }

  /** The GeoJSON form: the pasted polygon (a redraw with nothing pasted keeps the boundary, e.g. a rename). */
  async function onFinish(v: GridForm) {
    setError('');
    let polygon: Polygon | undefined;
    try {
      polygon = v.polygon?.trim() ? parseGrids(v.polygon)[0]?.polygon : redrawing?.polygon;
    } catch (e) {
      setError(e instanceof SyntaxError ? t('common.invalidJson') : errorText(e, t));
      return;
    }
    await save(v, polygon, false);
  }

  /** A file with one polygon fills the form; a collection of coded features creates every grid. */
  async function importFile(file: File) {
    setError('');
    try {
      const grids = parseGrids(await file.text());
      const complete = grids.filter((g) => g.code && GRID_CODE.test(g.code) && g.name);
      if (grids.length === 1 && complete.length === 0) {
        form.setFieldValue('polygon', JSON.stringify(grids[0]?.polygon));
        return;
      }
      for (const g of complete) await post('/api/grids', { code: g.code, name: g.name, polygon: g.polygon });
      message.success(t('grid.imported', { n: complete.length }));
      reference.reload();
    } catch (e) {
      setError(e instanceof SyntaxError ? t('common.invalidJson') : errorText(e, t));
    }
  }

  return (
    <Card title={t('nav.grids')}>
      {redrawing && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('grid.redrawing', { code: redrawing.code, name: redrawing.name })}
          action={
            <Button size="small" onClick={reset} data-testid="grid-redraw-cancel">
              {t('grid.cancelRedraw')}
            </Button>
          }
        />
      )}
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="code"
              label={t('common.code')}
              rules={[{ required: true, pattern: GRID_CODE, message: t('grid.codeInvalid') }]}
            >
              <Input inputMode="numeric" maxLength={15} disabled={!!redrawing} data-testid="grid-code" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="name" label={t('common.name')} rules={[{ required: true }]}>
              <Input data-testid="grid-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="workerIds" label={t('grid.workers')}>
              <Select
                mode="multiple"
                optionFilterProp="label"
                options={workers.map((u) => ({ value: u.id, label: u.name ?? u.email }))}
                data-testid="grid-workers"
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} lg={15}>
            <Typography.Title level={5} ref={drawArea}>
              {t('grid.draw')}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{t('grid.drawHint')}</Typography.Paragraph>
            <Suspense fallback={<PageLoading />}>
              <DrawMap
                corners={corners}
                closed={closed}
                others={others}
                replacing={redrawing?.polygon}
                onAdd={(p) => setCorners((c) => addCorner(c, p))}
                onClose={closeRing}
                center={tenant?.location}
              />
            </Suspense>
            <Space wrap style={{ marginTop: 8 }}>
              <Button
                onClick={() => {
                  setClosed(false);
                  setCorners((c) => (closed ? c : c.slice(0, -1)));
                }}
                disabled={corners.length === 0}
                data-testid="grid-draw-undo"
              >
                {t('grid.drawUndo')}
              </Button>
              <Button onClick={clearDrawing} disabled={corners.length === 0} data-testid="grid-draw-clear">
                {t('grid.drawClear')}
              </Button>
              <Button
                onClick={closeRing}
                disabled={closed || corners.length < MIN_CORNERS}
                data-testid="grid-draw-finish"
              >
                {t('grid.drawFinish')}
              </Button>
              <Typography.Text type={closed ? 'success' : 'secondary'} data-testid="grid-draw-status">
                {closed ? t('grid.drawClosed', { n: corners.length }) : t('grid.drawCorners', { n: corners.length })}
              </Typography.Text>
            </Space>
            {drawError && (
              <Alert type="error" title={drawError} style={{ marginTop: 8 }} data-testid="grid-draw-error" />
            )}
            <Space wrap style={{ marginTop: 16 }}>
              <Button type="primary" loading={saving} onClick={() => void saveDrawn()} data-testid="grid-save">
                {redrawing ? t('grid.saveBoundary') : t('grid.save')}
              </Button>
              {redrawing && <Button onClick={reset}>{t('grid.cancelRedraw')}</Button>}
            </Space>
          </Col>
          <Col xs={24} lg={9}>
            <Typography.Title level={5}>{t('grid.geojson')}</Typography.Title>
            <Form.Item name="polygon" label={t('grid.polygon')}>
              <Input.TextArea
                rows={8}
                placeholder='{"type":"Polygon","coordinates":[[[117.70,39.02],…]]}'
                data-testid="grid-polygon"
              />
            </Form.Item>
            <Space wrap>
              <Button htmlType="submit" loading={saving} data-testid="grid-submit">
                {redrawing ? t('grid.saveBoundary') : t('grid.createFromGeojson')}
              </Button>
              <Upload
                accept=".geojson,.json,application/geo+json,application/json"
                showUploadList={false}
                beforeUpload={(file) => {
                  void importFile(file);
                  return false;
                }}
              >
                <Button data-testid="grid-import">{t('grid.import')}</Button>
              </Upload>
            </Space>
          </Col>
        </Row>
        {error && <Alert type="error" title={error} style={{ marginTop: 16 }} data-testid="grid-error" />}
      </Form>
      <Table<Grid>
        rowKey="code"
        size="small"
        style={{ marginTop: 16 }}
        dataSource={reference.grids}
        data-testid="grids-table"
        onRow={(g) => ({ 'data-testid': `grid-row-${g.code}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('common.code'), dataIndex: 'code' },
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('grid.polygon'), dataIndex: 'polygon', render: (p?: Grid['polygon']) => (p ? '✓' : '') },
          { title: t('grid.workers'), dataIndex: 'workerIds', render: (w?: string[]) => w?.length ?? 0 },
          {
            title: t('grid.history'),
            key: 'history',
            render: (_: unknown, g: Grid) => (
              <span data-testid={`grid-history-${g.code}`}>{g.history?.length ?? 0}</span>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, g: Grid) => (
              <Button size="small" type="link" onClick={() => startRedraw(g)} data-testid={`grid-redraw-${g.code}`}>
                {t('grid.redraw')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
