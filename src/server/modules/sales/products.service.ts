/**
 * Products: the price list (settings: admins keep it; anyone who reads deals reads it) and the line items of a deal.
 * A deal with lines takes its amount from them: the sum of each line's quantity × unit price × (1 − discount),
 * each line rounded half up to minor units, all in the deal's currency. Replacing the lines goes through the deal's
 * own update (version guard, audit, `deal.updated` event, timeline line), in the same transaction.
 */
import type { Database, Executor } from '../../db/database.ts';
import { assertCan, type Ctx } from '../../platform/access/policy.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { type FieldError, notFound, staleVersion, validation } from '../../platform/errors.ts';
import { newId, now } from '../../platform/ids.ts';
import { MAX_MINOR_UNITS } from '../../platform/schema.ts';
import type { Money } from './deals.schemas.ts';
import type { DealsService } from './deals.service.ts';
import * as repo from './products.repository.ts';
import type {
  CreateProduct,
  DealLine,
  DealLines,
  Product,
  ProductsQuery,
  ReplaceDealLines,
  UpdateProduct,
} from './products.schemas.ts';
import { salesError } from './sales.errors.ts';

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/**
 * A line's total in minor units: quantity (thousandths) × unit price (minor units) × (1 − discount (hundredths of a
 * percent)), rounded half up. Exact (BigInt): no floating-point drift however large the numbers.
 */
export function lineTotalMinor(quantityMilli: number, unitPriceMinor: number, discountBp: number): number {
  const num = BigInt(quantityMilli) * BigInt(unitPriceMinor) * BigInt(10_000 - discountBp);
  const den = 10_000_000n; // 1000 (thousandths) × 10,000 (hundredths of a percent)
  return Number((num * 2n + den) / (2n * den));
}

/** `value` scaled by `factor` as an integer, or undefined when it has more decimals than the scale keeps. */
function scaled(value: number, factor: number): number | undefined {
  const n = Math.round(value * factor);
  return Math.abs(n - value * factor) < 1e-6 ? n : undefined;
}

