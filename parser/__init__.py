"""orderlens parser: saved or captured AliExpress order pages in, orders, scenarios and banners out."""

from orderlens.parser.analyze import analyze
from orderlens.parser.model import Analysis

__all__ = ["Analysis", "analyze"]
__version__ = "0.1.0"
