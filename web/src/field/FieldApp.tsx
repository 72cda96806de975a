import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { setLang, useLang } from '../i18n';
import { ApiFailure, call, loadSession, Offline, type Session, saveSession } from './api';
import { CaseForm, PatrolPanel, VerifyForm, VisitForm } from './forms';
import { type FieldT, useT } from './i18n';
import { kvGet, kvSet, onQueueChange, type QueuedWrite, queued, removeEntry } from './queue';
import { syncNow } from './sync';

export interface TaskItem {
  id: string;
  title: string;
  step: string;
  deadline?: string;
  overdue?: boolean;
  subjects: { id: string; label?: string }[];
  doneSubjects: string[];
}

export interface VerifyItem {
  id: string;
  number?: string;
  description: string;
  address?: string;
  reporter?: { name?: string; phone?: string };
}

type Tab = 'home' | 'case' | 'visit' | 'patrol' | 'queue';
type Screen = { name: Tab } | { name: 'verify'; item: VerifyItem };

function subscribeOnline(cb: () => void) {
  window.addEventListener('online', cb);
  window.addEventListener('offline', cb);
  return () => {
    window.removeEventListener('online', cb);
    window.removeEventListener('offline', cb);
  };
}

/** Whether the browser has a network (its own view; a failed call also tells). */
export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
}

/** The queue, re-read whenever it changes. */
export function useQueue(): QueuedWrite[] {
  const [items, setItems] = useState<QueuedWrite[]>([]);
  useEffect(() => {
    let alive = true;
    const load = () => void queued().then((q) => alive && setItems(q));
    load();
    const off = onQueueChange(load);
    return () => {
      alive = false;
      off();
    };
  }, []);
  return items;
}

/** The grid worker's phone app: today's tasks and checks, report, visit, patrol, the sync queue. */
export function FieldApp() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  if (!session) return <Login onDone={setSession} />;
  return (
    <Workbench
      session={session}
      onLogout={() => {
        saveSession(undefined);
        setSession(undefined);
      }}
    />
  );
}

function LangSwitch() {
  const t = useT();
  const lang = useLang();
  return (
    <button type="button" className="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
      {t('lang.switch')}
    </button>
  );
}

