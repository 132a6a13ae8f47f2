export type { CompanyCredit, CompanyValueRow } from './companies.repository.ts';
export { companiesRoutes } from './companies.routes.ts';
export {
  type ChurnRisk,
  type Company,
  CompanyView,
  CreateCompany,
  type RfmSegment,
  UpdateCompany,
} from './companies.schemas.ts';
export { CompaniesService } from './companies.service.ts';
export { companyCreatedLine } from './companies.timeline.ts';
