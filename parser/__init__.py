"""orderlens parser: saved or captured AliExpress order pages in, orders, scenarios and banners out."""

from orderlens.parser.analyze import analyze
from orderlens.parser.model import Analysis, to_json

__all__ = ["Analysis", "analyze", "to_json"]
__version__ = "0.1.0"
