"""`orderlens new-layout NAME --from PAGE.html`: everything a new layout needs, in one step.

It writes parser/layouts/NAME.py from a template, registers it in parser/layouts/__init__.py, saves the
page through `redact` as fixtures/NAME/<page>.html and writes the expectation skeleton beside it. The
skeleton lists what the new layout finds, with "FILL ME" where only a person can say what is right, so
the fixture test fails until someone has looked at the page: a scaffold must never pass by accident.

It writes only into a source checkout: the one the running package comes from (an editable install),
or the one `--repo` names. An installed wheel is no checkout (no pyproject.toml, no fixtures/), so
there the command refuses unless `--repo` is given, and it never edits site-packages.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import keyword
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Annotated

import typer

from orderlens import parser
from orderlens.parser.analyze import analyze
from orderlens.parser.dom import BACKENDS, parse
from orderlens.parser.language import writes_month_first
from orderlens.parser.layouts.base import Layout, Page
from orderlens.parser.layouts.facts.dates import month_first_dates
from orderlens.parser.meaning.reader import kind_from_url
from orderlens.parser.model import OrderFacts, PageKind
from orderlens.parser.redact import redact
from orderlens.parser.redact.command import fail, read_page, summary, write_text
from orderlens.parser.screen import screen

TEMPLATE = Path(__file__).with_name("scaffold_template.py.txt")
KINDS = ("order_list", "order_detail", "tracking")
FILL_ME = "FILL ME"
# What every order of a fixture's expectation pins, in this order (tests/fixture_pages.py checks them).
ORDER_FIELDS = ("order_id", "scenario", "status_text", "store_name", "items", "total", "tracking_number", "detail_url")
FILL_SCENARIO = f"{FILL_ME}: none, unknown or a scenario id from docs/scenarios.md"
FILL_ORDER_ID = f"{FILL_ME}: the order id as the redacted page shows it"
# Selectors that match nothing, so an unedited layout never claims a page (nor steals another's).
UNSET_ORDERS = ".REPLACE-ME-with-the-selector-of-one-order-block"
UNSET_STATUS = ".REPLACE-ME-with-the-selector-of-the-status-text"
UNSET_STORE = ".REPLACE-ME-with-the-selector-of-the-store-name"
UNSET_ITEM = ".REPLACE-ME-with-the-selector-of-one-item-title"
UNSET_TOTAL = ".REPLACE-ME-with-the-selector-of-the-order-total"
# The template's lines between `##for KIND …` and the next `##…` line are only for those page kinds.
_SECTION = re.compile(r"##(?:for((?: \w+)+)|end)\n")

_NAME = re.compile(r"[a-z][a-z0-9_]*")


def default_repo() -> Path:
    """Where the running package's sources are: a checkout's root when it runs from one (an editable
    install), else the installed package's own folder (which `is_checkout` turns down)."""
    return Path(parser.__file__).resolve().parents[1]


def is_checkout(root: Path) -> bool:
    """A source checkout of orderlens, where layouts and fixtures are added; an installed package has
    the layouts but neither pyproject.toml nor fixtures/."""
    return (
        (root / "pyproject.toml").is_file()
        and (root / "parser" / "layouts" / "__init__.py").is_file()
        and (root / "fixtures").is_dir()
    )


def checkout_root(repo: Path | None) -> Path:
    """The checkout to write into: `--repo`, else the running one; refuses (exit 2) anything else."""
    root = (repo or default_repo()).resolve()
    if is_checkout(root):
        return root
    if repo is None:
        fail(
            "new-layout adds files to a source checkout, and this orderlens is an installed package; "
            "run it from a checkout or pass --repo PATH"
        )
    fail(f"{root}: not an orderlens checkout (it needs pyproject.toml, parser/layouts/ and fixtures/)")


