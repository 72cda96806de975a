import { MenuOutlined } from '@ant-design/icons';
import { Layout as AntLayout, Button, Drawer, Grid, Menu, type MenuProps, Space, Tag, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { setLang, useLang } from '../i18n';
import { useSession } from './auth';
import { CalendarBanner } from './components/CalendarBanner';
import { NotificationBell } from './components/NotificationBell';
import { PageLoading } from './components/PageLoading';
import { useT } from './i18n';
import { menuFor } from './menu';

/**
 * The console frame: side menu by role, header with tenant, user, language and logout. On a phone (below `md`)
 * the menu lives in a drawer opened from the header, so nothing floats over the page (a grid worker's worklist).
 */
export function ConsoleLayout() {
  const t = useT();
  const lang = useLang();
  const { user, tenant, roles, logout } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const entries = menuFor(roles);
  const compact = screens.md === false;
  const [drawer, setDrawer] = useState(false);

  const items: MenuProps['items'] = [];
  const groups = new Map<string, NonNullable<MenuProps['items']>>();
  for (const e of entries) {
    const item = {
      key: e.path,
      label: (
        <Link to={e.path} data-testid={`nav-${e.id}`}>
          {t(e.label)}
        </Link>
      ),
    };
    if (!e.group) items.push(item);
    else {
      if (!groups.has(e.group)) {
        const children: NonNullable<MenuProps['items']> = [];
        groups.set(e.group, children);
        items.push({ key: e.group, label: t(e.group), type: 'group', children });
      }
      groups.get(e.group)?.push(item);
    }
  }
  const selected = entries
    .map((e) => e.path)
    .filter((p) => (p === '/' ? location.pathname === '/' : location.pathname.startsWith(p)))
    .sort((a, b) => b.length - a.length)[0];

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={items}
      style={{ borderInlineEnd: 0 }}
      onClick={() => setDrawer(false)}
    />
  );

  return (
    <AntLayout style={{ minHeight: '100vh' }}>
      {!compact && (
        <AntLayout.Sider theme="light" width={200} data-testid="side-menu">
          <div style={{ padding: 16, fontWeight: 600 }}>{t('app.name')}</div>
          {menu}
        </AntLayout.Sider>
      )}
      {compact && (
        <Drawer
          placement="left"
          size={240}
          open={drawer}
          onClose={() => setDrawer(false)}
          title={t('app.name')}
          styles={{ body: { padding: 0 } }}
        >
          <div data-testid="side-menu">{menu}</div>
        </Drawer>
      )}
      <AntLayout>
        <AntLayout.Header
          style={{ background: '#fff', padding: '0 16px', display: 'flex', justifyContent: 'space-between', gap: 8 }}
        >
          <Space size="small" wrap={false} style={{ overflow: 'hidden' }}>
            {compact && (
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={t('nav.menu')}
                data-testid="menu-toggle"
                onClick={() => setDrawer(true)}
              />
            )}
            <Typography.Text strong data-testid="tenant-name">
              {tenant?.name ?? tenant?.slug ?? ''}
            </Typography.Text>
            {tenant?.status && tenant.status !== 'active' && <Tag color="orange">{t(`status.${tenant.status}`)}</Tag>}
          </Space>
          <Space size="small">
            {!roles.includes('platform_admin') && <NotificationBell />}
            {screens.sm && (
              <Typography.Text type="secondary" data-testid="current-user">
                {user?.name ?? user?.email}
              </Typography.Text>
            )}
            <Button size="small" data-testid="lang-switch" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
              {t('lang.switch')}
            </Button>
            <Button
              size="small"
              data-testid="logout"
              onClick={() => {
                logout();
                navigate('/login');
              }}
            >
              {t('auth.logout')}
            </Button>
          </Space>
        </AntLayout.Header>
        <AntLayout.Content style={{ padding: screens.md ? 24 : 8 }}>
          <CalendarBanner />
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </AntLayout.Content>
      </AntLayout>
    </AntLayout>
  );
}
