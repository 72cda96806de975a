import { createTranslator, useTranslator } from '../i18n';
import { zhField } from '../i18n/field-zh';

/** Chinese is bundled; English is fetched on the first switch. */
const translator = createTranslator(zhField, () => import('../i18n/field-en').then((m) => m.enField));

export const useT = () => useTranslator(translator);
export type FieldT = ReturnType<typeof useT>;
