import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { isApiError } from './api/client.ts';
import { meQueryOptions } from './modules/auth/api/auth.ts';
import { validateHandbookSearch } from './modules/handbook/api.ts';
import { IMPORT_KINDS, type ImportKind } from './modules/imports/api/imports.ts';
import { validateKnowledgeSearch } from './modules/knowledge/search.ts';
import { validateDashboardSearch } from './modules/objectives/dashboards.ts';
import { parseSearchParams, stringifySearchParams, validateListSearch } from './modules/records/listSearch.ts';
import { validateRecordSearch } from './modules/records/recordSearch.ts';
import { validatePerformanceSearch } from './modules/sales/performanceSearch.ts';
import { validateDealsSearch, validateForecastSearch } from './modules/sales/search.ts';
import { validateCasesSearch } from './modules/service/search.ts';
import { validateAuditSearch, validateFieldsSearch } from './modules/settings/search.ts';
import { NotFound } from './modules/shell/components/NotFound.tsx';
import { RouteError } from './modules/shell/components/RouteError.tsx';

/*
 * Every page is its own chunk (lazyRouteComponent), so the first load fetches the shell and the page it lands on,
 * not the whole app; `defaultPreload: 'intent'` fetches a page's chunk when a link to it is hovered.
 */
export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
  errorComponent: RouteError,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (raw: Record<string, unknown>): { redirect?: string } =>
    typeof raw.redirect === 'string' && raw.redirect.startsWith('/') ? { redirect: raw.redirect } : {},
  component: lazyRouteComponent(() => import('./modules/auth/components/LoginPage.tsx'), 'LoginPage'),
});

const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/forgot-password',
  component: lazyRouteComponent(() => import('./modules/auth/components/ForgotPasswordPage.tsx'), 'ForgotPasswordPage'),
});

/** Where reset and invitation links land (built by the server from RAPPORT_BASE_URL). */
const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password',
  validateSearch: (raw: Record<string, unknown>): { token?: string; invite?: boolean } => ({
    ...(typeof raw.token === 'string' ? { token: raw.token } : {}),
    ...(raw.invite === 1 || raw.invite === '1' || raw.invite === true ? { invite: true } : {}),
  }),
  component: lazyRouteComponent(() => import('./modules/auth/components/ResetPasswordPage.tsx'), 'ResetPasswordPage'),
});

