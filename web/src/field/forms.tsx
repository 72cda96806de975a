import { useEffect, useRef, useState } from 'react';
import { newIdempotencyKey } from '../shared/idempotency';
import type { VerifyItem } from './FieldApp';
import type { FieldT } from './i18n';
import { enqueue, kvGet, kvSet, type QueuedPhoto } from './queue';

type Fix = { lat: number; lng: number };

/** The phone's position, asked for once when the form opens (and again on demand). */
function useGps(t: FieldT) {
  const [fix, setFix] = useState<Fix>();
  const [state, setState] = useState<string>(t('case.gpsLocating'));
  const locate = () => {
    if (!('geolocation' in navigator)) {
      setState(t('case.gpsFailed', { message: '—' }));
      return;
    }
    setState(t('case.gpsLocating'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const next = { lat: Number(pos.coords.latitude.toFixed(6)), lng: Number(pos.coords.longitude.toFixed(6)) };
        setFix(next);
        setState(t('case.gpsOk', { lat: next.lat, lng: next.lng }));
      },
      (err) => setState(t('case.gpsFailed', { message: err.message })),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the form opens
  useEffect(locate, []);
  return { fix, state, locate };
}

/** Camera photos (the phone opens its camera: `capture`), kept as blobs until they are sent. */
function PhotoInput({
  t,
  photos,
  onChange,
  testId,
}: {
  t: FieldT;
  photos: QueuedPhoto[];
  onChange: (p: QueuedPhoto[]) => void;
  testId: string;
}) {
  return (
    <label className="photo">
      {t('case.photo')}
      <input
        data-testid={testId}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        capture="environment"
        multiple
        onChange={(e) => {
          const files = [...(e.target.files ?? [])].slice(0, 9);
          onChange(
            [...photos, ...files.map((f) => ({ name: f.name, type: f.type || 'image/jpeg', blob: f }))].slice(0, 9),
          );
        }}
      />
      {photos.length > 0 && <span className="hint">{t('photo.count', { count: photos.length })}</span>}
    </label>
  );
}

/** The patrol in progress on this phone (its local id: the queue maps it to the server's). */
interface LocalPatrol {
  localId: string;
  seq: number;
  buffer: { lat: number; lng: number; at: string }[];
  count: number;
}

async function currentPatrol(): Promise<LocalPatrol | undefined> {
  return kvGet<LocalPatrol>('patrol');
}

/** 新建上报: description, camera photo and GPS; queued, sent when there is a signal. */
export function CaseForm({ t, onSaved }: { t: FieldT; onSaved: () => void }) {
  const gps = useGps(t);
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [photos, setPhotos] = useState<QueuedPhoto[]>([]);
  const [error, setError] = useState<string>();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!description.trim()) return setError(t('case.required'));
    const patrol = await currentPatrol();
    await enqueue({
      kind: 'case',
      label: description.trim().slice(0, 40),
      body: {
        description: description.trim(),
        ...(address.trim() ? { address: address.trim() } : {}),
        ...(gps.fix ? { location: gps.fix } : {}),
      },
      ...(patrol ? { target: patrol.localId } : {}),
      photos,
    });
    onSaved();
  };
  return (
    <form className="card form" onSubmit={submit} data-testid="field-case-form">
      <h2>{t('case.title')}</h2>
      <label>
        {t('case.description')}
        <textarea
          data-testid="field-case-description"
          rows={4}
          maxLength={2000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      <label>
        {t('case.address')}
        <input
          data-testid="field-case-address"
          maxLength={200}
          value={address}
          onChange={(e) => setAddress(e.target.value)}
        />
      </label>
      <PhotoInput t={t} photos={photos} onChange={setPhotos} testId="field-case-photo" />
      <div className="gps">
        <span data-testid="field-case-gps" data-located={gps.fix ? 'yes' : 'no'}>
          {gps.state}
        </span>
        <button type="button" className="link" onClick={gps.locate}>
          {t('case.gps')}
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      <button className="primary" type="submit" data-testid="field-case-submit">
        {t('case.submit')}
      </button>
    </form>
  );
}

const purposes = ['routine', 'assistance', 'dispute', 'verification', 'publicity', 'other'] as const;
const targetKinds = ['household', 'person', 'organisation'] as const;

/** 走访登记: who, why, what was found; a proposed change to the record goes to review. */
export function VisitForm({ t, onSaved }: { t: FieldT; onSaved: () => void }) {
  const gps = useGps(t);
  const [kind, setKind] = useState<(typeof targetKinds)[number]>('household');
  const [targetId, setTargetId] = useState('');
  const [address, setAddress] = useState('');
  const [purpose, setPurpose] = useState<(typeof purposes)[number]>('routine');
  const [note, setNote] = useState('');
  const [findings, setFindings] = useState('');
  const [followUp, setFollowUp] = useState(false);
  const [proposal, setProposal] = useState<'none' | 'movedOut' | 'phone'>('none');
  const [phone, setPhone] = useState('');
  const [photos, setPhotos] = useState<QueuedPhoto[]>([]);
  const [error, setError] = useState<string>();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!note.trim() || (!targetId.trim() && !address.trim())) return setError(t('visit.required'));
    const proposals =
      targetId.trim() && proposal === 'movedOut'
        ? [{ field: 'status', value: 'moved_out' }]
        : targetId.trim() && proposal === 'phone' && phone.trim()
          ? [{ field: 'phone', value: phone.trim() }]
          : [];
    const patrol = await currentPatrol();
    await enqueue({
      kind: 'visit',
      label: `${address.trim() || targetId.trim()} · ${note.trim().slice(0, 30)}`,
      body: {
        target: {
          kind,
          ...(targetId.trim() ? { id: targetId.trim() } : {}),
          ...(address.trim() ? { address: address.trim() } : {}),
        },
        purpose,
        note: note.trim(),
        ...(findings.trim() ? { findings: findings.trim() } : {}),
        followUp,
        ...(gps.fix ? { location: gps.fix } : {}),
        visitedAt: new Date().toISOString(),
        ...(proposals.length ? { proposals } : {}),
      },
      ...(patrol ? { target: patrol.localId } : {}),
      photos,
    });
    onSaved();
  };
  return (
    <form className="card form" onSubmit={submit} data-testid="field-visit-form">
      <h2>{t('visit.title')}</h2>
      <label>
        {t('visit.kind')}
        <select data-testid="field-visit-kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          {targetKinds.map((k) => (
            <option key={k} value={k}>
              {t(`visit.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('visit.address')}
        <input
          data-testid="field-visit-address"
          maxLength={200}
          value={address}
          onChange={(e) => setAddress(e.target.value)}
        />
      </label>
      <label>
        {t('visit.targetId')}
        <input
          data-testid="field-visit-target"
          maxLength={64}
          value={targetId}
          onChange={(e) => setTargetId(e.target.value)}
        />
      </label>
      <label>
        {t('visit.purpose')}
        <select
          data-testid="field-visit-purpose"
          value={purpose}
          onChange={(e) => setPurpose(e.target.value as typeof purpose)}
        >
          {purposes.map((p) => (
            <option key={p} value={p}>
              {t(`visit.purpose.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('visit.note')}
        <textarea
          data-testid="field-visit-note"
          rows={3}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      <label>
        {t('visit.findings')}
        <textarea rows={2} maxLength={2000} value={findings} onChange={(e) => setFindings(e.target.value)} />
      </label>
      <label className="check">
        <input type="checkbox" checked={followUp} onChange={(e) => setFollowUp(e.target.checked)} />
        {t('visit.followUp')}
      </label>
      <label>
        {t('visit.proposal')}
        <select
          value={proposal}
          onChange={(e) => setProposal(e.target.value as typeof proposal)}
          disabled={!targetId.trim()}
        >
          <option value="none">{t('visit.proposal.none')}</option>
          <option value="movedOut">{t('visit.proposal.movedOut')}</option>
          <option value="phone">{t('visit.proposal.phone')}</option>
        </select>
      </label>
      {proposal === 'phone' && (
        <input type="tel" inputMode="tel" maxLength={20} value={phone} onChange={(e) => setPhone(e.target.value)} />
      )}
      <PhotoInput t={t} photos={photos} onChange={setPhotos} testId="field-visit-photo" />
      <p className="hint">{gps.state}</p>
      {error && <p className="error">{error}</p>}
      <button className="primary" type="submit" data-testid="field-visit-submit">
        {t('visit.submit')}
      </button>
    </form>
  );
}

