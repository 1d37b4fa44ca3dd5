"""Banners: what the shopper reads for each scenario, in their language, with buttons from the page."""

from orderlens.parser.banners.build import BANNER_LANGS, build_banner

__all__ = ["BANNER_LANGS", "build_banner"]
