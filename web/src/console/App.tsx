import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { useLang } from '../i18n';
import { SessionProvider, useSession } from './auth';
import { PageLoading } from './components/PageLoading';
import { ConsoleLayout } from './Layout';
import { homeFor } from './menu';
import { LoginPage } from './pages/LoginPage';

const SignupPage = lazy(() => import('./pages/SignupPage'));
const WorkbenchPage = lazy(() => import('./pages/WorkbenchPage'));
const CaseListPage = lazy(() => import('./pages/CaseListPage'));
const CaseDetailPage = lazy(() => import('./pages/CaseDetailPage'));
const NewCasePage = lazy(() => import('./pages/NewCasePage'));
const MapPage = lazy(() => import('./pages/MapPage'));
const DashboardPage = lazy(() => import('./pages/DashboardPage'));
const UsersPage = lazy(() => import('./pages/UsersPage'));
const DepartmentsPage = lazy(() => import('./pages/DepartmentsPage'));
const GridsPage = lazy(() => import('./pages/GridsPage'));
const CategoriesPage = lazy(() => import('./pages/CategoriesPage'));
const CalendarPage = lazy(() => import('./pages/CalendarPage'));
const KpiWeightsPage = lazy(() => import('./pages/KpiWeightsPage'));
const MapSettingsPage = lazy(() => import('./pages/MapSettingsPage'));
const TenantsPage = lazy(() => import('./pages/TenantsPage'));
const ApiKeysPage = lazy(() => import('./pages/ApiKeysPage'));
const WebhooksPage = lazy(() => import('./pages/WebhooksPage'));
const AdminTenantsPage = lazy(() => import('./pages/AdminTenantsPage'));
const AdminUsagePage = lazy(() => import('./pages/AdminUsagePage'));
const OutboxPage = lazy(() => import('./pages/OutboxPage'));
const UsagePage = lazy(() => import('./pages/UsagePage'));
const RoutingPage = lazy(() => import('./pages/RoutingPage'));
const OnboardingPage = lazy(() => import('./pages/OnboardingPage'));
const PosterPage = lazy(() => import('./pages/PosterPage'));
const PeoplePage = lazy(() => import('./people/PeoplePage'));
const DisputesPage = lazy(() => import('./disputes/DisputesPage'));
const DisputeFilePage = lazy(() => import('./disputes/DisputeFilePage'));
const PetitionsPage = lazy(() => import('./petitions/PetitionsPage'));
const PetitionFilePage = lazy(() => import('./petitions/PetitionFilePage'));
const RiskAssessmentsPage = lazy(() => import('./risk-assessments/RiskAssessmentsPage'));
const RiskAssessmentsFilePage = lazy(() => import('./risk-assessments/RiskAssessmentsFilePage'));
const EarlyWarningsPage = lazy(() => import('./early-warnings/EarlyWarningsPage'));
const EarlyWarningsFilePage = lazy(() => import('./early-warnings/EarlyWarningsFilePage'));
const LegalCallsPage = lazy(() => import('./legal-calls/LegalCallsPage'));
const LegalCallsFilePage = lazy(() => import('./legal-calls/LegalCallsFilePage'));
const LegalAidPage = lazy(() => import('./legal-aid/LegalAidPage'));
const LegalAidFilePage = lazy(() => import('./legal-aid/LegalAidFilePage'));
const TasksPage = lazy(() => import('./fieldwork/TasksPage'));
const TaskFilePage = lazy(() => import('./fieldwork/TaskFilePage'));
const FieldWorkPage = lazy(() => import('./fieldwork/FieldWorkPage'));
const BuildingsPage = lazy(() => import('./places/BuildingsPage'));
const OrganisationsPage = lazy(() => import('./organisations/OrganisationsPage'));
const PlacedPage = lazy(() => import('./things/PlacedPage'));
const ThingsPage = lazy(() => import('./things/ThingsPage'));
const SpecialPage = lazy(() => import('./special/SpecialPage'));
const CaseloadPage = lazy(() => import('./special/CaseloadPage'));

