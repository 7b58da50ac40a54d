import { Global, Module, type DynamicModule } from '@nestjs/common';
import { PLATFORM_CONFIG, type PlatformConfig } from './config.js';

/** The validated configuration, injectable anywhere as PLATFORM_CONFIG. */
@Global()
@Module({})
export class PlatformConfigModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return { module: PlatformConfigModule, providers: [{ provide: PLATFORM_CONFIG, useValue: config }], exports: [PLATFORM_CONFIG] };
  }
}
