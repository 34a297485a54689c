import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Preset } from '../../src-shared/shipping/api';
import type { ContainerId } from '../../src-shared/shipping/services';
import type { Database } from '../db/schema';
import { HttpError } from '../http-error';
import type { Clock } from '../services/clock';
import { isUniqueViolation } from './label-rows';

/** Saved package presets (name, packaging, dimensions, weight) per account. */
export class PresetStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Presets by name. */
  async list(userId: string): Promise<Preset[]> {
    const rows = await this.db
      .selectFrom('package_presets')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('name')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      container: r.container as ContainerId,
      weightLb: Number(r.weight_lb),
      lengthIn: Number(r.length_in),
      widthIn: Number(r.width_in),
      heightIn: Number(r.height_in),
    }));
  }

  /** Saves a preset; names are unique per account. */
  async create(userId: string, preset: Omit<Preset, 'id'>): Promise<Preset> {
    const id = randomUUID();
    try {
      await this.db
        .insertInto('package_presets')
        .values({
          id,
          user_id: userId,
          name: preset.name,
          container: preset.container,
          weight_lb: preset.weightLb,
          length_in: preset.lengthIn,
          width_in: preset.widthIn,
          height_in: preset.heightIn,
          created_at: this.clock.now(),
        })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new HttpError(409, 'PRESET_EXISTS', `name: A preset named "${preset.name}" already exists`);
      throw error;
    }
    return { id, ...preset };
  }

  /** Deletes a preset. */
  async remove(userId: string, id: string): Promise<void> {
    const result = await this.db
      .deleteFrom('package_presets')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1)
      throw new HttpError(404, 'PRESET_NOT_FOUND', 'That preset does not exist.');
  }
}