function RequireSession({ children }: { children: ReactNode }) {
  const { user, loading } = useSession();
  const location = useLocation();
  if (loading) return <PageLoading />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return children;
}

function Home() {
  const { roles } = useSession();
  const home = homeFor(roles);
  return home === '/' ? <WorkbenchPage /> : <Navigate to={home} replace />;
}

/** The staff and platform console: antd in Chinese (or English), routes by page. */
export function ConsoleApp() {
  const lang = useLang();
  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1d4ed8' } }}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Suspense fallback={<PageLoading />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route path="/signup" element={<SignupPage />} />
                <Route
                  element={
                    <RequireSession>
                      <ConsoleLayout />
                    </RequireSession>
                  }
                >
                  <Route index element={<Home />} />
                  <Route path="cases" element={<CaseListPage />} />
                  <Route path="cases/new" element={<NewCasePage />} />
                  <Route path="cases/:id" element={<CaseDetailPage />} />
                  <Route path="map" element={<MapPage />} />
                  <Route path="dashboard" element={<DashboardPage />} />
                  <Route path="outbox" element={<OutboxPage />} />
                  <Route path="people" element={<PeoplePage />} />
                  <Route path="tasks" element={<TasksPage />} />
                  <Route path="tasks/:id" element={<TaskFilePage />} />
                  <Route path="field" element={<FieldWorkPage />} />
                  <Route path="disputes" element={<DisputesPage />} />
                  <Route path="disputes/:id" element={<DisputeFilePage />} />
                  <Route path="petitions" element={<PetitionsPage />} />
                  <Route path="petitions/:id" element={<PetitionFilePage />} />
                  <Route path="risk-assessments" element={<RiskAssessmentsPage />} />
                  <Route path="risk-assessments/:id" element={<RiskAssessmentsFilePage />} />
                  <Route path="early-warnings" element={<EarlyWarningsPage />} />
                  <Route path="early-warnings/:id" element={<EarlyWarningsFilePage />} />
                  <Route path="legal-calls" element={<LegalCallsPage />} />
                  <Route path="legal-calls/:id" element={<LegalCallsFilePage />} />
                  <Route path="legal-aid" element={<LegalAidPage />} />
                  <Route path="legal-aid/:id" element={<LegalAidFilePage />} />
                  <Route path="special" element={<SpecialPage />} />
                  <Route path="special/caseload" element={<CaseloadPage />} />
                  <Route path="buildings" element={<BuildingsPage />} />
                  <Route path="organisations" element={<OrganisationsPage />} />
                  <Route path="things" element={<ThingsPage />} />
                  <Route path="things/:id" element={<PlacedPage kind="thing" />} />
                  <Route path="cameras/:id" element={<PlacedPage kind="camera" />} />
                  <Route path="onboarding" element={<OnboardingPage />} />
                  <Route path="onboarding/poster" element={<PosterPage />} />
                  <Route path="config/users" element={<UsersPage />} />
                  <Route path="config/departments" element={<DepartmentsPage />} />
                  <Route path="config/grids" element={<GridsPage />} />
                  <Route path="config/categories" element={<CategoriesPage />} />
                  <Route path="config/calendar" element={<CalendarPage />} />
                  <Route path="config/kpi-weights" element={<KpiWeightsPage />} />
                  <Route path="config/map" element={<MapSettingsPage />} />
                  <Route path="config/tenants" element={<TenantsPage />} />
                  <Route path="config/api-keys" element={<ApiKeysPage />} />
                  <Route path="config/webhooks" element={<WebhooksPage />} />
                  <Route path="config/routing" element={<RoutingPage />} />
                  <Route path="config/usage" element={<UsagePage />} />
                  <Route path="admin/tenants" element={<AdminTenantsPage />} />
                  <Route path="admin/usage" element={<AdminUsagePage />} />
                  <Route path="*" element={<Navigate to="/" replace />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
