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
      "evidence_intro": "Das hat orderlens auf dieser Seite gefunden:",
      "decisive": "Ausschlaggebend",
      "severity_action": "Handlungsbedarf:",
      "severity_warning": "Warnung:",
      "severity_info": "Hinweis:",
      "new_tab": "öffnet in einem neuen Tab",
      "more": "Mehr",
      "less": "Weniger",
      "dismissed": "Banner für diese Bestellung ausgeblendet.",
      "undo": "Rückgängig",
      "history_changed": "Geändert seit Ihrem letzten Besuch ({date}): vorher „{status}“",
      "history_changed_plain": "Geändert seit Ihrem letzten Besuch ({date})",
      "history_refund_waiting": "Status seit {days} Tagen unverändert; Erstattung läuft noch"
    },
    "en": {
      "why": "Why?",
      "dismiss": "Dismiss",
      "evidence_intro": "orderlens saw on this page:",
      "decisive": "Deciding fact",
      "severity_action": "Action needed:",
      "severity_warning": "Warning:",
      "severity_info": "Note:",
      "new_tab": "opens in a new tab",
      "more": "More",
      "less": "Less",
      "dismissed": "Banner hidden for this order.",
      "undo": "Undo",
      "history_changed": "Changed since your last visit ({date}): was “{status}”",
      "history_changed_plain": "Changed since your last visit ({date})",
      "history_refund_waiting": "Same status for {days} days; refund still in progress"
    },
    "es": {
      "why": "¿Por qué?",
      "dismiss": "Descartar",
      "evidence_intro": "orderlens ha visto en esta página:",
      "decisive": "Dato decisivo",
      "severity_action": "Acción necesaria:",
      "severity_warning": "Advertencia:",
      "severity_info": "Nota:",
      "new_tab": "se abre en una pestaña nueva",
      "more": "Más",
      "less": "Menos",
      "dismissed": "Aviso oculto para este pedido.",
      "undo": "Deshacer",
      "history_changed": "Cambió desde tu última visita ({date}): antes «{status}»",
      "history_changed_plain": "Cambió desde tu última visita ({date})",
      "history_refund_waiting": "Mismo estado desde hace {days} días; el reembolso sigue en curso"
    },
    "fr": {
      "why": "Pourquoi ?",
      "dismiss": "Masquer",
      "evidence_intro": "orderlens a vu sur cette page :",
      "decisive": "Élément décisif",
      "severity_action": "Action requise :",
      "severity_warning": "Attention :",
      "severity_info": "Remarque :",
      "new_tab": "s'ouvre dans un nouvel onglet",
      "more": "Voir plus",
      "less": "Voir moins",
      "dismissed": "Bandeau masqué pour cette commande.",
      "undo": "Annuler",
      "history_changed": "Changé depuis votre dernière visite ({date}) : avant « {status} »",
      "history_changed_plain": "Changé depuis votre dernière visite ({date})",
      "history_refund_waiting": "Même statut depuis {days} jours ; remboursement toujours en cours"
    },
    "it": {
      "why": "Perché?",
      "dismiss": "Chiudi",
      "evidence_intro": "orderlens ha rilevato su questa pagina:",
      "decisive": "Elemento decisivo",
      "severity_action": "Azione richiesta:",
      "severity_warning": "Attenzione:",
      "severity_info": "Nota:",
      "new_tab": "si apre in una nuova scheda",
      "more": "Altro",
      "less": "Meno",
      "dismissed": "Avviso nascosto per questo ordine.",
      "undo": "Annulla",
      "history_changed": "Cambiato dalla tua ultima visita ({date}): prima «{status}»",
      "history_changed_plain": "Cambiato dalla tua ultima visita ({date})",
      "history_refund_waiting": "Stesso stato da {days} giorni; rimborso ancora in corso"
    },
    "ko": {
      "why": "왜 그런가요?",
      "dismiss": "숨기기",
      "evidence_intro": "orderlens가 이 페이지에서 확인한 내용:",
      "decisive": "결정적인 근거",
      "severity_action": "조치 필요:",
      "severity_warning": "주의:",
      "severity_info": "참고:",
      "new_tab": "새 탭에서 열림",
      "more": "더 보기",
      "less": "접기",
      "dismissed": "이 주문의 배너를 숨겼어요.",
      "undo": "되돌리기",
      "history_changed": "지난번 방문({date}) 이후 바뀌었어요: 이전 상태 “{status}”",
      "history_changed_plain": "지난번 방문({date}) 이후 바뀌었어요",
      "history_refund_waiting": "{days}일째 같은 상태예요. 환불이 아직 진행 중이에요"
    },
    "nl": {
      "why": "Waarom?",
      "dismiss": "Verbergen",
      "evidence_intro": "Dit zag orderlens op deze pagina:",
      "decisive": "Doorslaggevend",
      "severity_action": "Actie nodig:",
      "severity_warning": "Let op:",
      "severity_info": "Goed om te weten:",
      "new_tab": "opent in een nieuw tabblad",
      "more": "Meer",
      "less": "Minder",
      "dismissed": "Banner verborgen voor deze bestelling.",
      "undo": "Ongedaan maken",
      "history_changed": "Veranderd sinds je laatste bezoek ({date}): was “{status}”",
      "history_changed_plain": "Veranderd sinds je laatste bezoek ({date})",
      "history_refund_waiting": "Al {days} dagen dezelfde status; de terugbetaling loopt nog"
    },
    "pl": {
      "why": "Dlaczego?",
      "dismiss": "Ukryj",
      "evidence_intro": "Co orderlens zobaczył na tej stronie:",
      "decisive": "Rozstrzygający fakt",
      "severity_action": "Wymaga działania:",
      "severity_warning": "Uwaga:",
      "severity_info": "Informacja:",
      "new_tab": "otwiera się w nowej karcie",
      "more": "Więcej",
      "less": "Mniej",
      "dismissed": "Baner ukryty dla tego zamówienia.",
      "undo": "Cofnij",
      "history_changed": "Zmiana od Twojej ostatniej wizyty ({date}): wcześniej „{status}”",
      "history_changed_plain": "Zmiana od Twojej ostatniej wizyty ({date})",
      "history_refund_waiting": "Ten sam status od {days} dni; zwrot pieniędzy wciąż trwa"
    },
    "pt": {
      "why": "Por quê?",
      "dismiss": "Fechar",
      "evidence_intro": "orderlens identificou nesta página:",
      "decisive": "Dado decisivo",
      "severity_action": "Ação necessária:",
      "severity_warning": "Atenção:",
      "severity_info": "Observação:",
      "new_tab": "abre em uma nova aba",
      "more": "Mais",
      "less": "Menos",
      "dismissed": "Aviso oculto para este pedido.",
      "undo": "Desfazer",
      "history_changed": "Mudou desde a sua última visita ({date}): antes “{status}”",
      "history_changed_plain": "Mudou desde a sua última visita ({date})",
      "history_refund_waiting": "Mesmo status há {days} dias; reembolso ainda em andamento"
    },
    "ru": {
      "why": "Почему?",
      "dismiss": "Скрыть",
      "evidence_intro": "orderlens обнаружил на этой странице:",
      "decisive": "Главный признак",
      "severity_action": "Требуется действие:",
      "severity_warning": "Внимание:",
      "severity_info": "К сведению:",
      "new_tab": "откроется в новой вкладке",
      "more": "Подробнее",
      "less": "Свернуть",
      "dismissed": "Баннер для этого заказа скрыт.",
      "undo": "Отменить",
      "history_changed": "Изменилось с вашего прошлого визита ({date}): было «{status}»",
      "history_changed_plain": "Изменилось с вашего прошлого визита ({date})",
      "history_refund_waiting": "Статус не меняется уже {days} дн.; возврат ещё идёт"
    },
    "tr": {
      "why": "Neden?",
      "dismiss": "Gizle",
      "evidence_intro": "orderlens bu sayfada şunları gördü:",
      "decisive": "Belirleyici bilgi",
      "severity_action": "İşlem gerekli:",
      "severity_warning": "Uyarı:",
      "severity_info": "Bilgi:",
      "new_tab": "yeni sekmede açılır",
      "more": "Daha fazla",
      "less": "Daha az",
      "dismissed": "Bu siparişin bildirimi gizlendi.",
      "undo": "Geri al",
      "history_changed": "Son ziyaretinizden ({date}) bu yana değişti: önceki durum “{status}”",
      "history_changed_plain": "Son ziyaretinizden ({date}) bu yana değişti",
      "history_refund_waiting": "{days} gündür aynı durumda; para iadesi hâlâ sürüyor"
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
