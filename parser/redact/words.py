"""The words redaction may keep: the vocabulary's, language markers, month, carrier and brand names.

Everything here is the page's own interface wording or public names; none of it can identify a
shopper. Words are compared folded (parser.text.fold), as the vocabulary compares them.
"""

from __future__ import annotations

import re
from functools import cache

from orderlens.parser.text import fold
from orderlens.parser.vocabulary import vocabulary

LETTERS = re.compile(r"[^\W\d_]+")

# Month names and their usual abbreviations (folded) in the vocabulary's languages: order dates and
# tracking events are written with them ("Dec 06, 2026", "6 de diciembre de 2026", "6 дек. 2026").
MONTHS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre ene abr ago dic
    janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre janv fevr avr juil
    januar februar marz juni juli oktober dezember mrz okt dez
    gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre gen mag giu lug ott
    janeiro fevereiro marco maio junho julho setembro outubro dezembro fev set out
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря январь февраль март
    апрель май июнь июль август сентябрь октябрь ноябрь декабрь янв фев мар апр июн июл авг сен сент окт ноя дек
    stycznia lutego marca kwietnia maja czerwca lipca sierpnia wrzesnia pazdziernika listopada grudnia
    styczen luty marzec kwiecien maj czerwiec lipiec sierpien wrzesien pazdziernik listopad grudzien
    sty lut kwi cze lip sie wrz paz lis gru
    januari februari maart mei augustus mrt
    ocak subat mart nisan mayis mayıs haziran temmuz agustos eylul ekim kasim kasım aralik aralık""".split()
)

# Carriers AliExpress orders travel with, as pages name them (a short list: public company names).
CARRIERS = (
    "AliExpress Standard Shipping", "AliExpress Selection Standard", "AliExpress Premium Shipping",
    "AliExpress Saver Shipping", "Cainiao Super Economy", "Cainiao Standard", "Cainiao Expedited", "Cainiao",
    "4PX", "YunExpress", "Yanwen", "China Post", "EMS", "DHL", "FedEx", "UPS", "USPS", "TNT", "Correos Express",
    "Correos", "CTT", "Correios", "La Poste", "Colissimo", "Chronopost", "Deutsche Post", "DPD", "GLS",
    "Hermes", "Evri", "Royal Mail", "PostNL", "bpost", "InPost", "Poczta Polska", "Poste Italiane", "SDA",
    "Seur", "SF Express", "J&T Express", "Boxberry", "CDEK", "Почта России", "PTT", "Yurtiçi Kargo", "Aras Kargo",
    "CJ Logistics", "Korea Post", "우체국", "Australia Post", "Canada Post", "Posti", "PostNord", "Omniva",
)  # fmt: skip


# The shop's own names, written in headers, titles and footers of every page.
BRANDS = frozenset({"aliexpress", "alibaba", "alipay", "cainiao", "tmall", "taobao", "lazada", "miravia"})


@cache
def carrier_pattern() -> re.Pattern[str]:
    """The carrier names as whole words in folded text."""
    names = sorted((fold(name) for name in CARRIERS), key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, names)) + r")(?![^\W_])")


@cache
def phrase_words() -> frozenset[str]:
    """Every word of every vocabulary phrase and carrier name (folded): what a phrase match may keep.

    A word inside a matched phrase that is not one of these filled one of the phrase's gaps ("didn't ship
    *your order* in time"): it may be anything, so it is replaced like other text.
    """
    wordings = [wording for rows in vocabulary().rows.values() for wording in rows]
    wordings += [fold(name) for name in CARRIERS]
    return frozenset(word for wording in wordings for word in LETTERS.findall(wording))


@cache
def marker_words() -> frozenset[str]:
    """The words the language guess counts ("order", "the", "заказ"): kept wherever they stand."""
    return frozenset(word for words in vocabulary().markers.values() for word in words)


def is_kept_word(word: str) -> bool:
    """Would this word (folded) be kept somewhere? A placeholder must never be one."""
    return word in phrase_words() or word in marker_words() or word in MONTHS or word in BRANDS
