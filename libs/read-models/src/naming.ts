import { DefaultNamingStrategy, type NamingStrategyInterface, type Table } from 'typeorm';
import { snakeCase } from 'typeorm/util/StringUtils.js';

/**
 * Properties are camelCase in TypeScript and snake_case in PostgreSQL (`schoolId` ↔ `school_id`).
 * Written here because `typeorm-naming-strategies`, the usual package, declares TypeORM 0.x only.
 */
export class SnakeCaseNaming extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(propertyName: string, customName: string | undefined, embeddedPrefixes: string[]): string {
    return customName ?? snakeCase([...embeddedPrefixes, propertyName].join('_'));
  }

  /** PostgreSQL's own name for a primary key (`entries_pkey`), in the generated migrations too. */
  override primaryKeyName(tableOrName: Table | string): string {
    return `${this.getTableName(tableOrName).split('.').pop()!}_pkey`;
  }
}