/** 现场核查 of a handled case: fixed or not, a photo, a remark; tap to call the reporter. */
export function VerifyForm({
  t,
  item,
  onBack,
  onSaved,
}: {
  t: FieldT;
  item: VerifyItem;
  onBack: () => void;
  onSaved: () => void;
}) {
  const [fixed, setFixed] = useState(true);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<QueuedPhoto[]>([]);
  const phone = item.reporter?.phone;
  const callable = phone && /^[+\d][\d\s-]{4,}$/.test(phone);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    await enqueue({
      kind: 'verify',
      label: `${item.number ?? item.id} · ${fixed ? t('verify.fixed') : t('verify.notFixed')}`,
      body: { fixed, ...(note.trim() ? { note: note.trim() } : {}) },
      target: item.id,
      photos,
    });
    onSaved();
  };
  return (
    <form className="card form" onSubmit={submit} data-testid="field-verify-form">
      <h2>{t('verify.title')}</h2>
      <p>
        <strong>{item.number ?? item.id}</strong> {item.description}
      </p>
      {item.address && <p className="hint">{item.address}</p>}
      {callable ? (
        <a className="call" href={`tel:${phone.replace(/[\s-]/g, '')}`} data-testid="field-call">
          {t('verify.call', { phone })}
        </a>
      ) : (
        <p className="hint">{t('verify.noPhone')}</p>
      )}
      <label className="check">
        <input
          type="radio"
          name="fixed"
          checked={fixed}
          onChange={() => setFixed(true)}
          data-testid="field-verify-fixed"
        />
        {t('verify.fixed')}
      </label>
      <label className="check">
        <input type="radio" name="fixed" checked={!fixed} onChange={() => setFixed(false)} />
        {t('verify.notFixed')}
      </label>
      <label>
        {t('verify.note')}
        <textarea
          rows={3}
          maxLength={1000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid="field-verify-note"
        />
      </label>
      <PhotoInput t={t} photos={photos} onChange={setPhotos} testId="field-verify-photo" />
      <div className="actions">
        <button type="button" onClick={onBack}>
          {t('verify.back')}
        </button>
        <button className="primary" type="submit" data-testid="field-verify-submit">
          {t('verify.submit')}
        </button>
      </div>
    </form>
  );
}