def with_layout(source: str, name: str) -> str:
    """parser/layouts/__init__.py with `name` imported (in sorted place) and appended to REGISTRY.

    Idempotent: a name already imported and registered leaves the source unchanged. Raises ValueError
    when the file no longer has the shape this edit expects (then add the two lines by hand).
    """
    tree = ast.parse(source)
    imports = next(
        (
            n
            for n in tree.body
            if isinstance(n, ast.ImportFrom) and n.module == "orderlens.parser.layouts" and n.level == 0
        ),
        None,
    )
    registry = next((n.value for n in tree.body if isinstance(n, ast.Assign | ast.AnnAssign) and _is_registry(n)), None)
    if imports is None or not isinstance(registry, ast.Tuple):
        raise ValueError("no `from parser.layouts import (...)` or no `REGISTRY = (...)` tuple")
    lines = source.splitlines(keepends=True)
    entry = f"{name}.LAYOUT"
    if entry not in {ast.unparse(element) for element in registry.elts}:
        lines.insert(_closing_line(lines, registry), f"    {entry},\n")
    if name not in {alias.name for alias in imports.names}:
        following = [alias for alias in imports.names if alias.name > name]
        at = following[0].lineno - 1 if following else _closing_line(lines, imports)
        if following and lines[at].strip() != f"{following[0].name},":
            raise ValueError("the layout imports are not one per line")
        lines.insert(at, f"    {name},\n")
    return "".join(lines)


def _is_registry(node: ast.Assign | ast.AnnAssign) -> bool:
    targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
    return any(isinstance(target, ast.Name) and target.id == "REGISTRY" for target in targets)


def _closing_line(lines: list[str], node: ast.expr | ast.stmt) -> int:
    """Index of the line holding only the `)` that closes a multi-line tuple or import."""
    index = (node.end_lineno or node.lineno) - 1
    if node.lineno - 1 == index or lines[index].strip() != ")":
        raise ValueError("expected a parenthesised list with `)` on its own line")
    return index


def layout_source(name: str, kind: str, orders_css: str | None, status_css: str | None) -> str:
    """The new module's text: a working layout once the two selectors are right. A list page gets a
    `ListLayout` (one block per order, `block_facts`), a detail or tracking page a single-order `Layout`."""
    return Template(for_kind(TEMPLATE.read_text(encoding="utf-8"), kind)).substitute(
        name=name,
        kind=kind,
        class_name="".join(part.capitalize() for part in name.split("_")),
        orders_css=json.dumps(orders_css or UNSET_ORDERS),
        status_css=json.dumps(status_css or UNSET_STATUS),
        store_css=json.dumps(UNSET_STORE),
        item_css=json.dumps(UNSET_ITEM),
        total_css=json.dumps(UNSET_TOTAL),
        # A detail page is the order's detail page; a tracking page links to it.
        detail_url="page.url" if kind == "order_detail" else "detail_url_in(block, page.url)",
    )


def for_kind(template: str, kind: str) -> str:
    """The template's text for one page kind: shared lines, and the `##for` sections naming the kind."""
    pieces = _SECTION.split(template)  # text, kinds, text, kinds, … (kinds is None after `##end`)
    kept = [pieces[0]]
    for kinds, text in zip(pieces[1::2], pieces[2::2], strict=True):
        if kinds is None or kind in kinds.split():
            kept.append(text)
    return "".join(kept)


