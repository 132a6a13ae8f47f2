/**
 * What the caller may work with: every kind of record from the registry they may read (tasks and promises among them,
 * marked as touchpoints), then the touchpoints served by their own module (activities), with the actions their role
 * allows and the fields it lets them read. The web derives object names, navigation and pickers from it.
 */
import { ACTIONS, type Ctx, can } from '../../platform/access/policy.ts';
import type { RecordKernel } from '../../platform/records/kernel.ts';
import type { RecordKind } from '../../platform/records/kind.ts';
import type { ObjectMeta } from './meta.schemas.ts';

export class MetaService {
  // biome-ignore lint/suspicious/noExplicitAny: kernels of every kind, whatever their record types
  readonly #kernels: readonly RecordKernel<any, any, any>[];

  readonly #touchpoints: readonly RecordKind[];

  // biome-ignore lint/suspicious/noExplicitAny: as above
  constructor(kernels: readonly RecordKernel<any, any, any>[], touchpoints: readonly RecordKind[] = []) {
    this.#kernels = kernels;
    this.#touchpoints = touchpoints;
  }

  async objects(ctx: Ctx): Promise<ObjectMeta[]> {
    const readable = this.#kernels.filter((k) => can(ctx.actor, k.kind.name, 'read'));
    const kinds = await Promise.all(
      readable.map(async (k) => ({
        kind: k.kind.name,
        label: k.kind.label,
        actions: ACTIONS.filter((a) => can(ctx.actor, k.kind.name, a)),
        visibility: k.kind.owned,
        fieldRules: k.kind.fieldRules !== false,
        touchpoint: k.kind.touchpoint === true,
        fields: (await k.fieldSpecs(ctx)).map((f) => ({
          key: f.key,
          label: f.label,
          type: f.type,
          filterable: f.filterable,
          sortable: f.sortable,
        })),
      })),
    );
    // The other touchpoints: their declared fields (no custom fields), with their own visibility when they have an owner.
    const touchpoints = this.#touchpoints
      .filter((k) => can(ctx.actor, k.name, 'read'))
      .map((k) => ({
        kind: k.name,
        label: k.label,
        actions: ACTIONS.filter((a) => can(ctx.actor, k.name, a)),
        visibility: k.owned,
        fieldRules: false,
        touchpoint: true,
        fields: k.fields.map((f) => ({
          key: f.key,
          label: f.label,
          type: f.type,
          filterable: f.filterable ?? true,
          sortable: f.sortable ?? true,
        })),
      }));
    return [...kinds, ...touchpoints];
  }
}
