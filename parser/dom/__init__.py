"""HTML backends behind one small interface, so layout code never depends on a parser library."""

from orderlens.parser.dom.base import Document, Node
from orderlens.parser.dom.registry import BACKENDS, parse

__all__ = ["BACKENDS", "Document", "Node", "parse"]
