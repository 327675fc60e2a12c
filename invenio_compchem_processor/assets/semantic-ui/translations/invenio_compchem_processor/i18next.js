// SPDX-License-Identifier: MIT
// The panel's own i18next instance (invenio-i18n conventions): keys are the
// English strings, the page's <html lang> picks the language, English is the
// fallback.
import i18n from "i18next";
import LanguageDetector from "i18next-browser-languagedetector";
import { initReactI18next } from "react-i18next";
import { translations } from "./messages";

const i18next = i18n.createInstance();
i18next
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    fallbackLng: "en",
    returnEmptyString: false,
    debug: false,
    resources: translations,
    keySeparator: false,
    nsSeparator: false,
    detection: { order: ["htmlTag"], caches: [] },
    interpolation: { escapeValue: false },
    react: { transKeepBasicHtmlNodesFor: [] },
  });

export { i18next };
