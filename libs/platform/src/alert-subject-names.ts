import { Global, Module } from '@nestjs/common';
import { ALERT_SUBJECT_NAMES, type AlertSubjectNames } from '#lib/alerts';
import { DIRECTORY, pupilNames } from '#lib/pupils';
import { STAFF_DIRECTORY, staffNames } from '#lib/workforce';

/** The inbox names its alerts' pupils and staff from the features' directories (the inbox knows no feature). */
@Global()
@Module({
  providers: [
    {
      provide: ALERT_SUBJECT_NAMES,
      useValue: { readModels: [DIRECTORY, STAFF_DIRECTORY], pupils: pupilNames, staff: staffNames } satisfies AlertSubjectNames,
    },
  ],
  exports: [ALERT_SUBJECT_NAMES],
})
export class AlertSubjectNamesModule {}
