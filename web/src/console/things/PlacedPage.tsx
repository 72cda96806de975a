import { Alert, Card, Col, Descriptions, Row, Skeleton, Tag } from 'antd';
import { useParams } from 'react-router';
import { ApiError, get } from '../api';
import { CaseTable } from '../components/CaseTable';
import { errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { departmentName, gridName, useReference } from '../components/useReference';
import { useT } from '../i18n';
import type { CaseItem } from '../types';
import type { CameraRow, ThingRow } from './types';

/** A 部件 (`/things/:id`) or a camera point (`/cameras/:id`): its fields and the cases that name it. */
export default function PlacedPage({ kind }: { kind: 'thing' | 'camera' }) {
  const t = useT();
  const { id = '' } = useParams();
  const reference = useReference();
  const base = kind === 'thing' ? '/api/things' : '/api/cameras';
  const record = useLoad(() => get<ThingRow | CameraRow>(`${base}/${encodeURIComponent(id)}`), [base, id]);
  const cases = useLoad(
    () => get<{ items: CaseItem[] }>(`${base}/${encodeURIComponent(id)}/cases`, { limit: 50 }),
    [base, id],
  );
  if (record.error) {
    const notFound = record.error instanceof ApiError && record.error.status === 404;
    return <Alert type="error" title={notFound ? t('placed.notFound') : errorText(record.error, t)} />;
  }
  const r = record.data;
  if (!r) return <Skeleton active />;
  const thing = kind === 'thing' ? (r as ThingRow) : undefined;
  const camera = kind === 'camera' ? (r as CameraRow) : undefined;
  return (
    <Row gutter={[16, 16]} data-testid={`${kind}-page`}>
      <Col xs={24} lg={10}>
        <Card title={thing ? `${thing.name} · ${t('placed.thing')}` : `${camera?.name} · ${t('placed.camera')}`}>
          <Descriptions column={1} size="small">
            {thing && (
              <>
                <Descriptions.Item label={t('placed.code')}>{thing.code}</Descriptions.Item>
                <Descriptions.Item label={t('placed.class')}>
                  {thing.majorName} / {thing.className} ({thing.categoryCode})
                </Descriptions.Item>
                <Descriptions.Item label={t('placed.maintainer')}>
                  {thing.maintainerDepartmentId ? departmentName(reference, thing.maintainerDepartmentId) : ''}
                </Descriptions.Item>
                <Descriptions.Item label={t('placed.status')}>
                  <Tag>{t(`thing.status.${thing.status}`)}</Tag>
                </Descriptions.Item>
              </>
            )}
            {camera && (
              <>
                <Descriptions.Item label={t('placed.deviceId')}>{camera.deviceId}</Descriptions.Item>
                <Descriptions.Item label={t('placed.status')}>
                  <Tag>{t(`camera.status.${camera.status}`)}</Tag>
                </Descriptions.Item>
              </>
            )}
            <Descriptions.Item label={t('placed.owner')}>{r.owner}</Descriptions.Item>
            <Descriptions.Item label={t('case.grid')}>{gridName(reference, r.gridCode)}</Descriptions.Item>
            <Descriptions.Item label={t('case.address')}>{r.address}</Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={t('placed.cases')} data-testid={`${kind}-cases`}>
          <CaseTable items={cases.data?.items ?? []} loading={cases.loading} reference={reference} />
        </Card>
      </Col>
    </Row>
  );
}
