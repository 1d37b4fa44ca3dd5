"""Calendar dates as order pages write them ("Sep 4, 2026", "4 de sept. de 2026", "2026-09-04", "04.09.2026",
"2026년 9월 4일").

Deadlines are compared with today's date, so the page's wording must become a real date; a text that
is not clearly one date gives None rather than a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache

from orderlens.parser.text import aligned_forms, fold

# Folded month names and abbreviations of the banner languages (and of pl, nl, tr), longest first in
# the pattern so "sept" wins over "sep".
_MONTH_WORDS = (  # January first, one string of words per month
    "january jan enero ene janvier janv januar gennaio gen janeiro января январь янв stycznia sty januari ocak oca",
    "february feb febrero fevrier fevr fev februar febbraio fevereiro февраля февраль фев lutego lut februari"
    " subat sub",
    "march mar marzo mars marz mrz marco марта март мар marca maart mart",
    "april apr abril abr avril avr aprile апреля апрель апр kwietnia kwi nisan nis",
    "may mayo mai maggio mag maio мая май maja maj mei mayis",
    "june jun junio juin juni giugno giu junho июня июнь июн czerwca cze haziran haz",
    "july jul julio juillet juil juli luglio lug julho июля июль июл lipca lip temmuz tem",
    "august aug agosto ago aout августа август авг sierpnia sie augustus agustos agu",
    "september sep sept septiembre setiembre septembre settembre set setembro сентября сентябрь сен сент wrzesnia wrz"
    " eylul eyl",
    "october oct octubre octobre oktober okt ottobre ott outubro out октября октябрь окт pazdziernika paz ekim eki",
    "november nov noviembre novembre novembro ноября ноябрь ноя listopada lis kasim kas",
    "december dec diciembre dic decembre dezember dez dicembre dezembro декабря декабрь дек grudnia gru aralik ara",
)
_MONTHS = {word: number for number, words in enumerate(_MONTH_WORDS, 1) for word in words.split()}
_MONTH = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_DAY, _YEAR = r"(?P<day>\d{1,2})", r"(?P<year>(?:19|20)\d{2})"
_GLUE = r"(?:\s|\.|,|de|del|di|du)*"  # "4 de sept. de 2026", "Sep. 4, 2026", "4. Sept. 2026"
# Numbers with the year last are day first ("28.09.2026", "28/09/2026"), as every locale that writes them on
# AliExpress does, except a page in US English, which writes them month first with slashes ("12/11/2026" is
# December 11: `month_first_dates`); a second number past 12 can only be the day, written the other way round
# ("09/28/2026").
_DAY_FIRST = re.compile(rf"(?<![\d.,/-]){_DAY}[./](?P<month>\d{{1,2}})[./]{_YEAR}(?!\d)")
_SHAPES = (
    re.compile(rf"(?<!\d){_YEAR}[-/.]\s?(?P<month>\d{{1,2}})[-/.]\s?{_DAY}(?!\d)"),  # "2026-12-11", "2026. 12. 11."
    _DAY_FIRST,
    re.compile(rf"{_YEAR}\s?년\s?(?P<month>\d{{1,2}})\s?월\s?{_DAY}\s?일"),
    re.compile(rf"(?<![^\W\d_])(?P<name>{_MONTH})(?![^\W\d_]){_GLUE}{_DAY}(?:st|nd|rd|th)?{_GLUE}{_YEAR}(?!\d)"),
    re.compile(rf"(?<!\d){_DAY}{_GLUE}(?P<name>{_MONTH})(?![^\W\d_]){_GLUE}{_YEAR}(?!\d)"),
)


# Today and yesterday (folded), as the newest carrier events date themselves ("Hoy 09:12", "Yesterday 18:40").
_RELATIVE_DAYS = (
    "today yesterday hoy ayer aujourd'hui hier heute gestern oggi ieri hoje ontem сегодня вчера dzis dzisiaj wczoraj"
    " vandaag gisteren bugun dun 오늘 어제"
)
_RELATIVE_DAY = "|".join(map(re.escape, _RELATIVE_DAYS.split()))
# A day and a month's name, as a carrier event dates itself without the year ("5 déc., 09:12", "Dec 5 09:12").
# Compiled on first use, as `_yearless` is: each costs a few milliseconds of every CLI start, and most pages
# never need them.
@cache
def _day_and_month_named() -> re.Pattern[str]:
    return re.compile(
        rf"(?<!\d)\d{{1,2}}{_GLUE}(?:{_MONTH})(?![^\W\d_])|(?<![^\W\d_])(?:{_MONTH})(?![^\W\d_]){_GLUE}\d{{1,2}}(?!\d)"
        rf"|(?<![^\W\d_])(?:{_RELATIVE_DAY})(?![^\W\d_])"
    )


# The same without the year, the day and the month's name captured ("antes del 11 dic", "by Dec 11"), or the
# day and the month in numbers ("do 14.12", "até 12/12", ordered as `_DAY_FIRST` orders them; a month after a dot
# has two digits, as dates are written, so a decimal such as "1.5" is none).
@cache
def _yearless() -> re.Pattern[str]:
    return re.compile(
        rf"(?<!\d){_DAY}{_GLUE}(?P<name>{_MONTH})(?![^\W\d_])"
        rf"|(?<![^\W\d_])(?P<name_first>{_MONTH})(?![^\W\d_]){_GLUE}(?P<day_after>\d{{1,2}})(?!\d)"
        r"|(?<![\d.,/-])(?P<number_day>\d{1,2})(?P<slash>/|\.(?=\d\d))(?P<number_month>\d{1,2})(?!\d|[./,]\d)"
        r"|(?<!\d)(?P<ko_month>\d{1,2})\s?월\s?(?P<ko_day>\d{1,2})\s?일"  # "12월 9일"
    )


def names_a_day(text: str) -> bool:
    """Whether `text` names a day by the month's name (year or not) or as today or yesterday, in any of the
    page languages."""
    return _day_and_month_named().search(fold(text)) is not None


_MONTH_FIRST: ContextVar[bool] = ContextVar("month_first", default=False)


@contextmanager
def month_first_dates(month_first: bool) -> Iterator[None]:
    """While reading one page: whether it writes numeric dates month first (a US English page, from its
    `<html lang>`). A context of its own, so the readers of a page's dates need not carry its locale."""
    token = _MONTH_FIRST.set(month_first)
    try:
        yield
    finally:
        _MONTH_FIRST.reset(token)


