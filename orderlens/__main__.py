"""`python -m orderlens …` is the `orderlens` command."""

from orderlens.parser.cli import main

main()
