export { customFieldsRoutes } from './custom-fields.routes.ts';
export { CustomFieldsService } from './custom-fields.service.ts';
