"""Phrase tables (data, one TOML file per language) that turn page texts into canonical signals."""

from parser.vocabulary.tables import CODES, Match, Vocabulary, vocabulary

__all__ = ["CODES", "Match", "Vocabulary", "vocabulary"]