const toProduct = (r: repo.ProductRow): Product => ({
  id: r.id,
  name: r.name,
  sku: r.sku,
  unitPrice: { amountMinor: Number(r.unit_price_minor), currency: r.currency },
  active: r.active === 1,
  description: r.description,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class ProductsService {
  readonly #database: Database;
  readonly #deals: DealsService;

  constructor(deps: { database: Database; deals: DealsService }) {
    this.#database = deps.database;
    this.#deals = deps.deals;
  }

  get #db() {
    return this.#database.db;
  }

  // ---------- the price list ----------

  async list(ctx: Ctx, query: ProductsQuery): Promise<Product[]> {
    assertCan(ctx.actor, 'deals', 'read');
    return (await repo.listProducts(this.#db, { includeInactive: query.includeInactive ?? false, q: query.q })).map(
      toProduct,
    );
  }

  async get(ctx: Ctx, id: string): Promise<Product> {
    assertCan(ctx.actor, 'deals', 'read');
    const [row] = await repo.findProducts(this.#db, [id]);
    if (!row) throw notFound('products');
    return toProduct(row);
  }

  #check(input: UpdateProduct): FieldError[] {
    const errors: FieldError[] = [];
    if (input.name !== undefined && input.name.trim() === '') {
      errors.push({ pointer: '/name', detail: 'is required', in: 'body' });
    }
    if (input.sku !== undefined && input.sku.trim() === '') {
      errors.push({ pointer: '/sku', detail: 'is required', in: 'body' });
    }
    if (input.unitPrice && !CURRENCIES.has(input.unitPrice.currency)) {
      errors.push({ pointer: '/unitPrice/currency', detail: 'is not a known ISO 4217 currency', in: 'body' });
    }
    return errors;
  }

  async #assertSkuFree(db: Executor, sku: string, self?: string): Promise<void> {
    const other = await repo.findBySku(db, sku);
    if (other && other.id !== self) {
      throw salesError('products.sku_taken', 'SKU already used', `${other.name} already has the SKU ${sku}.`, [
        { pointer: '/sku', detail: 'is already used by another product', in: 'body' },
      ]);
    }
  }

  async create(ctx: Ctx, input: CreateProduct): Promise<Product> {
    assertCan(ctx.actor, 'settings', 'update');
    const errors = this.#check(input);
    if (errors.length > 0) throw validation(errors);
    return this.#db.transaction().execute(async (trx) => {
      const sku = input.sku.trim();
      await this.#assertSkuFree(trx, sku);
      const t = now();
      const row = {
        id: newId(),
        name: input.name.trim(),
        sku,
        unit_price_minor: input.unitPrice.amountMinor,
        currency: input.unitPrice.currency,
        active: input.active === false ? 0 : 1,
        description: input.description?.trim() || null,
        version: 1,
        created_at: t,
        updated_at: t,
      };
      await repo.insertProduct(trx, row);
      const product = toProduct(row);
      await recordAudit(trx, ctx, {
        action: 'create',
        object: 'products',
        recordId: row.id,
        changes: diff({}, product as unknown as Record<string, unknown>),
      });
      return product;
    });
  }

  async update(ctx: Ctx, id: string, input: UpdateProduct, ifMatch?: number): Promise<Product> {
    assertCan(ctx.actor, 'settings', 'update');
    const errors = this.#check(input);
    if (errors.length > 0) throw validation(errors);
    return this.#db.transaction().execute(async (trx) => {
      const [row] = await repo.findProducts(trx, [id]);
      if (!row) throw notFound('products');
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      const sku = input.sku?.trim();
      if (sku !== undefined) await this.#assertSkuFree(trx, sku, id);
      const t = now();
      const patch = {
        name: input.name?.trim(),
        sku,
        unit_price_minor: input.unitPrice?.amountMinor,
        currency: input.unitPrice?.currency,
        active: input.active === undefined ? undefined : input.active ? 1 : 0,
        description: input.description === undefined ? undefined : input.description?.trim() || null,
        updated_at: t,
      };
      if (!(await repo.updateProduct(trx, id, patch, row.version))) throw staleVersion(row.version + 1);
      const [fresh] = await repo.findProducts(trx, [id]);
      const before = toProduct(row);
      const after = toProduct(fresh!);
      const { version: _v, updatedAt: _u, ...b } = before;
      const { version: _v2, updatedAt: _u2, ...a } = after;
      await recordAudit(trx, ctx, { action: 'update', object: 'products', recordId: id, changes: diff(b, a) });
      return after;
    });
  }

  /** Deletes a product from the price list; deal lines keep their own description and price. */
  async remove(ctx: Ctx, id: string, ifMatch?: number): Promise<void> {
    assertCan(ctx.actor, 'settings', 'update');
    await this.#db.transaction().execute(async (trx) => {
      const [row] = await repo.findProducts(trx, [id]);
      if (!row) throw notFound('products');
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      await repo.deleteProduct(trx, id);
      await recordAudit(trx, ctx, { action: 'delete', object: 'products', recordId: id, changes: {} });
    });
  }

  // ---------- deal lines ----------

  async #linesOf(db: Executor, dealId: string, version: number): Promise<DealLines> {
    const rows = await repo.linesOf(db, dealId);
    const products = new Map(
      (await repo.findProducts(db, [...new Set(rows.flatMap((r) => (r.product_id ? [r.product_id] : [])))])).map(
        (p) => [p.id, p],
      ),
    );
    const lines: DealLine[] = rows.map((r) => {
      const p = r.product_id ? products.get(r.product_id) : undefined;
      return {
        id: r.id,
        productId: r.product_id,
        product: p ? { id: p.id, name: p.name, sku: p.sku } : null,
        description: r.description,
        quantity: Number(r.quantity_milli) / 1000,
        unitPrice: { amountMinor: Number(r.unit_price_minor), currency: r.currency },
        discountPercent: r.discount_bp / 100,
        total: { amountMinor: Number(r.total_minor), currency: r.currency },
      };
    });
    const total: Money | null =
      lines.length === 0
        ? null
        : {
            amountMinor: lines.reduce((s, l) => s + l.total.amountMinor, 0),
            currency: lines[0]!.total.currency,
          };
    return { dealId, lines, total, dealVersion: version };
  }

  /** The line items of a deal the caller may see (404 otherwise). */
  async lines(ctx: Ctx, dealId: string): Promise<DealLines> {
    assertCan(ctx.actor, 'deals', 'read');
    const deal = await this.#deals.records.load(ctx, dealId);
    return this.#linesOf(this.#db, dealId, deal.version);
  }

  /**
   * Replaces a deal's line items and sets its amount to their total, through the deal's own update (version guard,
   * field rules, audit, event, timeline), in one transaction. Every line is in the deal's currency (the first line's
   * when the deal has no amount yet); a line in another one answers 400 naming it. Without lines the deal keeps its
   * amount, which is then edited by hand again.
   */
  async replaceLines(ctx: Ctx, dealId: string, input: ReplaceDealLines, ifMatch?: number): Promise<DealLines> {
    assertCan(ctx.actor, 'deals', 'update');
    return this.#db.transaction().execute(async (trx) => {
      const deal = await this.#deals.records.load(ctx, dealId, trx, { forWrite: true });
      if (ifMatch !== undefined && ifMatch !== deal.version) throw staleVersion(deal.version);
      const before = await repo.linesOf(trx, dealId);
      const onDeal = new Set(before.flatMap((l) => (l.product_id ? [l.product_id] : [])));
      const wanted = [...new Set(input.lines.flatMap((l) => (l.productId ? [l.productId] : [])))];
      const products = new Map((await repo.findProducts(trx, wanted)).map((p) => [p.id, p]));
      const errors: FieldError[] = [];
      const err = (pointer: string, detail: string) => errors.push({ pointer, detail, in: 'body' });
      let currency = deal.amount_minor !== null && deal.currency ? deal.currency : undefined;
      const rows = input.lines.flatMap((l, i) => {
        const at = `/lines/${i}`;
        const product = l.productId ? products.get(l.productId) : undefined;
        // An inactive product may stay on a deal that has it, but is not offered for new lines.
        if (l.productId && (!product || (product.active !== 1 && !onDeal.has(product.id)))) {
          err(`${at}/productId`, 'is not an active product of the price list');
          return [];
        }
        const description = l.description?.trim() || product?.name;
        if (!description) err(`${at}/description`, 'is required for a line without a product');
        const quantity = scaled(l.quantity, 1000);
        if (quantity === undefined || quantity <= 0) err(`${at}/quantity`, 'has more than three decimals');
        const discount = scaled(l.discountPercent ?? 0, 100);
        if (discount === undefined) err(`${at}/discountPercent`, 'has more than two decimals');
        const price =
          l.unitPrice ??
          (product ? { amountMinor: Number(product.unit_price_minor), currency: product.currency } : undefined);
        if (!price) {
          err(`${at}/unitPrice`, 'is required for a line without a product');
          return [];
        }
        if (!CURRENCIES.has(price.currency)) {
          err(`${at}/unitPrice/currency`, 'is not a known ISO 4217 currency');
          return [];
        }
        currency ??= price.currency;
        if (price.currency !== currency) {
          err(
            l.unitPrice ? `${at}/unitPrice/currency` : `${at}/productId`,
            `is in ${price.currency}, the deal in ${currency}`,
          );
          return [];
        }
        if (!description || quantity === undefined || quantity <= 0 || discount === undefined) return [];
        const total = lineTotalMinor(quantity, price.amountMinor, discount);
        if (total > MAX_MINOR_UNITS) err(at, 'its total is too large');
        return [
          {
            id: newId(),
            deal_id: dealId,
            position: i,
            product_id: product?.id ?? null,
            description,
            quantity_milli: quantity,
            unit_price_minor: price.amountMinor,
            currency: price.currency,
            discount_bp: discount,
            total_minor: total,
          },
        ];
      });
      const sum = rows.reduce((s, r) => s + r.total_minor, 0);
      if (errors.length === 0 && sum > MAX_MINOR_UNITS) err('/lines', 'their total is too large');
      if (errors.length > 0) {
        throw salesError(
          'deals.lines_invalid',
          'Invalid line items',
          errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '),
          errors,
        );
      }
      await repo.replaceLines(trx, dealId, rows);
      const brief = (
        ls: {
          description: string;
          quantity_milli: number | string;
          unit_price_minor: number | string;
          discount_bp: number;
          total_minor: number | string;
          currency: string;
        }[],
      ) =>
        ls.map(
          (l) =>
            `${Number(l.quantity_milli) / 1000} × ${l.description} @ ${l.unit_price_minor} ${l.currency}${l.discount_bp ? ` −${l.discount_bp / 100}%` : ''} = ${l.total_minor}`,
        );
      const changes = diff({ lines: brief(before) }, { lines: brief(rows) });
      if (Object.keys(changes).length > 0) {
        await recordAudit(trx, ctx, { action: 'update', object: 'deals', recordId: dealId, changes });
      }
      // The amount goes through the deal's own update: field rules, version, audit, event and timeline line.
      const updated = await this.#deals.records.update(
        ctx,
        dealId,
        rows.length > 0 ? { amount: { amountMinor: sum, currency: currency! } } : {},
        ifMatch,
        trx,
      );
      return this.#linesOf(trx, dealId, updated.version as number);
    });
  }
}
