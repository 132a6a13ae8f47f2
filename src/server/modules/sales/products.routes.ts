import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DataEnvelope, errors, IdParams, ifMatch, setEtag } from '../../platform/http.ts';
import {
  CreateProduct,
  DealLines,
  Product,
  ProductsQuery,
  ReplaceDealLines,
  UpdateProduct,
} from './products.schemas.ts';
import type { ProductsService } from './products.service.ts';

const configure = { access: { object: 'settings', action: 'update' }, module: 'sales' } as const;
const read = { access: { object: 'deals', action: 'read' }, module: 'sales' } as const;
const updateDeal = { access: { object: 'deals', action: 'update' }, module: 'sales' } as const;

export const productsRoutes: FastifyPluginAsyncTypebox<{ products: ProductsService }> = async (app, { products }) => {
  app.get(
    '/products',
    {
      config: read,
      schema: {
        operationId: 'listProducts',
        summary: 'The price list (active products unless includeInactive), by name',
        tags: ['sales'],
        querystring: ProductsQuery,
        response: { 200: DataEnvelope(Product), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ data: await products.list(request.ctx(), request.query) }),
  );
  app.post(
    '/products',
    {
      config: configure,
      schema: {
        operationId: 'createProduct',
        summary: 'Add a product to the price list (SKU unique)',
        tags: ['sales'],
        body: CreateProduct,
        response: { 201: Product, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const p = await products.create(request.ctx(), request.body);
      setEtag(reply, p.version);
      return reply.status(201).header('location', `/api/v1/products/${p.id}`).send(p);
    },
  );
  app.get(
    '/products/:id',
    {
      config: read,
      schema: {
        operationId: 'getProduct',
        summary: 'A product of the price list',
        tags: ['sales'],
        params: IdParams,
        response: { 200: Product, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const p = await products.get(request.ctx(), request.params.id);
      setEtag(reply, p.version);
      return p;
    },
  );
  app.patch(
    '/products/:id',
    {
      config: configure,
      schema: {
        operationId: 'updateProduct',
        summary: 'Change a product (name, SKU, price, active, description); If-Match guards the version',
        tags: ['sales'],
        params: IdParams,
        body: UpdateProduct,
        response: { 200: Product, ...errors(400, 401, 403, 404, 409, 412, 422) },
      },
    },
    async (request, reply) => {
      const p = await products.update(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, p.version);
      return p;
    },
  );
  app.delete(
    '/products/:id',
    {
      config: configure,
      schema: {
        operationId: 'deleteProduct',
        summary: 'Remove a product from the price list (deal lines keep their description and price)',
        tags: ['sales'],
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      await products.remove(request.ctx(), request.params.id, ifMatch(request));
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/deals/:id/lines',
    {
      config: read,
      schema: {
        operationId: 'getDealLines',
        summary: "A deal's line items and their total",
        tags: ['sales'],
        params: IdParams,
        response: { 200: DealLines, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const l = await products.lines(request.ctx(), request.params.id);
      setEtag(reply, l.dealVersion);
      return l;
    },
  );
  app.put(
    '/deals/:id/lines',
    {
      config: updateDeal,
      schema: {
        operationId: 'replaceDealLines',
        summary: "Replace a deal's line items; the deal's amount becomes their total (If-Match: the deal's version)",
        tags: ['sales'],
        params: IdParams,
        body: ReplaceDealLines,
        response: { 200: DealLines, ...errors(400, 401, 403, 404, 412, 422) },
      },
    },
    async (request, reply) => {
      const l = await products.replaceLines(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, l.dealVersion);
      return l;
    },
  );
};