const BATCH = 10;

/** 巡查: start, the trace in batches of 10 fixes (queued like any write), end. */
export function PatrolPanel({ t }: { t: FieldT }) {
  const [patrol, setPatrol] = useState<LocalPatrol>();
  const watch = useRef<number | undefined>(undefined);
  useEffect(() => {
    void currentPatrol().then(setPatrol);
    return () => {
      if (watch.current !== undefined) navigator.geolocation?.clearWatch(watch.current);
    };
  }, []);
  // while this panel is open and a patrol runs, fixes are recorded; a full batch is queued
  const running = patrol?.localId;
  useEffect(() => {
    if (!running || !('geolocation' in navigator)) return;
    watch.current = navigator.geolocation.watchPosition(
      async (pos) => {
        const current = await currentPatrol();
        if (!current) return;
        const point = {
          lat: pos.coords.latitude,
          lng: pos.coords.longitude,
          at: new Date(pos.timestamp).toISOString(),
        };
        const next = { ...current, buffer: [...current.buffer, point], count: current.count + 1 };
        if (next.buffer.length >= BATCH) {
          await enqueue({
            kind: 'patrolPoints',
            label: `#${next.seq}`,
            body: { seq: next.seq, points: next.buffer },
            target: next.localId,
            photos: [],
          });
          next.seq += 1;
          next.buffer = [];
        }
        await kvSet('patrol', next);
        setPatrol(next);
      },
      undefined,
      { enableHighAccuracy: true, maximumAge: 30_000 },
    );
    return () => {
      if (watch.current !== undefined) navigator.geolocation.clearWatch(watch.current);
    };
  }, [running]);
  const start = async () => {
    const localId = newIdempotencyKey();
    await enqueue({
      kind: 'patrolStart',
      label: new Date().toLocaleTimeString('zh-CN'),
      body: {},
      target: localId,
      photos: [],
    });
    const next = { localId, seq: 0, buffer: [], count: 0 };
    await kvSet('patrol', next);
    setPatrol(next);
  };
  const end = async () => {
    const current = await currentPatrol();
    if (!current) return;
    if (current.buffer.length > 0) {
      await enqueue({
        kind: 'patrolPoints',
        label: `#${current.seq}`,
        body: { seq: current.seq, points: current.buffer },
        target: current.localId,
        photos: [],
      });
    }
    await enqueue({
      kind: 'patrolEnd',
      label: new Date().toLocaleTimeString('zh-CN'),
      body: {},
      target: current.localId,
      photos: [],
    });
    await kvSet('patrol', undefined);
    setPatrol(undefined);
  };
  return (
    <section className="card" data-testid="field-patrol">
      <h2>{t('patrol.title')}</h2>
      <p data-testid="field-patrol-state">{patrol ? t('patrol.running', { count: patrol.count }) : t('patrol.idle')}</p>
      {patrol ? (
        <button type="button" className="primary" onClick={end} data-testid="field-patrol-end">
          {t('patrol.end')}
        </button>
      ) : (
        <button type="button" className="primary" onClick={start} data-testid="field-patrol-start">
          {t('patrol.start')}
        </button>
      )}
    </section>
  );
}
