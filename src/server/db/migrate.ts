import type { Kysely } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import * as foundation from './migrations/2026_11_22_1200_foundation.ts';
import * as customerView from './migrations/2026_11_22_1600_customer_view.ts';
import * as notifications from './migrations/2026_11_22_1700_notifications.ts';
import * as listIndexes from './migrations/2026_11_22_2100_list_indexes.ts';
import * as companyPeopleIndex from './migrations/2026_11_22_2300_company_people_index.ts';
import * as peopleNameCovering from './migrations/2026_11_22_2310_people_name_covering.ts';
import * as loginBackoff from './migrations/2026_12_02_1900_login_backoff.ts';
import * as jobs from './migrations/2026_12_02_2000_jobs.ts';
import * as mailAndPasswords from './migrations/2026_12_02_2100_mail_and_passwords.ts';
import * as reminderPendingIndexes from './migrations/2026_12_02_2200_reminder_pending_indexes.ts';
import * as webhooks from './migrations/2026_12_02_2200_webhooks.ts';
import * as sales from './migrations/2026_12_03_0800_sales.ts';
import * as grantDeals from './migrations/2026_12_03_0810_grant_deals.ts';
import * as quotas from './migrations/2026_12_03_0820_quotas.ts';
import * as typedLinks from './migrations/2026_12_03_0900_typed_links.ts';
import * as touchpointVisibility from './migrations/2026_12_03_0930_touchpoint_visibility.ts';
import * as products from './migrations/2026_12_03_0940_products.ts';
import * as leadForms from './migrations/2026_12_03_0950_lead_forms.ts';
import * as workspaceIndustries from './migrations/2026_12_03_1000_workspace_industries.ts';
import * as dealBoardIndexes from './migrations/2026_12_03_1010_deal_board_indexes.ts';
import * as metricsObjectives from './migrations/2026_12_03_1100_metrics_objectives.ts';
import * as service from './migrations/2026_12_03_1200_service.ts';
import * as caseWaits from './migrations/2026_12_04_1000_case_waits.ts';
import * as setup from './migrations/2026_12_04_1010_setup.ts';
import * as selfService from './migrations/2026_12_04_1200_self_service.ts';
import * as portalVisits from './migrations/2026_12_04_1210_portal_visits.ts';
import * as finance from './migrations/2026_12_04_1300_finance.ts';
import * as imports from './migrations/2026_12_04_1400_imports.ts';
import * as duplicatePairs from './migrations/2026_12_04_1410_duplicate_pairs.ts';
import * as slaWarnings from './migrations/2026_12_05_0900_sla_warnings.ts';
import * as caseCosts from './migrations/2026_12_05_0910_case_costs.ts';
import * as keyResults from './migrations/2026_12_05_0920_key_results.ts';
import * as caseEmail from './migrations/2026_12_05_1100_case_email.ts';
import * as metricDimensions from './migrations/2026_12_05_1200_1_metric_dimensions.ts';
import * as caseRatings from './migrations/2026_12_05_1200_2_case_ratings.ts';
import * as portalSettings from './migrations/2026_12_05_1200_3_portal_settings.ts';
import * as merges from './migrations/2026_12_05_1300_merges.ts';
import * as handbookAndDigest from './migrations/2026_12_05_1400_handbook_and_digest.ts';
import * as erpConnector from './migrations/2026_12_05_1500_erp_connector.ts';
import * as privacy from './migrations/2026_12_06_0100_privacy.ts';
import * as dashboards from './migrations/2026_12_06_0200_dashboards.ts';
import * as importFormats from './migrations/2026_12_06_0300_import_formats.ts';
import * as caseExchanges from './migrations/2026_12_06_0400_case_exchanges.ts';
import * as customerValue from './migrations/2026_12_06_0600_customer_value.ts';
import * as erpImportRuns from './migrations/2026_12_07_0100_erp_import_runs.ts';
import * as communicationTopics from './migrations/2026_12_07_0400_communication_topics.ts';

/** Every migration, in order. Imported statically so the list works the same from sources and bundles. */
const MIGRATIONS: Record<string, Migration> = {
  '2026_11_22_1200_foundation': foundation,
  '2026_11_22_1600_customer_view': customerView,
  '2026_11_22_1700_notifications': notifications,
  '2026_11_22_2100_list_indexes': listIndexes,
  '2026_11_22_2300_company_people_index': companyPeopleIndex,
  '2026_11_22_2310_people_name_covering': peopleNameCovering,
  '2026_12_02_1900_login_backoff': loginBackoff,
  '2026_12_02_2000_jobs': jobs,
  '2026_12_02_2200_webhooks': webhooks,
  '2026_12_02_2100_mail_and_passwords': mailAndPasswords,
  '2026_12_02_2200_reminder_pending_indexes': reminderPendingIndexes,
  '2026_12_03_0800_sales': sales,
  '2026_12_03_0810_grant_deals': grantDeals,
  '2026_12_03_0820_quotas': quotas,
  '2026_12_03_0900_typed_links': typedLinks,
  '2026_12_03_0930_touchpoint_visibility': touchpointVisibility,
  '2026_12_03_0940_products': products,
  '2026_12_03_0950_lead_forms': leadForms,
  '2026_12_03_1000_workspace_industries': workspaceIndustries,
  '2026_12_03_1010_deal_board_indexes': dealBoardIndexes,
  '2026_12_03_1200_service': service,
  '2026_12_04_1000_case_waits': caseWaits,
  '2026_12_04_1010_setup': setup,
  '2026_12_03_1100_metrics_objectives': metricsObjectives,
  '2026_12_04_1300_finance': finance,
  '2026_12_04_1400_imports': imports,
  '2026_12_04_1410_duplicate_pairs': duplicatePairs,
  '2026_12_05_0900_sla_warnings': slaWarnings,
  '2026_12_05_0910_case_costs': caseCosts,
  '2026_12_05_0920_key_results': keyResults,
  '2026_12_05_1500_erp_connector': erpConnector,
  '2026_12_06_0600_customer_value': customerValue,
  '2026_12_07_0400_communication_topics': communicationTopics,
  '2026_12_06_0400_case_exchanges': caseExchanges,
  '2026_12_04_1200_self_service': selfService,
  '2026_12_04_1210_portal_visits': portalVisits,
  '2026_12_05_1400_handbook_and_digest': handbookAndDigest,
  '2026_12_05_1200_1_metric_dimensions': metricDimensions,
  '2026_12_05_1200_2_case_ratings': caseRatings,
  '2026_12_05_1200_3_portal_settings': portalSettings,
  '2026_12_05_1100_case_email': caseEmail,
  '2026_12_05_1300_merges': merges,
  '2026_12_06_0200_dashboards': dashboards,
  '2026_12_06_0300_import_formats': importFormats,
  '2026_12_06_0100_privacy': privacy,
  '2026_12_07_0100_erp_import_runs': erpImportRuns,
};

// biome-ignore lint/suspicious/noExplicitAny: the migrator runs on any schema version
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
