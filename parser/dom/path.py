"""Element paths: where an element sits, written so that the shopper's browser finds the same element.

The extension captures the rendered page and the server parses that copy again. lexbor, html5lib and
browsers all build the tree the HTML standard prescribes, so a path of `tag:nth-of-type(n)` steps from
`<body>` leads to the same element in the live page. Counting by tag keeps the path valid although the
capture drops `<script>`, `<link>` and `<noscript>` elements: they never share a tag with a step.
"""

from __future__ import annotations

from parser.dom.base import Node


def element_path(node: Node) -> str:
    """`body > div:nth-of-type(2) > a:nth-of-type(1)`: a CSS selector of child steps from <body>."""
    steps: list[str] = []
    current: Node | None = node
    while current is not None and current.tag not in ("body", "html"):
        parent = current.parent
        if parent is None:
            break
        same_tag = [child.key for child in parent.children if child.tag == current.tag]
        steps.append(f"{current.tag}:nth-of-type({same_tag.index(current.key) + 1})")
        current = parent
    return " > ".join(["body", *reversed(steps)])
