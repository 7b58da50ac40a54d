import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DATABASE_OPTIONS, type DatabaseModuleOptions } from '#lib/core';
import { createPool } from '#lib/event-store';
import { readModelDataSource } from './data-source.js';
import type { Projection } from './projection.js';
import {
  PROJECTIONS,
  READ_MODEL_DATA_SOURCE,
  READ_MODEL_OPTIONS,
  READ_MODEL_POOL,
  READER_DATA_SOURCE,
  ReadModels,
  type ReadModelOptions,
} from './read-models.js';
import { ProjectionsController } from './projections.controller.js';
import { ReceivedFiles } from './received-files.js';

@Global()
@Module({})
export class ReadModelsModule {
  static forRoot(projections: Projection[], options: ReadModelOptions): DynamicModule {
    return {
      module: ReadModelsModule,
      controllers: [ProjectionsController],
      providers: [
        { provide: PROJECTIONS, useValue: projections },
        { provide: READ_MODEL_OPTIONS, useValue: options },
        {
          provide: READ_MODEL_DATA_SOURCE,
          useFactory: (db: DatabaseModuleOptions) =>
            readModelDataSource(projections, {
              databaseUrl: db.databaseUrl,
              role: db.role && db.role !== 'none' ? db.role : undefined,
            }).initialize(),
          inject: [DATABASE_OPTIONS],
        },
        {
          provide: READER_DATA_SOURCE,
          useFactory: (db: DatabaseModuleOptions) =>
            readModelDataSource(projections, { databaseUrl: db.databaseUrl, asReader: true }).initialize(),
          inject: [DATABASE_OPTIONS],
        },
        {
          provide: READ_MODEL_POOL,
          // Connections open on first use: a process that only reads never opens one.
          useFactory: (db: DatabaseModuleOptions) =>
            createPool(db.databaseUrl, 3, { role: db.role && db.role !== 'none' ? db.role : undefined }),
          inject: [DATABASE_OPTIONS],
        },
        ReadModels,
        ReceivedFiles,
      ],
      exports: [ReadModels, ReceivedFiles],
    };
  }
}