function Login({ onDone }: { onDone: (s: Session) => void }) {
  const t = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { token } = await call<{ token: string }>('POST', '/api/auth/login', { email, password });
      const me = await call<{ user: { id: string; name: string; gridCodes?: string[] } }>('GET', '/api/me', undefined, {
        token,
      });
      const session = { token, userId: me.user.id, name: me.user.name, gridCodes: me.user.gridCodes ?? [] };
      saveSession(session);
      onDone(session);
    } catch (err) {
      setError(err instanceof Offline ? t('login.offline') : t('login.failed', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="page">
      <header className="bar">
        <h1>{t('login.title')}</h1>
        <LangSwitch />
      </header>
      <form className="card form" onSubmit={submit} data-testid="field-login">
        <label>
          {t('login.email')}
          <input
            data-testid="field-login-email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        </label>
        <label>
          {t('login.password')}
          <input
            data-testid="field-login-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button className="primary" type="submit" disabled={busy} data-testid="field-login-submit">
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}

function Workbench({ session, onLogout }: { session: Session; onLogout: () => void }) {
  const t = useT();
  const online = useOnline();
  const queue = useQueue();
  const [screen, setScreen] = useState<Screen>({ name: 'home' });
  const [notice, setNotice] = useState<string>();
  const pending = queue.filter((q) => q.status === 'pending').length;
  // what is not on the server yet: waiting, or refused and waiting for the worker (never shown as synced)
  const unsent = queue.length;

  // send the queue when the signal comes back, when something is queued, and every 15 s while anything waits
  useEffect(() => {
    if (online) void syncNow();
  }, [online]);
  useEffect(() => {
    if (!online || pending === 0) return;
    // soon after the signal returns (the first try may still find no route), then every 15 s
    const soon = setTimeout(() => void syncNow(), 3_000);
    const timer = setInterval(() => void syncNow(), 15_000);
    return () => {
      clearTimeout(soon);
      clearInterval(timer);
    };
  }, [online, pending]);

  const saved = useCallback((message: string) => {
    setNotice(message);
    setScreen({ name: 'home' });
    if (navigator.onLine) void syncNow();
  }, []);

  return (
    <div className="app">
      <header className="bar">
        <h1>{t('app.name')}</h1>
        <span className={online ? 'status on' : 'status off'} data-testid="field-online">
          {online ? t('status.online') : t('status.offline')}
        </span>
        <button
          type="button"
          className="queue-chip"
          data-testid="field-queue-chip"
          onClick={() => setScreen({ name: 'queue' })}
        >
          {unsent === 0 ? t('queue.empty') : t('queue.count', { count: unsent })}
        </button>
      </header>
      {notice && (
        <p className="notice" role="status" data-testid="field-notice">
          {notice}
        </p>
      )}
      <main className="page">
        {screen.name === 'home' && (
          <Home session={session} online={online} onVerify={(item) => setScreen({ name: 'verify', item })} />
        )}
        {screen.name === 'case' && <CaseForm t={t} onSaved={() => saved(t('case.saved'))} />}
        {screen.name === 'visit' && <VisitForm t={t} onSaved={() => saved(t('visit.saved'))} />}
        {screen.name === 'verify' && (
          <VerifyForm
            t={t}
            item={screen.item}
            onBack={() => setScreen({ name: 'home' })}
            onSaved={() => saved(t('verify.saved'))}
          />
        )}
        {screen.name === 'patrol' && <PatrolPanel t={t} />}
        {screen.name === 'queue' && <QueuePanel t={t} items={queue} online={online} />}
      </main>
      <nav className="tabs">
        {(['home', 'case', 'visit', 'patrol', 'queue'] as const).map((name) => (
          <button
            key={name}
            type="button"
            data-testid={`field-nav-${name}`}
            className={screen.name === name ? 'active' : ''}
            onClick={() => {
              setNotice(undefined);
              setScreen({ name });
            }}
          >
            {t(`nav.${name}`)}
          </button>
        ))}
      </nav>
      <footer className="foot">
        <span>{session.name}</span>
        <LangSwitch />
        <button type="button" className="link" onClick={onLogout}>
          {t('logout')}
        </button>
      </footer>
    </div>
  );
}

function formatDue(iso: string | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Today's tasks and the cases waiting for the worker's check: fetched when online, the last lists kept for offline. */
function Home({
  session,
  online,
  onVerify,
}: {
  session: Session;
  online: boolean;
  onVerify: (item: VerifyItem) => void;
}) {
  const t = useT();
  const [tasks, setTasks] = useState<TaskItem[]>([]);
  const [verify, setVerify] = useState<VerifyItem[]>([]);
  const [cached, setCached] = useState(false);
  useEffect(() => {
    let alive = true;
    (async () => {
      const [lastTasks, lastVerify] = await Promise.all([kvGet<TaskItem[]>('tasks'), kvGet<VerifyItem[]>('verify')]);
      if (alive) {
        setTasks(lastTasks ?? []);
        setVerify(lastVerify ?? []);
      }
      if (!online) {
        if (alive) setCached(true);
        return;
      }
      try {
        const token = session.token;
        const [taskPage, casePage] = await Promise.all([
          call<{ items: TaskItem[] }>(
            'GET',
            `/api/tasks?assigneeId=${encodeURIComponent(session.userId)}&limit=50`,
            undefined,
            { token },
          ),
          call<{ items: VerifyItem[] }>('GET', '/api/cases?step=handled&limit=20', undefined, { token }),
        ]);
        const open = taskPage.items.filter((i) => i.step === 'assigned');
        // details for tap-to-call, kept for offline use
        const detailed = await Promise.all(
          casePage.items.map(async (c) => {
            const d = await call<VerifyItem>('GET', `/api/cases/${c.id}`, undefined, { token });
            return { id: c.id, number: d.number, description: d.description, address: d.address, reporter: d.reporter };
          }),
        );
        await Promise.all([kvSet('tasks', open), kvSet('verify', detailed)]);
        if (alive) {
          setTasks(open);
          setVerify(detailed);
          setCached(false);
        }
      } catch (error) {
        if (alive && (error instanceof Offline || error instanceof ApiFailure)) setCached(true);
      }
    })();
    return () => {
      alive = false;
    };
  }, [online, session]);
  return (
    <>
      <h2>{t('home.today')}</h2>
      {cached && <p className="hint">{t('home.cached')}</p>}
      <section className="card" data-testid="field-tasks">
        <h3>{t('home.tasks')}</h3>
        {tasks.length === 0 && <p className="hint">{t('home.noTasks')}</p>}
        <ul className="list">
          {tasks.map((task) => (
            <li key={task.id} data-testid="field-task">
              <strong>{task.title}</strong>
              <span className={task.overdue ? 'due late' : 'due'}>
                {task.overdue ? t('task.overdue') : t('task.due', { due: formatDue(task.deadline) })}
              </span>
              {task.subjects.length > 0 && (
                <span className="hint">
                  {t('task.progress', { done: task.doneSubjects.length, total: task.subjects.length })}
                </span>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" data-testid="field-verify-list">
        <h3>{t('home.verify')}</h3>
        {verify.length === 0 && <p className="hint">{t('home.noVerify')}</p>}
        <ul className="list">
          {verify.map((item) => (
            <li key={item.id}>
              <button type="button" className="row" data-testid="field-verify-item" onClick={() => onVerify(item)}>
                <strong>{item.number ?? item.id}</strong>
                <span>{item.description}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function QueuePanel({ t, items, online }: { t: FieldT; items: QueuedWrite[]; online: boolean }) {
  const [busy, setBusy] = useState(false);
  return (
    <section className="card" data-testid="field-queue">
      <h2>{t('queue.title')}</h2>
      <p data-testid="field-queue-count" data-count={items.filter((i) => i.status === 'pending').length}>
        {items.length === 0 ? t('queue.empty') : t('queue.count', { count: items.length })}
      </p>
      <ul className="list">
        {items.map((item) => (
          <li key={item.id} data-testid="field-queue-item" data-kind={item.kind} data-status={item.status}>
            <strong>{t(`queue.kind.${item.kind}`)}</strong>
            <span>{item.label}</span>
            <span className={item.status === 'failed' ? 'error' : 'hint'}>
              {item.status === 'failed'
                ? t('queue.failed', { error: item.error ?? '' })
                : t('queue.pending', { attempts: item.attempts })}
            </span>
            {item.status === 'failed' && (
              <button type="button" className="link" onClick={() => void removeEntry(item.id)}>
                {t('queue.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="primary"
        data-testid="field-sync-now"
        disabled={!online || busy}
        onClick={async () => {
          setBusy(true);
          await syncNow().finally(() => setBusy(false));
        }}
      >
        {busy ? t('queue.syncing') : t('queue.syncNow')}
      </button>
    </section>
  );
}
