/**
 * What the caller may work with: every kind of record from the registry they may read, with the actions their role
 * allows and the fields it lets them read. The web derives object names, navigation and pickers from it.
 */
import { ACTIONS, type Ctx, can } from '../../platform/access/policy.ts';
import type { RecordKernel } from '../../platform/records/kernel.ts';
import type { ObjectMeta } from './meta.schemas.ts';

export class MetaService {
  // biome-ignore lint/suspicious/noExplicitAny: kernels of every kind, whatever their record types
  readonly #kernels: readonly RecordKernel<any, any, any>[];

  // biome-ignore lint/suspicious/noExplicitAny: as above
  constructor(kernels: readonly RecordKernel<any, any, any>[]) {
    this.#kernels = kernels;
  }

  async objects(ctx: Ctx): Promise<ObjectMeta[]> {
    const readable = this.#kernels.filter((k) => can(ctx.actor, k.kind.name, 'read'));
    return Promise.all(
      readable.map(async (k) => ({
        kind: k.kind.name,
        label: k.kind.label,
        actions: ACTIONS.filter((a) => can(ctx.actor, k.kind.name, a)),
        fields: (await k.fieldSpecs(ctx)).map((f) => ({
          key: f.key,
          label: f.label,
          type: f.type,
          filterable: f.filterable,
          sortable: f.sortable,
        })),
      })),
    );
  }
}
