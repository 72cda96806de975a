import { createTranslator, useTranslator } from '../i18n';
import { enConsole } from '../i18n/console-en';
import { zhConsole } from '../i18n/console-zh';
import { enReport } from '../i18n/en';
import { enErrors } from '../i18n/errors-en';
import { enStaffErrors } from '../i18n/errors-staff-en';
import { zhStaffErrors } from '../i18n/errors-staff-zh';
import { zhErrors } from '../i18n/errors-zh';
import { enOnboard } from '../i18n/onboard-en';
import { zhOnboard } from '../i18n/onboard-zh';
import { zhReport } from '../i18n/zh';

const translator = createTranslator(
  { ...zhReport, ...zhErrors, ...zhStaffErrors, ...zhConsole, ...zhOnboard },
  { ...enReport, ...enErrors, ...enStaffErrors, ...enConsole, ...enOnboard },
);

/** `t()` for the console: the public strings plus the staff ones. */
export const useT = () => useTranslator(translator);
export type ConsoleT = ReturnType<typeof useT>;
