import { Alert, App, Button, Card, Col, Descriptions, Row, Skeleton, Space } from 'antd';
import { lazy, Suspense } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, getFile } from '../api';
import { useSession } from '../auth';
import { client, ok } from '../client';
import { ActionPanel } from '../components/ActionPanel';
import { CaseFlags } from '../components/CaseFlags';
import { CaseTimeline } from '../components/CaseTimeline';
import { DeadlineTag, formatTime } from '../components/DeadlineTag';
import { EvidenceList } from '../components/EvidenceList';
import { errorText } from '../components/errors';
import { StepTag } from '../components/StepTag';
import { useLoad } from '../components/useLoad';
import { categoryName, departmentName, gridName, useReference } from '../components/useReference';
import { useT } from '../i18n';
import { type CaseDetail, extensionStatus } from '../types';

const PointMap = lazy(() => import('../components/PointMap'));

/** Every file of a case: the citizen's photos, then the evidence attached to events (handling photos, …). */
function evidenceKeys(c: CaseDetail): string[] {
  return [...new Set([...(c.photos ?? []), ...c.events.flatMap((e) => e.evidence ?? [])])];
}

const SOURCES = ['citizen', 'grid_worker', 'staff', 'open311', 'video'] as const;

/**
 * An incident of a dispute category not yet dispatched may become a dispute file (the API checks again): the
 * centre and the tenant admin convert it.
 */
function convertible(item: CaseDetail, roles: readonly string[], category: string): boolean {
  const open = item.step === 'reported' || item.step === 'registered';
  const dispute = /dispute|jiufen/i.test(item.categoryCode ?? '') || /纠纷|矛盾/.test(category);
  return open && dispute && roles.some((r) => r === 'dispatcher' || r === 'tenant_admin');
}