_TODAY: ContextVar[date | None] = ContextVar("today", default=None)


@contextmanager
def dates_judged_on(today: date) -> Iterator[None]:
    """While reading one page: the day it is judged on, which places an order date shown without its year
    ("14 октября", as aliexpress.ru lists this year's orders) in the last year that puts it on or before that day."""
    token = _TODAY.set(today)
    try:
        yield
    finally:
        _TODAY.reset(token)


def placed_on(text: str | None) -> date | None:
    """The day an order was placed, from its shown order date: with its year, or without it on a page judged on a
    known day (`dates_judged_on`), the latest such day not after it."""
    found = parse_date(text)
    today = _TODAY.get()
    if found is not None or today is None:
        return found
    day_and_month = _yearless_day(text, last=False)
    if day_and_month is None:
        return None
    day, month = day_and_month
    for year in (today.year, today.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None  # "30 Feb": not a date
        if candidate <= today:
            return candidate
    return None


_MAX_DAY_LINE = 24  # "14 октября", "от 2 декабря", "25 de septiembre": a day alone, no sentence


def is_yearless_day(text: str) -> bool:
    """Whether `text` is only a day and a month's name, perhaps after one short word ("от 2 декабря"): how
    aliexpress.ru dates this year's orders, read as an order's date where the page shows no dated line."""
    folded = fold(text)
    ending = _named_day_ending(folded) if len(folded) <= _MAX_DAY_LINE else None
    return ending is not None and len(folded[: ending.start()].split()) <= 1


def yearless_day_ending(text: str) -> str | None:
    """The day and month's name that end `text` ("Едет к тебе 25 сентября"), as the page shows them; None when
    it does not end with one."""
    display, folded = aligned_forms(text)
    ending = _named_day_ending(folded)
    if ending is None:
        return None
    shown = display if len(display) == len(folded) else folded  # same offsets: the page's own words
    return shown[ending.start() : ending.end()]


def _named_day_ending(folded: str) -> re.Match[str] | None:
    """The last day with its month's name in `folded` (no numbers-only date), when nothing but punctuation follows."""
    named = [match for match in _yearless().finditer(folded) if match.group("name") or match.group("name_first")]
    return named[-1] if named and not folded[named[-1].end() :].strip(" ,.") else None


def parse_date(text: str | None, last: bool = False) -> date | None:
    """The first calendar date written in `text` (the last one with `last`: the date right before a phrase that
    follows its date), in any of the page languages; None when there is none."""
    folded = fold(text or "")
    found: list[tuple[int, date]] = []
    for shape in _SHAPES:
        match = _last(shape, folded) if last else shape.search(folded)
        if match is None:
            continue
        groups = match.groupdict()
        month = _MONTHS[groups["name"]] if groups.get("name") else int(groups["month"])
        day = int(groups["day"])
        if shape is _DAY_FIRST:
            day, month = _day_and_month(day, month, "/" in match.group())
        try:
            found.append((match.start(), date(int(groups["year"]), month, day)))
        except ValueError:
            continue  # "Feb 30": not a date
    return (max(found) if last else min(found))[1] if found else None


def _day_and_month(first: int, second: int, slashed: bool) -> tuple[int, int]:
    """Day and month of a numeric date written day first, or month first on a US English page with slashes;
    a number past 12 can only be the day."""
    if second > 12 >= first or (_MONTH_FIRST.get() and slashed and first <= 12):
        return second, first
    return first, second


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    matches = list(pattern.finditer(text))
    return matches[-1] if matches else None


def parse_date_after(text: str | None, earliest: date, last: bool = False) -> date | None:
    """`parse_date`; a day and month written without the year ("antes del 11 dic", "do 14.12") is taken as its first
    occurrence on or after `earliest` (a deadline set after the order was placed)."""
    found = parse_date(text, last)
    if found is not None:
        return found
    day_and_month = _yearless_day(text, last)
    if day_and_month is None:
        return None
    day, month = day_and_month
    for year in (earliest.year, earliest.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None  # "30 Feb": not a date
        if candidate >= earliest:
            return candidate
    return None


def _yearless_day(text: str | None, last: bool) -> tuple[int, int] | None:
    """The day and month of the first (or `last`) date written without its year in `text`."""
    folded = fold(text or "")
    match = _last(_yearless(), folded) if last else _yearless().search(folded)
    if match is None:
        return None
    if match.group("number_day"):
        return _day_and_month(int(match["number_day"]), int(match["number_month"]), match["slash"] == "/")
    if match.group("ko_day"):
        return int(match["ko_day"]), int(match["ko_month"])
    month = _MONTHS[match.group("name") or match.group("name_first")]
    return int(match.group("day") or match.group("day_after")), month


def date_after(text: str, placed: date | None, last: bool = False) -> date | None:
    """A deadline's date in `text` (see `parse_date`): one written without its year counts from the day the order
    was `placed` (`parse_date_after`), and is not read when that day is unknown."""
    return parse_date_after(text, placed, last) if placed is not None else parse_date(text, last)