/** Everything behind the login: loads /auth/me first; a 401 sends the visitor to /login and back afterwards. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    try {
      await context.queryClient.ensureQueryData(meQueryOptions);
    } catch (error) {
      if (isApiError(error, 401)) {
        throw redirect({ to: '/login', search: { redirect: location.href } });
      }
      throw error;
    }
  },
  component: lazyRouteComponent(() => import('./modules/shell/components/AppLayout.tsx'), 'AppLayout'),
});

const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./modules/home/components/HomePage.tsx'), 'HomePage'),
});

const peopleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people',
  validateSearch: validateListSearch,
  component: lazyRouteComponent(() => import('./modules/people/components/PeopleListPage.tsx'), 'PeopleListPage'),
});
const newPersonRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/new',
  validateSearch: (raw: Record<string, unknown>): { companyId?: string } =>
    typeof raw.companyId === 'string' && raw.companyId ? { companyId: raw.companyId } : {},
  component: lazyRouteComponent(() => import('./modules/people/components/NewPersonPage.tsx'), 'NewPersonPage'),
});
const personRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$personId',
  validateSearch: validateRecordSearch,
  component: lazyRouteComponent(() => import('./modules/people/components/PersonPage.tsx'), 'PersonPage'),
});

const companiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/companies',
  validateSearch: validateListSearch,
  component: lazyRouteComponent(
    () => import('./modules/companies/components/CompaniesListPage.tsx'),
    'CompaniesListPage',
  ),
});
const newCompanyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/companies/new',
  component: lazyRouteComponent(() => import('./modules/companies/components/NewCompanyPage.tsx'), 'NewCompanyPage'),
});
const companyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/companies/$companyId',
  validateSearch: validateRecordSearch,
  component: lazyRouteComponent(() => import('./modules/companies/components/CompanyPage.tsx'), 'CompanyPage'),
});

const newImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/imports/new',
  validateSearch: (raw: Record<string, unknown>): { kind?: ImportKind } =>
    typeof raw.kind === 'string' && (IMPORT_KINDS as readonly string[]).includes(raw.kind)
      ? { kind: raw.kind as ImportKind }
      : {},
  component: lazyRouteComponent(() => import('./modules/imports/components/ImportNewPage.tsx'), 'ImportNewPage'),
});
const importRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/imports/$importId',
  component: lazyRouteComponent(() => import('./modules/imports/components/ImportPage.tsx'), 'ImportPage'),
});

const duplicatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/duplicates',
  validateSearch: (raw: Record<string, unknown>): { kind?: 'people' | 'companies' } =>
    raw.kind === 'people' || raw.kind === 'companies' ? { kind: raw.kind } : {},
  component: lazyRouteComponent(() => import('./modules/duplicates/components/DuplicatesPage.tsx'), 'DuplicatesPage'),
});

const dataQualityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/data-quality',
  component: lazyRouteComponent(() => import('./modules/quality/components/DataQualityPage.tsx'), 'DataQualityPage'),
});

const dealsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/deals',
  validateSearch: validateDealsSearch,
  component: lazyRouteComponent(() => import('./modules/sales/components/DealsPage.tsx'), 'DealsPage'),
});
const newDealRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/deals/new',
  validateSearch: (raw: Record<string, unknown>): { pipeline?: string } =>
    typeof raw.pipeline === 'string' && raw.pipeline ? { pipeline: raw.pipeline } : {},
  component: lazyRouteComponent(() => import('./modules/sales/components/NewDealPage.tsx'), 'NewDealPage'),
});
const forecastRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/deals/forecast',
  validateSearch: validateForecastSearch,
  component: lazyRouteComponent(() => import('./modules/sales/components/ForecastPage.tsx'), 'ForecastPage'),
});
const performanceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/deals/performance',
  validateSearch: validatePerformanceSearch,
  component: lazyRouteComponent(() => import('./modules/sales/components/PerformancePage.tsx'), 'PerformancePage'),
});
const dealRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/deals/$dealId',
  component: lazyRouteComponent(() => import('./modules/sales/components/DealPage.tsx'), 'DealPage'),
});

const casesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/cases',
  validateSearch: validateCasesSearch,
  component: lazyRouteComponent(() => import('./modules/service/components/CasesPage.tsx'), 'CasesPage'),
});
const newCaseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/cases/new',
  component: lazyRouteComponent(() => import('./modules/service/components/NewCasePage.tsx'), 'NewCasePage'),
});
const caseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/cases/$caseId',
  component: lazyRouteComponent(() => import('./modules/service/components/CasePage.tsx'), 'CasePage'),
});

/** Any kind of record without a hand-written page (orders, invoices, payments…): fields, history, timeline. */
const kindRecordRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/records/$kind/$recordId',
  component: lazyRouteComponent(() => import('./modules/records/components/KindRecordPage.tsx'), 'KindRecordPage'),
});

const accountsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/accounts',
  component: lazyRouteComponent(() => import('./modules/accounts/components/AccountsHomePage.tsx'), 'AccountsHomePage'),
});
const knowledgeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/knowledge',
  validateSearch: validateKnowledgeSearch,
  component: lazyRouteComponent(() => import('./modules/knowledge/components/KnowledgePage.tsx'), 'KnowledgePage'),
});
const newArticleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/knowledge/new',
  component: lazyRouteComponent(() => import('./modules/knowledge/components/ArticlePage.tsx'), 'NewArticlePage'),
});
const articleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/knowledge/$articleId',
  component: lazyRouteComponent(() => import('./modules/knowledge/components/ArticlePage.tsx'), 'ArticlePage'),
});

const objectivesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/objectives',
  component: lazyRouteComponent(() => import('./modules/objectives/components/ObjectivesPage.tsx'), 'ObjectivesPage'),
});
const objectiveRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/objectives/$objectiveId',
  component: lazyRouteComponent(() => import('./modules/objectives/components/ObjectivePage.tsx'), 'ObjectivePage'),
});

const dashboardsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/dashboards',
  validateSearch: validateDashboardSearch,
  component: lazyRouteComponent(() => import('./modules/objectives/components/DashboardPage.tsx'), 'DashboardPage'),
});

const customDashboardsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/dashboards/custom',
  component: lazyRouteComponent(
    () => import('./modules/dashboards/components/DashboardsListPage.tsx'),
    'DashboardsListPage',
  ),
});
const newDashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/dashboards/custom/new',
  component: lazyRouteComponent(
    () => import('./modules/dashboards/components/DashboardEditorPage.tsx'),
    'DashboardNewPage',
  ),
});
const customDashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/dashboards/custom/$dashboardId',
  component: lazyRouteComponent(
    () => import('./modules/dashboards/components/DashboardViewPage.tsx'),
    'DashboardViewPage',
  ),
});
const editDashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/dashboards/custom/$dashboardId/edit',
  component: lazyRouteComponent(
    () => import('./modules/dashboards/components/DashboardEditorPage.tsx'),
    'DashboardEditPage',
  ),
});
const sharedDashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/dashboards/shared/$token',
  component: lazyRouteComponent(
    () => import('./modules/dashboards/components/SharedDashboardPage.tsx'),
    'SharedDashboardPage',
  ),
});

const handbookRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/handbook',
  validateSearch: validateHandbookSearch,
  component: lazyRouteComponent(() => import('./modules/handbook/components/HandbookPage.tsx'), 'HandbookPage'),
});

const setupRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/setup',
  component: lazyRouteComponent(() => import('./modules/objectives/components/SetupPage.tsx'), 'SetupPage'),
});

const popRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/pop',
  validateSearch: (raw: Record<string, unknown>): { phone?: string; email?: string } => {
    const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
    // A softphone that does not encode `+` sends `?phone=+44…`, which arrives as a leading space.
    const phone = text(raw.phone)
      .replace(/^ (?=\d)/, '+')
      .trim();
    const email = text(raw.email).trim();
    return phone ? { phone } : email ? { email } : {};
  },
  component: lazyRouteComponent(() => import('./modules/search/components/PopPage.tsx'), 'PopPage'),
});

const tasksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/tasks',
  validateSearch: validateListSearch,
  component: lazyRouteComponent(() => import('./modules/tasks/components/TasksListPage.tsx'), 'TasksListPage'),
});
const promisesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/promises',
  validateSearch: validateListSearch,
  component: lazyRouteComponent(() => import('./modules/promises/components/PromisesListPage.tsx'), 'PromisesListPage'),
});
const taskItemRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/tasks/$itemId',
  component: lazyRouteComponent(() =>
    import('./modules/shell/components/ItemRedirect.tsx').then((m) => ({
      default: () => <m.ItemRedirect object="tasks" />,
    })),
  ),
});
const promiseItemRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/promises/$itemId',
  component: lazyRouteComponent(() =>
    import('./modules/shell/components/ItemRedirect.tsx').then((m) => ({
      default: () => <m.ItemRedirect object="promises" />,
    })),
  ),
});

