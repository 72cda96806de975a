import { createTranslator, useTranslator } from '../i18n';
import { zhReport } from '../i18n/zh';

/** Chinese is bundled; English is fetched on the first switch (the public form's first-load budget). */
const translator = createTranslator(zhReport, () => import('../i18n/en').then((m) => m.enReport));

/** `t()` for the citizen pages. */
export const useT = () => useTranslator(translator);
export type ReportT = ReturnType<typeof useT>;
