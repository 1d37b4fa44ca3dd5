"""Reading pages by meaning: the path that works when no layout knows the page's class names."""

from orderlens.parser.meaning.reader import MeaningRead, read_by_meaning

__all__ = ["MeaningRead", "read_by_meaning"]
