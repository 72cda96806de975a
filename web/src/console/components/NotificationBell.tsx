import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { listNotifications, markAllNotificationsRead, markNotificationRead, type NotificationItem } from '../cases';
import { useT } from '../i18n';
import { formatTime } from './DeadlineTag';

/** How often the bell asks for new work (a page of 10 and a counter: two small reads). */
const POLL_MS = 30_000;

const KINDS = ['dispatched', 'returned', 'reworked', 'supervised', 'extension_granted', 'extension_rejected'] as const;

/** The header's bell: the unread count of new work, and a dropdown of the latest notices (a click opens the case). */
export function NotificationBell() {
  const t = useT();
  const navigate = useNavigate();
  const [data, setData] = useState<{ items: NotificationItem[]; unread: number }>({ items: [], unread: 0 });
  const [open, setOpen] = useState(false);
  const load = useCallback(async () => {
    try {
      setData(await listNotifications());
    } catch {
      // the bell is a hint: a failed poll keeps the last count and tries again on the next tick
    }
  }, []);
  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [load]);

  const kindText = (kind: string) =>
    (KINDS as readonly string[]).includes(kind) ? t(`bell.kind.${kind as (typeof KINDS)[number]}`) : kind;

  const content = (
    <div style={{ width: 320 }} data-testid="bell-list">
      <List
        size="small"
        dataSource={data.items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bell.empty')} /> }}
        renderItem={(n) => (
          <List.Item
            data-testid={`bell-item-${n.caseId}`}
            style={{ cursor: 'pointer', opacity: n.read ? 0.6 : 1 }}
            onClick={async () => {
              setOpen(false);
              if (!n.read) await markNotificationRead(n.id).catch(() => undefined);
              navigate(`/cases/${encodeURIComponent(n.caseId)}`);
              void load();
            }}
          >
            <Space direction="vertical" size={0} style={{ width: '100%' }}>
              <Space size={4}>
                {!n.read && <Badge status="processing" />}
                <Typography.Text strong>{kindText(n.kind)}</Typography.Text>
                <Typography.Text type="secondary">{n.number ?? ''}</Typography.Text>
              </Space>
              <Typography.Text ellipsis style={{ maxWidth: 300 }}>
                {n.summary}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatTime(n.at)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </div>
  );

  return (
    <Popover
      trigger="click"
      open={open}
      onOpenChange={(v) => {
        setOpen(v);
        if (v) void load();
      }}
      title={
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <span>{t('bell.title')}</span>
          <Button
            size="small"
            type="link"
            disabled={data.unread === 0}
            data-testid="bell-read-all"
            onClick={async () => {
              await markAllNotificationsRead().catch(() => undefined);
              void load();
            }}
          >
            {t('bell.readAll')}
          </Button>
        </Space>
      }
      content={content}
      placement="bottomRight"
    >
      <Badge count={data.unread} size="small" data-testid="bell-count" data-count={data.unread}>
        <Button size="small" type="text" icon={<BellOutlined />} aria-label={t('bell.title')} data-testid="bell" />
      </Badge>
    </Popover>
  );
}
