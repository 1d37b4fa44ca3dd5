"""The extension files the Python side reads at run time, found inside the package wherever it is installed.

`orderlens serve` reads the manifest (its "key" fixes the Chrome extension id the server answers) and
`orderlens preview` inlines the banner scripts. Both live under `orderlens/extension/`: in a checkout
that is a link to the top-level `extension/` folder, in a wheel a copy of just these files (package data
in pyproject.toml), so a checkout, an editable install and an installed wheel find them at the same
place (docs/ARCHITECTURE.md, "One package").
"""

from __future__ import annotations

from pathlib import Path

EXTENSION = Path(__file__).parent / "extension"
MANIFEST = EXTENSION / "manifest.json"
CONTENT = EXTENSION / "content"
#: The extension's banner code, in the order the manifest loads it. These scripts and the manifest are
#: all the wheel ships of the extension (pyproject.toml, [tool.setuptools.package-data]).
BANNER_SCRIPTS = ("strings.js", "banner.js", "place.js")
