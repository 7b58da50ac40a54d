import { Global, Module } from '@nestjs/common';
import { ALERT_SUBJECT_NAMES, type AlertSubjectNames } from '#lib/alerts';
import { DIRECTORY, pupilNames } from '#lib/pupils';
import { ReadModels } from '#lib/read-models';
import { STAFF_DIRECTORY, staffNames } from '#lib/workforce';

/** The inbox names its alerts' pupils and staff from the features' directories (the inbox knows no feature). */
@Global()
@Module({
  providers: [
    {
      provide: ALERT_SUBJECT_NAMES,
      useFactory: (readModels: ReadModels): AlertSubjectNames => ({
        pupils: (scope, ids) => readModels.read(DIRECTORY, scope, (db) => pupilNames(db, ids)),
        staff: (scope, ids) => readModels.read(STAFF_DIRECTORY, scope, (db) => staffNames(db, ids)),
      }),
      inject: [ReadModels],
    },
  ],
  exports: [ALERT_SUBJECT_NAMES],
})
export class AlertSubjectNamesModule {}
