import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Projection } from './projection.js';
import { PROJECTIONS, READ_MODEL_OPTIONS, ReadModels, type ReadModelOptions } from './read-models.js';
import { ProjectionsController } from './projections.controller.js';

@Global()
@Module({})
export class ReadModelsModule {
  static forRoot(projections: Projection[], options: ReadModelOptions): DynamicModule {
    return {
      module: ReadModelsModule,
      controllers: [ProjectionsController],
      providers: [{ provide: PROJECTIONS, useValue: projections }, { provide: READ_MODEL_OPTIONS, useValue: options }, ReadModels],
      exports: [ReadModels],
    };
  }
}
