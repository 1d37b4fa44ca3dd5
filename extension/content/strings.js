// The few words a banner needs around the server's text ("Why?", "Dismiss", ...), per language.
//
// The server sends banners already localised, but not these labels, so the extension carries a
// copy of the [ui] tables in parser/banners/texts/<lang>.toml. The block below is written by
// `python -m tests.extension.strings_sync`; a test fails when it is stale. A plain script (not a
// module) because `orderlens preview` inlines it and the options page reads its language list.
(function () {
  "use strict";
  const ns = (globalThis.orderlens = globalThis.orderlens || {});

  // BEGIN generated from parser/banners/texts/*.toml
  const TABLE = {
    "de": {
      "why": "Warum?",
      "dismiss": "Ausblenden",
      "evidence_intro": "Das hat orderlens auf dieser Seite gefunden:"
    },
    "en": {
      "why": "Why?",
      "dismiss": "Dismiss",
      "evidence_intro": "orderlens saw on this page:"
    },
    "es": {
      "why": "¿Por qué?",
      "dismiss": "Descartar",
      "evidence_intro": "orderlens ha visto en esta página:"
    },
    "fr": {
      "why": "Pourquoi ?",
      "dismiss": "Masquer",
      "evidence_intro": "orderlens a vu sur cette page :"
    },
    "it": {
      "why": "Perché?",
      "dismiss": "Chiudi",
      "evidence_intro": "orderlens ha rilevato su questa pagina:"
    },
    "pt": {
      "why": "Por quê?",
      "dismiss": "Fechar",
      "evidence_intro": "orderlens identificou nesta página:"
    },
    "ru": {
      "why": "Почему?",
      "dismiss": "Скрыть",
      "evidence_intro": "orderlens обнаружил на этой странице:"
    }
  };
  // END generated

  ns.uiStrings = Object.freeze(TABLE);

  // Labels for a banner language: exact tag, then its base language ("es-MX" -> "es"), then English.
  ns.labelsFor = function (lang) {
    const tag = String(lang || "").toLowerCase();
    return ns.uiStrings[tag] || ns.uiStrings[tag.split("-")[0]] || ns.uiStrings.en;
  };
})();
