"""The popup and the options page in the banner languages: messages.json generated from the TOML and
complete in every language, each page drawn in each language by the real extension, and the language
setting switching them."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from orderlens import analyze
from tests.extension import strings_sync
from tests.extension.browser import EXTENSION
from tests.extension.conftest import ExtensionBrowser, free_port, wait_for
from tests.extension.pages import artifact, first_case, read_banners

MESSAGES = strings_sync.messages()
LANGS = sorted(MESSAGES)
ENGLISH = MESSAGES["en"]
# Messages a language may share with English: the same word ("Token", French "Options") or format.
SHARED_WITH_ENGLISH = {"lang", "options_token", "popup_options", "options_test_problem"}
_PLACEHOLDER = re.compile(r"\$([1-9])")
_RAW = re.compile(r"__MSG_|\b(?:popup|options|state|extension)_[a-z_]+\b")

browser_test = pytest.mark.browser


def expected(lang: str, key: str, *substitutions: str) -> str:
    """A message as the page must show it: its $1, $2… filled in."""
    return _PLACEHOLDER.sub(lambda m: substitutions[int(m.group(1)) - 1], MESSAGES[lang][key])


def _open(browser: ExtensionBrowser, path: str, lang: str, **settings: Any) -> Any:
    """An extension page opened in a tab with the language setting `lang`, once its words are in."""
    browser.settings(lang=lang, **settings)
    page = browser.context.new_page()
    browser.opened.append(page)
    page.set_viewport_size({"width": 800 if path.startswith("options") else 360, "height": 600})
    page.goto(f"chrome-extension://{browser.extension_id}/{path}")
    shown = _shown_lang(lang)
    wait_for(lambda: page.evaluate("() => document.documentElement.lang") == shown, 10, f"{path} in {shown}")
    return page


def _shown_lang(lang: str) -> str:
    """The language the pages must speak: the chosen one, English for one we lack or for "page" here
    (Debian's Chromium ships only the en-US interface unless chromium-l10n is installed)."""
    return lang if lang in MESSAGES else "en"


def _texts(page: Any) -> dict[str, str]:
    """Every text element of the page by its message name, plus the whole visible text as "body"."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => ({...Object.fromEntries([...document.querySelectorAll('[data-i18n]')]
                     .map((node) => [node.dataset.i18n, node.textContent])),
                   body: document.body.innerText, title: document.title})"""
    )


def _assert_clean(texts: dict[str, str]) -> None:
    for name, text in texts.items():
        assert text.strip(), f"{name} is empty"
        assert not _RAW.search(text), f"{name} shows a raw message name: {text!r}"


def _assert_translated(lang: str, keys: list[str]) -> None:
    if lang == "en":
        return
    same = [key for key in keys if MESSAGES[lang][key] == ENGLISH[key] and key not in SHARED_WITH_ENGLISH]
    assert not same, f"{lang} shows English for {same}"


# --- generated files ---------------------------------------------------------------------------------


def test_messages_json_files_match_the_toml() -> None:
    stale = strings_sync.stale_locales()
    assert not stale, f"stale {[str(p) for p in stale]}: run `python -m tests.extension.strings_sync`"
    assert sorted(p.name for p in strings_sync.LOCALES.iterdir()) == LANGS


