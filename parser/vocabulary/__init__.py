"""Phrase tables (data, one TOML file per language) that turn page texts into canonical signals."""

from orderlens.parser.vocabulary.tables import CODES, Match, Vocabulary, vocabulary

__all__ = ["CODES", "Match", "Vocabulary", "vocabulary"]
