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
import { LoginPage } from './modules/auth/components/LoginPage.tsx';
import { CompaniesListPage } from './modules/companies/components/CompaniesListPage.tsx';
import { CompanyPage } from './modules/companies/components/CompanyPage.tsx';
import { NewCompanyPage } from './modules/companies/components/NewCompanyPage.tsx';
import { HomePage } from './modules/home/components/HomePage.tsx';
import { NewPersonPage } from './modules/people/components/NewPersonPage.tsx';
import { PeopleListPage } from './modules/people/components/PeopleListPage.tsx';
import { PersonPage } from './modules/people/components/PersonPage.tsx';
import { parseSearchParams, stringifySearchParams, validateListSearch } from './modules/records/listSearch.ts';
import { validateRecordSearch } from './modules/records/recordSearch.ts';
import { PopPage } from './modules/search/components/PopPage.tsx';
import { SettingsIndex } from './modules/settings/components/SettingsIndex.tsx';
import { SettingsLayout } from './modules/settings/components/SettingsLayout.tsx';
import { validateAuditSearch, validateFieldsSearch } from './modules/settings/search.ts';
import { AppLayout } from './modules/shell/components/AppLayout.tsx';
import { ItemRedirect } from './modules/shell/components/ItemRedirect.tsx';
import { NotFound } from './modules/shell/components/NotFound.tsx';
import { RouteError } from './modules/shell/components/RouteError.tsx';

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
  component: LoginPage,
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
  component: AppLayout,
});

const homeRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: HomePage });

const peopleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people',
  validateSearch: validateListSearch,
  component: PeopleListPage,
});
const newPersonRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/new',
  validateSearch: (raw: Record<string, unknown>): { companyId?: string } =>
    typeof raw.companyId === 'string' && raw.companyId ? { companyId: raw.companyId } : {},
  component: NewPersonPage,
});
const personRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$personId',
  validateSearch: validateRecordSearch,
  component: PersonPage,
});

const companiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/companies',
  validateSearch: validateListSearch,
  component: CompaniesListPage,
});
const newCompanyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/companies/new',
  component: NewCompanyPage,
});
const companyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/companies/$companyId',
  validateSearch: validateRecordSearch,
  component: CompanyPage,
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
  component: PopPage,
});

const taskItemRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/tasks/$itemId',
  component: () => <ItemRedirect object="tasks" />,
});
const promiseItemRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/promises/$itemId',
  component: () => <ItemRedirect object="promises" />,
});

const settingsRoute = createRoute({ getParentRoute: () => appRoute, path: '/settings', component: SettingsLayout });
const settingsIndexRoute = createRoute({ getParentRoute: () => settingsRoute, path: '/', component: SettingsIndex });
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
const auditRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'audit',
  validateSearch: validateAuditSearch,
  component: lazyRouteComponent(() => import('./modules/settings/components/AuditLogPage.tsx'), 'AuditLogPage'),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  appRoute.addChildren([
    homeRoute,
    peopleRoute,
    newPersonRoute,
    personRoute,
    companiesRoute,
    newCompanyRoute,
    companyRoute,
    popRoute,
    taskItemRoute,
    promiseItemRoute,
    settingsRoute.addChildren([
      settingsIndexRoute,
      workspaceRoute,
      usersRoute,
      teamsRoute,
      rolesRoute,
      fieldsRoute,
      tokensRoute,
      auditRoute,
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
