import { createTranslator, useTranslator } from '../i18n';
import { zhErrors } from '../i18n/errors-zh';
import { zhReport } from '../i18n/zh';

/** Chinese is bundled; English is fetched on the first switch (the public form's first-load budget). */
const translator = createTranslator({ ...zhReport, ...zhErrors }, () =>
  Promise.all([import('../i18n/en'), import('../i18n/errors-en')]).then(([r, e]) => ({ ...r.enReport, ...e.enErrors })),
);

/** `t()` for the citizen pages. */
export const useT = () => useTranslator(translator);
export type ReportT = ReturnType<typeof useT>;