def test_a_changed_toml_text_makes_its_messages_json_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = {lang: dict(found) for lang, found in MESSAGES.items()}
    changed["de"]["options_save"] = "Sichern"
    monkeypatch.setattr(strings_sync, "messages", lambda: changed)
    assert strings_sync.stale_locales() == [strings_sync.LOCALES / "de" / "messages.json"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_every_english_message(lang: str) -> None:
    found = MESSAGES[lang]
    assert set(found) == set(ENGLISH), f"{lang}: missing {set(ENGLISH) - set(found)}, extra {set(found) - set(ENGLISH)}"
    for key, text in found.items():
        assert text.strip(), f"{lang}.{key} is empty"
        assert sorted(_PLACEHOLDER.findall(text)) == sorted(_PLACEHOLDER.findall(ENGLISH[key])), (
            f"{lang}.{key} must use the same $1, $2… as English"
        )
        assert "$" not in _PLACEHOLDER.sub("", text), f"{lang}.{key}: only $1…$9 may follow a $"
    assert found["lang"] == lang
    _assert_translated(lang, list(found))


def test_manifest_describes_the_extension_in_each_language() -> None:
    manifest = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["default_locale"] == "en"
    assert manifest["description"] == "__MSG_extension_description__"
    assert "extension_description" in ENGLISH


# --- the pages in the browser -----------------------------------------------------------------------


@browser_test
def test_every_connection_state_has_words(browser: ExtensionBrowser) -> None:
    """states.js lists the states the service worker reports; each needs a label and a help text."""
    popup = _open(browser, "popup/popup.html", "en")
    states = popup.evaluate("async () => (await import('../shared/states.js')).STATES")
    assert "ok" in states and "down" in states
    missing = [f"state_{s}{end}" for s in states for end in ("", "_help") if f"state_{s}{end}" not in ENGLISH]
    assert not missing


def _tooltip(browser: ExtensionBrowser, page: Any) -> str:
    return str(browser.worker.evaluate("(tabId) => chrome.action.getTitle({tabId})", browser.tab_id(page)))


@browser_test
def test_toolbar_tooltip_follows_the_language(browser: ExtensionBrowser) -> None:
    browser.settings(server=f"http://127.0.0.1:{free_port()}", lang="es")  # nothing listens there
    down = browser.open(first_case("current_list", lambda c: bool(c.expected)))
    tooltip = "orderlens: " + expected("es", "state_down")
    wait_for(lambda: _tooltip(browser, down) == tooltip, 10, "the server-down tooltip in Spanish")
    down.close()

    browser.settings(lang="de")
    case = first_case("current_list", lambda c: len(c.expected) >= 2)
    page = browser.open(case)
    count = browser.wait_reported(page)["count"]
    assert count >= 1
    assert _tooltip(browser, page) == "orderlens: " + expected("de", "popup_count", str(count))


@browser_test
@pytest.mark.parametrize("lang", LANGS)
def test_popup_speaks_each_language(browser: ExtensionBrowser, lang: str) -> None:
    popup = _open(browser, "popup/popup.html", lang, token="")
    wait_for(lambda: popup.evaluate("() => document.body.dataset.state") == "no_token", 10, "the no-token state")
    texts = _texts(popup)
    _assert_clean(texts)
    assert popup.locator("#state-label").inner_text() == expected(lang, "state_no_token")
    assert popup.locator("#state-help").inner_text() == expected(lang, "state_no_token_help")
    assert texts["popup_options"] == expected(lang, "popup_options")
    _assert_translated(lang, ["state_no_token", "state_no_token_help", "popup_options"])
    popup.screenshot(path=artifact(f"popup-{lang}.png"))


@browser_test
@pytest.mark.parametrize("lang", LANGS)
def test_options_speaks_each_language(browser: ExtensionBrowser, lang: str) -> None:
    options = _open(browser, "options/options.html", lang)
    texts = _texts(options)
    _assert_clean(texts)
    keys = [key for key in texts if key not in ("body", "title")]
    assert {key: texts[key] for key in keys if key != "options_intro"} == {
        key: expected(lang, key) for key in keys if key != "options_intro"
    }
    assert texts["options_intro"] == expected(lang, "options_intro", "orderlens serve", "orderlens token")
    assert options.locator(".intro code").all_inner_texts() == ["orderlens serve", "orderlens token"]
    assert texts["title"] == expected(lang, "options_title")
    assert {"options_save", "options_test", "options_lang_page", "options_server"} <= set(keys)
    _assert_translated(lang, keys)
    # The language list names each language in itself, whatever the page's language.
    names = options.eval_on_selector_all("#lang option", "(all) => all.map((o) => [o.value, o.textContent])")
    assert dict(names)["de"] == "Deutsch" and dict(names)["ru"] == "Русский"
    assert dict(names)["ko"] == "한국어" and dict(names)["pl"] == "Polski" and dict(names)["tr"] == "Türkçe"
    assert options.locator("#lang").input_value() == lang

    options.fill("#server", "http://192.168.1.20:8765")  # another computer: refused
    options.click("#save")
    assert options.locator("#status").inner_text() == expected(lang, "options_bad_server")
    options.screenshot(path=artifact(f"options-{lang}.png"))


@browser_test
def test_options_status_messages_follow_the_language(browser: ExtensionBrowser) -> None:
    options = _open(browser, "options/options.html", "it")
    options.click("#reveal")
    assert options.locator("#reveal").inner_text() == expected("it", "options_hide")
    options.fill("#token", "wrong")
    options.click("#test")
    refused = expected("it", "state_unauthorized")
    wait_for(lambda: options.locator("#status").inner_text().startswith(refused), 10, "the token to be refused")
    assert expected("it", "state_unauthorized_help") in options.locator("#status").inner_text()

    options.fill("#token", browser.server.token)
    options.click("#test")
    connected = expected("it", "state_ok") + " (orderlens "
    wait_for(lambda: options.locator("#status").inner_text().startswith(connected), 10, "a successful test")


@browser_test
def test_saving_another_language_switches_the_options_page(browser: ExtensionBrowser) -> None:
    options = _open(browser, "options/options.html", "page")
    assert options.locator("#save").inner_text() == expected("en", "options_save")
    options.select_option("#lang", "ru")
    options.click("#save")
    wait_for(lambda: options.locator("#status").inner_text() == expected("ru", "options_saved"), 5, "saved in ru")
    assert options.evaluate("() => document.documentElement.lang") == "ru"
    assert options.locator("#save").inner_text() == expected("ru", "options_save")
    assert options.locator("#reveal").inner_text() == expected("ru", "options_show")
    assert options.title() == expected("ru", "options_title")

    options.select_option("#lang", "page")  # back to the browser's language
    options.click("#save")
    wait_for(lambda: options.locator("#status").inner_text() == expected("en", "options_saved"), 5, "saved, in en")
    assert options.evaluate("() => document.documentElement.lang") == "en"
    stored = browser.worker.evaluate("() => chrome.storage.local.get('settings')")["settings"]
    assert stored["lang"] == "page"


@browser_test
def test_language_setting_switches_the_popup(browser: ExtensionBrowser) -> None:
    popup = _open(browser, "popup/popup.html", "fr")
    wait_for(lambda: popup.evaluate("() => document.body.dataset.state") == "ok", 10, "a live connection check")
    assert popup.locator("#state-label").inner_text() == expected("fr", "state_ok")

    browser.settings(lang="page")
    popup.reload()
    wait_for(lambda: popup.evaluate("() => document.body.dataset.state") == "ok", 10, "a live connection check")
    assert popup.evaluate("() => document.documentElement.lang") == "en"
    assert popup.locator("#state-label").inner_text() == expected("en", "state_ok")
    # "page" means the browser's language, through chrome.i18n: the same words as chrome.i18n gives.
    ui = popup.evaluate("() => chrome.i18n.getUILanguage()").split("-")[0]
    assert popup.locator("#open-options").inner_text() == expected(_shown_lang(ui), "popup_options")


@browser_test
def test_a_language_without_messages_falls_back_to_english(browser: ExtensionBrowser) -> None:
    """A stored language we have no words for (set by hand, or dropped later) reads as English, as
    banners do, never as empty labels."""
    popup = _open(browser, "popup/popup.html", "ja", token="")
    wait_for(lambda: popup.evaluate("() => document.body.dataset.state") == "no_token", 10, "the no-token state")
    assert popup.locator("#state-label").inner_text() == expected("en", "state_no_token")
    assert popup.locator("#open-options").inner_text() == expected("en", "popup_options")


@browser_test
def test_popup_counts_orders_in_the_chosen_language(browser: ExtensionBrowser) -> None:
    page_case = first_case("current_list", lambda c: len(c.expected) >= 2)
    browser.settings(lang="de")
    order_page = browser.open(page_case)
    browser.wait_reported(order_page)
    # A popup belongs to the window's active tab; opened as a tab here, it is told the order page's tab.
    tab_id = browser.tab_id(order_page)
    popup = browser.context.new_page()
    browser.opened.append(popup)
    popup.add_init_script(f"chrome.tabs.query = async () => [{{ id: {tab_id} }}];")
    popup.goto(f"chrome-extension://{browser.extension_id}/popup/popup.html")
    wait_for(lambda: popup.locator("#reading").is_visible(), 10, "the order count")
    assert popup.locator("#reading").inner_text() == expected("de", "popup_count", str(len(page_case.expected)))


@browser_test
def test_a_korean_page_gets_its_banners_in_korean(browser: ExtensionBrowser) -> None:
    """With "Same as the page", a page from ko.aliexpress.com (<html lang="ko">) gets Korean banners and
    Korean labels around them, where it once got English ones."""
    browser.settings(lang="page")
    page_case = first_case("current_list", lambda c: c.name.endswith("_ko") and bool(c.expected))
    page = browser.open(page_case)
    browser.wait_reported(page)
    shown = {b["id"]: b for b in read_banners(page)}
    orders = analyze(page_case.html, url=page_case.url).orders
    wanted = {o.order_id: o.banner for o in orders if o.banner is not None}
    assert set(shown) == set(wanted) == set(page_case.expected)
    labels = strings_sync.table()["ko"]
    for order_id, built in wanted.items():
        assert built.lang == "ko"
        assert (shown[order_id]["title"], shown[order_id]["summary"]) == (built.title, built.summary)
        controlled = {c.kind for c in built.controls}  # the page's own buttons keep the page's words
        assert [a["label"] for a in shown[order_id]["actions"]] == [
            a.label for a in built.actions if a.kind not in controlled
        ]
        assert built.steps and shown[order_id]["steps"] == list(built.steps)
        assert shown[order_id]["why"] == labels["why"] != strings_sync.table()["en"]["why"]
    assert any(b["actions"] for b in shown.values()), "no banner link to check the button words on"
    page.screenshot(path=artifact("banners-ko.png"), full_page=True)
