"""Reading our closed shadow roots from a test, in Chromium.

Banner and notice hosts have closed shadow roots: page scripts, and so Playwright's locators, see
`host.shadowRoot === null`. The DevTools protocol still sees them (`DOM.getDocument` with
`pierce`), so a test's reading code gets them from here: `in_page(page, FUNCTION, arg)` runs
`FUNCTION(arg, rootOf)` in the page, where `rootOf(host)` is that host's root (or null). Clicks go
through the mouse at the control's place, so they are trusted events like the shopper's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

#: Our elements that carry a shadow root.
HOSTS = frozenset({"orderlens-banner", "orderlens-dismissed", "orderlens-notice"})

_CALL = """function (json, ...roots) {
  const rootOf = (host) => roots.find((root) => root.host === host) || null;
  return (%s)(JSON.parse(json), rootOf);
}"""


def _roots(node: dict[str, Any]) -> Iterator[int]:
    """backendNodeIds of the shadow roots of our hosts under `node` (frames included)."""
    if node.get("localName") in HOSTS:
        yield from (root["backendNodeId"] for root in node.get("shadowRoots", []))
    for child in (*node.get("children", []), *node.get("shadowRoots", []), node.get("contentDocument")):
        if child:
            yield from _roots(child)


def in_page(page: Any, function: str, arg: Any = None) -> Any:
    """`function(arg, rootOf)` run (and awaited) in `page`'s own world; its JSON-able result."""
    cdp = page.context.new_cdp_session(page)
    try:
        document = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
        this = cdp.send("DOM.resolveNode", {"backendNodeId": document["backendNodeId"]})["object"]["objectId"]
        roots = [cdp.send("DOM.resolveNode", {"backendNodeId": r})["object"]["objectId"] for r in _roots(document)]
        result = cdp.send(
            "Runtime.callFunctionOn",
            {
                "functionDeclaration": _CALL % function,
                "objectId": this,
                "arguments": [{"value": json.dumps(arg)}, *({"objectId": r} for r in roots)],
                "awaitPromise": True,
                "returnByValue": True,
            },
        )
    finally:
        cdp.detach()
    assert "exceptionDetails" not in result, result["exceptionDetails"]
    return result["result"].get("value")


# The control `inner` (a CSS selector inside the root) of the first host matching `host`.
_CONTROL = """([host, inner], rootOf) => {
  const el = document.querySelector(host);
  const root = el && rootOf(el);
  return (root && root.querySelector(inner)) || null;
}"""


def click(page: Any, host: str, inner: str) -> None:
    """Click a control inside a host's shadow root with the mouse (a trusted click)."""
    box = in_page(
        page,
        f"""(arg, rootOf) => {{
              const el = ({_CONTROL})(arg, rootOf);
              if (!el) return null;
              el.scrollIntoView({{block: "center"}});
              const r = el.getBoundingClientRect();
              return {{x: r.x + r.width / 2, y: r.y + r.height / 2}};
            }}""",
        [host, inner],
    )
    assert box, f"no {inner} in {host}"
    page.mouse.click(box["x"], box["y"])


def focus(page: Any, host: str, inner: str) -> None:
    """Put the focus on a control inside a host's shadow root."""
    found = in_page(
        page, f"(arg, rootOf) => {{ const el = ({_CONTROL})(arg, rootOf); el?.focus(); return !!el; }}", [host, inner]
    )
    assert found, f"no {inner} in {host}"


def visible(page: Any, host: str, inner: str) -> bool:
    """Whether a part of a host's shadow root is shown (rendered, not hidden, not empty), as Playwright's
    is_visible() judges an element."""
    return bool(
        in_page(
            page,
            f"""(arg, rootOf) => {{
                  const el = ({_CONTROL})(arg, rootOf);
                  if (!el || !el.checkVisibility({{visibilityProperty: true}})) return false;
                  const r = el.getBoundingClientRect();
                  return r.width > 0 && r.height > 0;
                }}""",
            [host, inner],
        )
    )


def ax_count(page: Any, host: str, role: str, name: str) -> int:
    """How many nodes with this role and exact accessible name the accessibility tree has under the
    first host matching `host` (what get_by_role would find, had it a way into closed roots)."""
    cdp = page.context.new_cdp_session(page)
    try:
        document = cdp.send("DOM.getDocument", {"depth": 0})["root"]
        node = cdp.send("DOM.querySelector", {"nodeId": document["nodeId"], "selector": host})["nodeId"]
        assert node, f"no {host} on the page"
        found = cdp.send("Accessibility.queryAXTree", {"nodeId": node, "role": role, "accessibleName": name})
    finally:
        cdp.detach()
    return len([n for n in found["nodes"] if not n.get("ignored")])


# axe-core walks into shadow roots through host.shadowRoot, which is null for ours: for the
# accessibility tests only, each host gets an own `shadowRoot` property on the page's side.
_OPEN_FOR_AXE = """(tags, rootOf) => {
  for (const host of document.querySelectorAll(tags.join(", "))) {
    const root = rootOf(host);
    if (root) Object.defineProperty(host, "shadowRoot", { value: root, configurable: true });
  }
}"""


def open_for_axe(page: Any) -> None:
    in_page(page, _OPEN_FOR_AXE, sorted(HOSTS))