const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  component: lazyRouteComponent(() => import('./modules/settings/components/SettingsLayout.tsx'), 'SettingsLayout'),
});
const settingsIndexRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./modules/settings/components/SettingsIndex.tsx'), 'SettingsIndex'),
});
const workspaceRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'workspace',
  component: lazyRouteComponent(() => import('./modules/settings/components/WorkspacePage.tsx'), 'WorkspacePage'),
});
const usersRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'users',
  component: lazyRouteComponent(() => import('./modules/settings/components/UsersPage.tsx'), 'UsersPage'),
});
const teamsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'teams',
  component: lazyRouteComponent(() => import('./modules/settings/components/TeamsPage.tsx'), 'TeamsPage'),
});
const rolesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'roles',
  component: lazyRouteComponent(() => import('./modules/settings/components/RolesPage.tsx'), 'RolesPage'),
});
const fieldsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'fields',
  validateSearch: validateFieldsSearch,
  component: lazyRouteComponent(() => import('./modules/settings/components/CustomFieldsPage.tsx'), 'CustomFieldsPage'),
});
const tokensRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'tokens',
  component: lazyRouteComponent(() => import('./modules/settings/components/TokensPage.tsx'), 'TokensPage'),
});
const webhooksRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'webhooks',
  component: lazyRouteComponent(() => import('./modules/webhooks/components/WebhooksPage.tsx'), 'WebhooksPage'),
});
const pipelinesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'pipelines',
  component: lazyRouteComponent(() => import('./modules/sales/components/PipelinesPage.tsx'), 'PipelinesPage'),
});
const productsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'products',
  component: lazyRouteComponent(() => import('./modules/sales/components/ProductsPage.tsx'), 'ProductsPage'),
});
const leadFormsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'web-forms',
  component: lazyRouteComponent(() => import('./modules/sales/components/LeadFormsPage.tsx'), 'LeadFormsPage'),
});
const quotasRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'quotas',
  component: lazyRouteComponent(() => import('./modules/sales/components/QuotasPage.tsx'), 'QuotasPage'),
});
const creditRulesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'credit-rules',
  component: lazyRouteComponent(() => import('./modules/accounts/components/CreditRulesPage.tsx'), 'CreditRulesPage'),
});
const erpConnectionRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'erp-connection',
  component: lazyRouteComponent(
    () => import('./modules/accounts/components/ErpConnectionPage.tsx'),
    'ErpConnectionPage',
  ),
});
const caseTypesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'case-types',
  component: lazyRouteComponent(
    () => import('./modules/service/components/ServiceSettingsPage.tsx'),
    'ServiceSettingsPage',
  ),
});
const portalSettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'portal',
  component: lazyRouteComponent(
    () => import('./modules/portal/components/PortalSettingsPage.tsx'),
    'PortalSettingsPage',
  ),
});
const mailboxRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'mailbox',
  component: lazyRouteComponent(() => import('./modules/settings/components/MailboxPage.tsx'), 'MailboxPage'),
});
const privacySettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'privacy',
  component: lazyRouteComponent(() => import('./modules/privacy/RetentionPage.tsx'), 'RetentionPage'),
});
const auditRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'audit',
  validateSearch: validateAuditSearch,
  component: lazyRouteComponent(() => import('./modules/settings/components/AuditLogPage.tsx'), 'AuditLogPage'),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  appRoute.addChildren([
    homeRoute,
    peopleRoute,
    newPersonRoute,
    personRoute,
    companiesRoute,
    newCompanyRoute,
    companyRoute,
    dealsRoute,
    newDealRoute,
    forecastRoute,
    performanceRoute,
    dealRoute,
    casesRoute,
    newCaseRoute,
    caseRoute,
    accountsRoute,
    kindRecordRoute,
    knowledgeRoute,
    newArticleRoute,
    articleRoute,
    objectivesRoute,
    objectiveRoute,
    dashboardsRoute,
    customDashboardsRoute,
    newDashboardRoute,
    customDashboardRoute,
    editDashboardRoute,
    sharedDashboardRoute,
    handbookRoute,
    setupRoute,
    popRoute,
    tasksRoute,
    taskItemRoute,
    promisesRoute,
    promiseItemRoute,
    newImportRoute,
    importRoute,
    duplicatesRoute,
    dataQualityRoute,
    settingsRoute.addChildren([
      settingsIndexRoute,
      workspaceRoute,
      usersRoute,
      teamsRoute,
      rolesRoute,
      fieldsRoute,
      tokensRoute,
      webhooksRoute,
      pipelinesRoute,
      productsRoute,
      leadFormsRoute,
      quotasRoute,
      caseTypesRoute,
      portalSettingsRoute,
      creditRulesRoute,
      erpConnectionRoute,
      privacySettingsRoute,
      auditRoute,
      mailboxRoute,
    ]),
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    parseSearch: parseSearchParams,
    stringifySearch: stringifySearchParams,
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