/** One case: its fields, map pin, photos, history and the actions open to the user. */
export default function CaseDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const reference = useReference();
  const { roles } = useSession();
  const {
    data: item,
    error,
    loading,
    reload,
  } = useLoad(
    () =>
      ok(client.GET('/api/cases/{id}', { params: { path: { id } } })).then((c) => ({ ...c, events: c.events ?? [] })),
    [id],
  );

  if (error) {
    const notFound = error instanceof ApiError && (error.status === 404 || error.status === 403);
    return <Alert type="error" title={notFound ? t('case.notFound') : errorText(error, t)} data-testid="case-error" />;
  }
  if (!item) return <Skeleton active loading={loading} />;
  const extension = typeof item.extension === 'object' && extensionStatus(item) ? item.extension : undefined;
  const parked = typeof item.parked === 'object' ? item.parked : undefined;

  return (
    <Row gutter={[16, 16]} data-testid="case-detail" data-step={item.step} data-version={item.version}>
      <Col xs={24} lg={14}>
        <Card
          title={item.number ?? item.trackingCode ?? item.id}
          extra={
            <Space wrap>
              <CaseFlags item={item} />
              <StepTag step={item.step} />
              {item.departmentId && <PrintButton caseId={item.id} kind="dispatch" />}
              {item.closedAt && <PrintButton caseId={item.id} kind="close" />}
            </Space>
          }
        >
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('case.description')}>
              <span data-testid="case-description" style={{ whiteSpace: 'pre-wrap' }}>
                {item.description}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('case.category')}>
              {categoryName(reference, item.categoryCode)}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.grid')}>{gridName(reference, item.gridCode)}</Descriptions.Item>
            <Descriptions.Item label={t('case.department')}>
              {departmentName(reference, item.departmentId)}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.deadline')}>
              <DeadlineTag item={item} />
            </Descriptions.Item>
            {item.urgency && (
              <Descriptions.Item label={t('case.urgency')}>{t(`urgency.${item.urgency}`)}</Descriptions.Item>
            )}
            {item.trackingCode && item.number && (
              <Descriptions.Item label={t('case.id')}>{item.trackingCode}</Descriptions.Item>
            )}
            {item.assistingDepartmentIds && item.assistingDepartmentIds.length > 0 && (
              <Descriptions.Item label={t('case.assisting')}>
                {item.assistingDepartmentIds.map((d) => departmentName(reference, d)).join('、')}
              </Descriptions.Item>
            )}
            {item.checkRequested && (
              <Descriptions.Item label={t('case.awaitingVerification')}>
                {formatTime(item.stepDeadline)}
              </Descriptions.Item>
            )}
            {(item.supervisions ?? []).map((o) => (
              <Descriptions.Item key={o.at} label={t('case.supervisions')}>
                <span data-testid="case-supervision">
                  {formatTime(o.at)} · {o.instruction}
                  {o.dueBy ? ` · ${t('action.dueBy')} ${formatTime(o.dueBy)}` : ''}
                  {o.answer ? ` — ${o.answer}` : ''}
                </span>
              </Descriptions.Item>
            ))}
            {(item.followUps ?? []).map((f) => (
              <Descriptions.Item key={f.at} label={t('case.followUp')}>
                <span data-testid="case-follow-up">
                  {formatTime(f.at)} · {t(`channel.${f.channel}`)} · {t(`satisfaction.${f.satisfaction}`)}
                  {f.note ? ` · ${f.note}` : ''}
                </span>
              </Descriptions.Item>
            ))}
            {Object.entries(item.attributes ?? {}).map(([code, value]) => {
              const question = reference.categories
                .find((c) => c.code === item.categoryCode)
                ?.attributes?.find((a) => a.code === code);
              const named = (k: string) => question?.values?.find((v) => v.key === k)?.name ?? k;
              return (
                <Descriptions.Item key={code} label={question?.description ?? code}>
                  <span data-testid={`case-attribute-${code}`}>
                    {Array.isArray(value) ? value.map(named).join('、') : named(String(value))}
                  </span>
                </Descriptions.Item>
              );
            })}
            <Descriptions.Item label={t('case.address')}>{item.address}</Descriptions.Item>
            {item.cameraId && (
              <Descriptions.Item label={t('case.camera')}>
                <Link to={`/cameras/${encodeURIComponent(item.cameraId)}`} data-testid="case-camera">
                  {t('placed.camera')}
                </Link>
              </Descriptions.Item>
            )}
            {item.thingId && (
              <Descriptions.Item label={t('case.thing')}>
                <Link to={`/things/${encodeURIComponent(item.thingId)}`} data-testid="case-thing">
                  {t('placed.thing')}
                </Link>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('case.created')}>{formatTime(item.createdAt)}</Descriptions.Item>
            {item.source && (
              <Descriptions.Item label={t('case.source')}>
                {(SOURCES as readonly string[]).includes(item.source)
                  ? t(`source.${item.source as (typeof SOURCES)[number]}`)
                  : item.source}
              </Descriptions.Item>
            )}
            {item.reporter && (item.reporter.name || item.reporter.phone) && (
              <Descriptions.Item label={t('case.reporter')}>
                <span data-testid="case-reporter">
                  {[item.reporter.name, item.reporter.phone].filter(Boolean).join(' · ')}
                </span>
              </Descriptions.Item>
            )}
            {extension && (
              <Descriptions.Item label={t('case.extension')}>
                <span data-testid="case-extension" data-status={extension.status}>
                  {t(`extension.${extension.status}`)} · {formatTime(extension.until)} · {extension.reason}
                </span>
              </Descriptions.Item>
            )}
            {parked && (
              <Descriptions.Item label={t('case.parked')}>
                {formatTime(parked.since)} · {parked.reason}
              </Descriptions.Item>
            )}
            {item.rating !== undefined && (
              <Descriptions.Item label={t('case.rating')}>
                <span data-testid="case-rating">
                  {'★'.repeat(item.rating)}
                  {item.ratingComment ? ` ${item.ratingComment}` : ''}
                </span>
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
        <Card title={t('common.actions')} style={{ marginTop: 16 }}>
          <ActionPanel item={item} reference={reference} onDone={reload} />
          {convertible(item, roles, categoryName(reference, item.categoryCode)) ? (
            <Link
              to={`/disputes?fromCase=${encodeURIComponent(item.id)}&summary=${encodeURIComponent((item.description ?? '').slice(0, 200))}`}
            >
              <Button style={{ marginTop: 12 }} data-testid="case-to-dispute">
                {t('case.toDispute')}
              </Button>
            </Link>
          ) : null}
        </Card>
        <Card title={t('case.photos')} style={{ marginTop: 16 }}>
          <EvidenceList caseId={item.id} keys={evidenceKeys(item)} />
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        {item.location && (
          <Card title={t('case.location')} style={{ marginBottom: 16 }}>
            <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 260 }} />}>
              <PointMap value={item.location} />
            </Suspense>
          </Card>
        )}
        <Card title={t('case.timeline')}>
          <CaseTimeline events={item.events} />
        </Card>
      </Col>
    </Row>
  );
}

/** 打印交办单 / 结案单: the server's PDF (Chinese fonts embedded), opened in a new tab for the browser to print. */
function PrintButton({ caseId, kind }: { caseId: string; kind: 'dispatch' | 'close' }) {
  const t = useT();
  const { message } = App.useApp();
  return (
    <Button
      size="small"
      data-testid={`print-${kind}`}
      onClick={async () => {
        try {
          const { blob } = await getFile(`/api/cases/${encodeURIComponent(caseId)}/documents/${kind}`);
          window.open(URL.createObjectURL(blob), '_blank', 'noopener');
        } catch (e) {
          message.error(errorText(e, t));
        }
      }}
    >
      {kind === 'dispatch' ? t('case.printDispatch') : t('case.printClose')}
    </Button>
  );
}
