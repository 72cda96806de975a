import { Alert, Button, DatePicker, Descriptions, Drawer, Input, Modal, Space, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { get, post } from '../api';
import { useSession } from '../auth';
import { errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useT } from '../i18n';
import { canReveal, canWritePeople, type PersonRow } from './types';

/** The person card: details (masked), reveal with a reason, move-out, and the history of moves. */
export function PersonDrawer({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: () => void }) {
  const t = useT();
  const { roles } = useSession();
  const { data: person, reload } = useLoad(() => get<PersonRow>(`/api/people/${encodeURIComponent(id)}`), [id]);
  const [revealOpen, setRevealOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [clear, setClear] = useState<{ idNumber: string; phone?: string } | null>(null);
  const [moveOut, setMoveOut] = useState<Dayjs | null>(null);
  const [error, setError] = useState('');

  async function reveal() {
    setError('');
    try {
      setClear(await post(`/api/people/${encodeURIComponent(id)}/reveal`, { reason }));
      setRevealOpen(false);
      setReason('');
    } catch (e) {
      setError(errorText(e, t));
    }
  }

  async function leave() {
    if (!moveOut || !person) return;
    setError('');
    try {
      await post(`/api/people/${encodeURIComponent(id)}/move-out`, {
        at: moveOut.format('YYYY-MM-DD'),
        version: person.version,
      });
      setMoveOut(null);
      reload();
      onChanged();
    } catch (e) {
      setError(errorText(e, t));
    }
  }

  return (
    <Drawer
      open
      width={Math.min(560, window.innerWidth)}
      onClose={onClose}
      title={person?.name}
      data-testid="person-card"
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {person && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('people.idNumber')}>
              <span data-testid="person-id-number">{clear?.idNumber ?? person.idNumber}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('people.phone')}>{clear?.phone ?? person.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('people.gender')}>{t(`people.gender.${person.gender}`)}</Descriptions.Item>
            <Descriptions.Item label={t('people.birthDate')}>{person.birthDate}</Descriptions.Item>
            <Descriptions.Item label={t('people.registration')}>
              {t(`people.registration.${person.registration}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('people.grid')}>{person.gridCode ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('people.room')}>{person.residence?.roomCode ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('people.status')}>
              <Tag color={person.status === 'present' ? 'green' : 'default'}>{t(`people.status.${person.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('people.tags')}>
              {person.tags.map((tag) => (
                <Tag key={tag}>{tag}</Tag>
              ))}
            </Descriptions.Item>
          </Descriptions>
          <Space wrap style={{ marginTop: 12 }}>
            {canReveal(roles) && !clear && (
              <Button data-testid="person-reveal" onClick={() => setRevealOpen(true)}>
                {t('people.reveal')}
              </Button>
            )}
            {canWritePeople(roles) && person.status === 'present' && (
              <>
                <DatePicker value={moveOut} onChange={setMoveOut} placeholder={t('people.moveOutDate')} />
                <Button danger disabled={!moveOut} onClick={leave} data-testid="person-move-out">
                  {t('people.moveOut')}
                </Button>
              </>
            )}
          </Space>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('people.history')}
          </Typography.Title>
          <Timeline
            items={(person.history ?? []).map((e) => ({
              children: (
                <span>
                  {t(`people.event.${e.type}` as 'people.event.registered')} {e.date ?? e.at.slice(0, 10)}
                  {e.actorName ? ` · ${e.actorName}` : ''}
                </span>
              ),
            }))}
          />
        </>
      )}
      <Modal
        open={revealOpen}
        title={t('people.revealTitle')}
        onOk={reveal}
        okButtonProps={{ disabled: reason.trim().length === 0, 'data-testid': 'reveal-submit' } as never}
        onCancel={() => setRevealOpen(false)}
      >
        <Typography.Paragraph type="secondary">{t('people.revealHint')}</Typography.Paragraph>
        <Input.TextArea
          data-testid="reveal-reason"
          value={reason}
          maxLength={200}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('people.revealReason')}
        />
      </Modal>
    </Drawer>
  );
}
