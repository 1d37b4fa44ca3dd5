"""Local analysis server: lets the paired orderlens extension run the parser on this machine.

Importing this package is cheap on purpose: the CLI imports `server.commands` for every command,
so FastAPI and uvicorn are only imported when the server actually starts.
"""
