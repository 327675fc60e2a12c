// SPDX-License-Identifier: MIT
// Catalogs by language; `npm run compile_catalog` writes messages/<lang>/translations.json
// from messages/<lang>/messages.po (see package.json).
import TRANSLATE_EN from "./en/translations.json";

export const translations = {
  en: { translation: TRANSLATE_EN },
};
