import { createTranslator, useTranslator } from '../i18n';
import { enConsole } from '../i18n/console-en';
import { zhConsole } from '../i18n/console-zh';
import { enReport } from '../i18n/en';
import { zhReport } from '../i18n/zh';

const translator = createTranslator({ ...zhReport, ...zhConsole }, { ...enReport, ...enConsole });

/** `t()` for the console: the public strings plus the staff ones. */
export const useT = () => useTranslator(translator);
export type ConsoleT = ReturnType<typeof useT>;