def load_layout(path: Path, name: str) -> Layout:
    """Import the freshly written module by path (the running registry does not have it yet)."""
    spec = importlib.util.spec_from_file_location(f"_orderlens_new_layout_{name}", path)
    if spec is None or spec.loader is None:
        fail(f"{path}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    layout: Layout = module.LAYOUT
    return layout


def orders_found(layout: Layout, html: str, url: str | None) -> list[OrderFacts] | None:
    """The orders the layout reads off the page, or None when it does not claim the page."""
    page = Page(parse(screen(html).html, "lexbor"), url)
    with month_first_dates(writes_month_first(page.document.lang)):  # read its dates as analyze() would
        return layout.extract(page) if layout.detect(page).claimed else None


def pinned_facts(facts: OrderFacts) -> dict[str, object]:
    """An order's facts in the shape fixture expectations pin them (ORDER_FIELDS after the scenario)."""
    return {
        "status_text": facts.status_text,
        "store_name": facts.store_name,
        "items": [item.title for item in facts.items],
        "total": facts.total,
        "tracking_number": facts.tracking_number,
        "detail_url": facts.detail_url,
    }


def expectation(url: str | None, name: str, kind: str, lang: str, orders: list[OrderFacts] | None) -> dict[str, object]:
    """The fixture's ground truth as far as a program can know it: what the new layout read, for the
    contributor to check against the page, and FILL ME where only a person can say (each scenario)."""
    entries = [{"order_id": facts.order_id, "scenario": FILL_SCENARIO, **pinned_facts(facts)} for facts in orders or []]
    unread = {field: FILL_ME for field in ORDER_FIELDS[2:]}
    return {
        "url": url,
        "layout": name,
        "page_kind": kind,
        "lang": lang,
        "orders": entries or [{"order_id": FILL_ORDER_ID, "scenario": FILL_SCENARIO, **unread}],
    }


def _guess_kind(url: str | None, read: PageKind) -> str:
    """The URL's page kind as the generic reader knows it, else the kind that reader saw, else a list."""
    return kind_from_url(url) or (read if read != "unknown" else "order_list")


def _next_steps(name: str, page: str, expected: str, claimed: bool) -> tuple[str, str, str]:
    check = f"`.venv/bin/orderlens analyze {page} --explain`"
    first = (
        f"Set STORE_CSS, ITEM_CSS and TOTAL_CSS in parser/layouts/{name}.py, refine its markers, and check with "
        f"{check} until every order, status and fact is right."
        if claimed
        else f"Set ORDER_CSS and STATUS_CSS (then STORE_CSS, ITEM_CSS, TOTAL_CSS) in parser/layouts/{name}.py to "
        f"the page's elements, and check with {check}."
    )
    tests = f".venv/bin/pytest tests/parser/test_fixtures.py -k {name}"
    return (
        first,
        f"Replace every FILL ME in {expected} with what the page shows (order ids, scenarios: docs/scenarios.md), "
        "and check every other value against the page, not against orderlens.",
        f"Run `{tests}` until only the missing snapshot fails; then store it with `{tests} --snapshot-update`, "
        "run `make test`, and open a pull request (docs/adding-a-layout.md).",
    )


def new_layout(
    name: Annotated[str, typer.Argument(help="The layout's name: a Python module name, e.g. ru_list.")],
    source: Annotated[
        Path,
        typer.Option(
            "--from", help="A saved page (.html) in the new layout, or a report (its id or folder).", show_default=False
        ),
    ],
    orders: Annotated[
        str | None, typer.Option(help="CSS selector of one order's block (default: set it in the module).")
    ] = None,
    status: Annotated[str | None, typer.Option(help="CSS selector of the status text inside an order's block.")] = None,
    kind: Annotated[
        str | None, typer.Option(help="order_list, order_detail or tracking (default: guessed from the URL).")
    ] = None,
    repo: Annotated[
        Path | None,
        typer.Option(help="The orderlens checkout to add to (default: the one running, if it is one)."),
    ] = None,
) -> None:
    """Scaffold a layout for a page orderlens does not understand: module, registration, fixture."""
    page, stem = source_page(source)
    files = _Files.of(checkout_root(repo), name, stem)
    registry = _checked_request(files, name, kind, {"--orders": orders, "--status": status})
    result = redact(read_page(page))  # a report's page is redacted already; once more changes nothing it needs
    before = analyze(result.html)
    if before.layout is not None:
        typer.echo(f"orderlens: note: {before.layout} claims this page already; fixing it may be simpler", err=True)
    page_kind = kind or _guess_kind(before.url, before.page_kind)

    write_text(files.module, layout_source(name, page_kind, orders, status))
    write_text(files.init, registry)
    try:
        files.fixture.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(f"{files.fixture.parent}: cannot create ({error.strerror or error})")
    write_text(files.fixture, result.html)
    found = orders_found(load_layout(files.module, name), result.html, before.url)
    skeleton = expectation(before.url, name, page_kind, before.lang, found)
    write_text(files.expected, json.dumps(skeleton, indent=2, ensure_ascii=False) + "\n")

    typer.echo(f"Wrote {files.show(files.module)} and registered it in {files.show(files.init)}")
    typer.echo(f"Wrote {files.show(files.fixture)} ({summary(result)})")
    found_text = "the layout does not claim the page yet" if found is None else f"{len(found)} order(s) found"
    typer.echo(f"Wrote {files.show(files.expected)} ({found_text}; FILL ME marks what you must decide)")
    typer.echo(f"Next steps, in {files.root}:")
    steps = _next_steps(name, files.show(files.fixture), files.show(files.expected), found is not None)
    for number, step in enumerate(steps, 1):
        typer.echo(f"  {number}. {step}")


def source_page(source: Path) -> tuple[Path, str]:
    """The page to start from and the name its fixture takes: a saved page as it is, or the page of the
    report that `source` names (by id, in $ORDERLENS_HOME/reports, or by folder), named after the report."""
    if source.is_file():
        return source, source.stem
    from orderlens.server.reports.store import report_page  # the server's package, only when a report is meant
    from orderlens.server.settings import SettingsError, home_dir

    try:
        page = report_page(home_dir(), str(source))
    except SettingsError:
        page = None
    if page is None:
        fail(f"{source}: no such file, and no report by that name (`orderlens reports` lists the reports)")
    return page, page.parent.name


@dataclass(frozen=True, slots=True)
class _Files:
    """Where the scaffold writes, inside one checkout."""

    root: Path
    init: Path
    module: Path
    fixture: Path
    expected: Path

    @classmethod
    def of(cls, root: Path, name: str, source_stem: str) -> _Files:
        layouts = root / "parser" / "layouts"
        stem = re.sub(r"[^\w.-]+", "_", source_stem).strip("_.") or "page"
        fixture = root / "fixtures" / name / f"{stem}.html"
        expected = fixture.with_name(f"{stem}.expected.json")
        return cls(root, layouts / "__init__.py", layouts / f"{name}.py", fixture, expected)

    def show(self, path: Path) -> str:
        return str(path.relative_to(self.root))


def _checked_request(files: _Files, name: str, kind: str | None, selectors: dict[str, str | None]) -> str:
    """Refuse (exit 2, nothing written) what cannot work; else the registry file with the layout added."""
    if not _NAME.fullmatch(name) or keyword.iskeyword(name):
        fail(f"{name!r} is not a valid layout name: use lower-case letters, digits and _, starting with a letter")
    if files.module.exists():
        fail(f"layout {name!r} exists already ({files.show(files.module)})")
    if files.fixture.exists() or files.expected.exists():
        fail(f"{files.show(files.fixture)} exists already")
    if kind is not None and kind not in KINDS:
        fail(f"unknown page kind {kind!r}; choose from {', '.join(KINDS)}")
    for option, css in selectors.items():
        if css is not None and not _valid_css(css):
            fail(f"{option} {css!r} is not a CSS selector both HTML backends understand")
    try:
        return with_layout(files.init.read_text(encoding="utf-8"), name)
    except (OSError, SyntaxError, ValueError) as error:
        fail(f"{files.init}: cannot register the layout automatically ({error})")


def _valid_css(css: str) -> bool:
    for backend in BACKENDS:
        try:
            parse("<html><body></body></html>", backend).root.select(css)
        except Exception:  # each backend raises its own selector error type
            return False
    return True
