// The app: sign-in, then the shell with the views the person's roles give them.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiClient } from '../api/client';
import { ApiError } from '../api/errors';
import type { SignedInUser } from '../api/types';
import { ForcedPasswordChangePage } from '../features/auth/ChangePasswordForm';
import { LoginPage } from '../features/auth/LoginPage';
import { InboxPage } from '../features/inbox/InboxPage';
import { Router, matchPath, useRouter } from './router';
import { SessionProvider } from './session';
import { Shell } from './Shell';
import { ErrorState, Loading } from './states';

const TaskPage = lazy(() => import('../features/task/TaskPage').then((m) => ({ default: m.TaskPage })));
const RegistrationPage = lazy(() => import('../features/centre/RegistrationPage').then((m) => ({ default: m.RegistrationPage })));
const ReviewsPage = lazy(() => import('../features/centre/ReviewsPage').then((m) => ({ default: m.ReviewsPage })));
const ReturnVisitPage = lazy(() => import('../features/centre/ReturnVisitPage').then((m) => ({ default: m.ReturnVisitPage })));
const CataloguePage = lazy(() => import('../features/catalogue/CataloguePage').then((m) => ({ default: m.CataloguePage })));
const CatalogueReviewPage = lazy(() => import('../features/catalogue/CatalogueReviewPage').then((m) => ({ default: m.CatalogueReviewPage })));
const DeterminationsPage = lazy(() => import('../features/catalogue/DeterminationsPage').then((m) => ({ default: m.DeterminationsPage })));
const AccountsPage = lazy(() => import('../features/accounts/AccountsPage').then((m) => ({ default: m.AccountsPage })));
const AuditPage = lazy(() => import('../features/admin/AuditPage').then((m) => ({ default: m.AuditPage })));
const RoleGrantsPage = lazy(() => import('../features/admin/RoleGrantsPage').then((m) => ({ default: m.RoleGrantsPage })));
const SecurityPage = lazy(() => import('../features/security/SecurityPage').then((m) => ({ default: m.SecurityPage })));
const TicketSearchPage = lazy(() => import('../features/search/TicketSearchPage').then((m) => ({ default: m.TicketSearchPage })));
const AssessmentPage = lazy(() => import('../features/assessment/AssessmentPage').then((m) => ({ default: m.AssessmentPage })));
const DeliveriesPage = lazy(() => import('../features/notifications/DeliveriesPage').then((m) => ({ default: m.DeliveriesPage })));
const TicketPage = lazy(() => import('../features/search/TicketPage').then((m) => ({ default: m.TicketPage })));
const KnowledgePage = lazy(() => import('../features/knowledge/KnowledgePage').then((m) => ({ default: m.KnowledgePage })));
const KnowledgeEntryPage = lazy(() => import('../features/knowledge/KnowledgeEntryPage').then((m) => ({ default: m.KnowledgeEntryPage })));
const AnalysisPage = lazy(() => import('../features/analysis/AnalysisPage').then((m) => ({ default: m.AnalysisPage })));
const SupervisionPage = lazy(() => import('../features/centre/SupervisionPage').then((m) => ({ default: m.SupervisionPage })));

type Phase = { kind: 'checking' } | { kind: 'signedOut'; notice: string | null } | { kind: 'signedIn'; user: SignedInUser } | { kind: 'failed'; error: unknown };

function Routes() {
  const { location } = useRouter();
  const path = location.pathname;
  const task = matchPath('/tasks/:id', path);
  const ticket = matchPath('/tickets/:number', path);
  const knowledge = matchPath('/knowledge/:id', path);
  let page;
  if (task) page = <TaskPage key={task.id} taskId={task.id!} />;
  else if (ticket) page = <TicketPage key={ticket.number} number={ticket.number!} />;
  else if (path === '/search') page = <TicketSearchPage />;
  else if (path === '/knowledge') page = <KnowledgePage />;
  else if (knowledge) page = <KnowledgeEntryPage key={knowledge.id} id={knowledge.id!} />;
  else if (path === '/register') page = <RegistrationPage />;
  else if (path === '/dispatch') page = <InboxPage key="dispatch" title="待派单" fixed={{ form: 'dispatch' }} testId="dispatch-page" />;
  else if (path === '/reviews') page = <ReviewsPage />;
  else if (path === '/return-visits') page = <ReturnVisitPage />;
  else if (path === '/supervision') page = <SupervisionPage />;
  else if (path === '/catalogue') page = <CataloguePage />;
  else if (path === '/catalogue-review') page = <CatalogueReviewPage />;
  else if (path === '/determinations') page = <DeterminationsPage />;
  else if (path === '/accounts') page = <AccountsPage />;
  else if (path === '/audit') page = <AuditPage />;
  else if (path === '/role-grants') page = <RoleGrantsPage />;
  else if (path === '/security') page = <SecurityPage />;
  else if (path === '/deliveries') page = <DeliveriesPage />;
  else if (path === '/assessment') page = <AssessmentPage />;
  else if (path === '/analysis') page = <AnalysisPage />;
  else page = <InboxPage key="inbox" title="我的待办" testId="inbox-page" />;
  return <Suspense fallback={<Loading />}>{page}</Suspense>;
}

function AppInner() {
  const api = useMemo(() => new ApiClient(), []);
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const { navigate } = useRouter();

  const check = useCallback(async () => {
    try {
      setPhase({ kind: 'signedIn', user: await api.me() });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setPhase({ kind: 'signedOut', notice: null });
      else setPhase({ kind: 'failed', error: e });
    }
  }, [api]);

  useEffect(() => {
    // idle timeout, absolute lifetime or sessions ended by an administrator: all a 401
    api.onUnauthorized = () => setPhase({ kind: 'signedOut', notice: '长时间未操作或登录已过期，已自动退出，请重新登录。' });
    void check();
  }, [api, check]);

  const signOut = useCallback(() => {
    void api.logout().finally(() => {
      setPhase({ kind: 'signedOut', notice: null });
      navigate('/', { replace: true });
    });
  }, [api, navigate]);

  if (phase.kind === 'checking') return <Loading label="正在检查登录状态…" />;
  if (phase.kind === 'failed') return <div style={{ padding: 24 }}><ErrorState error={phase.error} onRetry={() => void check()} /></div>;
  if (phase.kind === 'signedOut') return <LoginPage api={api} notice={phase.notice} onSignedIn={() => void check()} />;
  if (phase.user.mustChangePassword) return <ForcedPasswordChangePage api={api} onChanged={() => void check()} onSignOut={signOut} />;
  return (
    <SessionProvider api={api} user={phase.user} signOut={signOut}>
      <Shell>
        <Routes />
      </Shell>
    </SessionProvider>
  );
}

export function App() {
  return (
    <Router>
      <AppInner />
    </Router>
  );
}
