"""`orderlens serve`, `orderlens token` and `orderlens service`: the CLI face of the server.

Registered on the main typer app by parser/cli.py. Heavy imports (FastAPI, uvicorn, the parser)
happen inside `serve`, so other CLI commands do not pay for them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from orderlens.server import service, tokens
from orderlens.server.invocation import argv, command_line
from orderlens.server.settings import DEFAULT_PORT, LOOPBACK_NAMES, Settings, SettingsError, load_settings
from orderlens.server.version import version

BIND_ADDRESS = "127.0.0.1"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
#: Pending connections the kernel queues for us, which is also how many asyncio accepts in one go
#: before any of them is counted against the connection caps (uvicorn's default is 2048).
ACCEPT_BACKLOG = 128


def _fail(message: str) -> NoReturn:
    """One clear line on stderr and exit status 2 — never a traceback."""
    typer.echo(f"orderlens: {message}", err=True)
    raise typer.Exit(2)


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        _fail(str(exc))


def _bind(port: int) -> socket.socket:
    """Bind the loopback socket ourselves so a busy port is a clear message, not a uvicorn traceback."""
    # proto must be IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on sockets that say so, and
    # without it every kept-alive request waits ~40 ms for a delayed ACK (Nagle).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        if sys.platform != "win32":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((BIND_ADDRESS, port))
    except OSError as exc:
        sock.close()
        _fail(f"cannot listen on {BIND_ADDRESS}:{port} ({exc.strerror or exc}); choose another --port")
    return sock


def raise_file_limit() -> int:
    """Raise the soft limit on open files to the hard one (often 1,024 against 500,000 or more), so
    that connections, worker pipes and logs have room; returns the soft limit now in force."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and (hard == resource.RLIM_INFINITY or soft < hard):
        # macOS reports an infinite hard limit but refuses it: then the soft limit stays as it was.
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
    return soft


def serve(
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port on 127.0.0.1 (0 picks a free one).")] = DEFAULT_PORT,
    host: Annotated[
        str, typer.Option(help="Only 127.0.0.1 or localhost: the server never accepts other machines.")
    ] = BIND_ADDRESS,
) -> None:
    """Start the local analysis server that the orderlens browser extension talks to."""
    if host.lower() not in LOOPBACK_NAMES:
        _fail(f"refusing --host {host}: the server only listens on 127.0.0.1 (this machine)")
    settings = _settings()
    try:
        tokens.read_or_create(settings.token_path)
    except tokens.TokenError as exc:
        _fail(str(exc))

    import uvicorn

    from orderlens.server.app import build_app
    from orderlens.server.connections import ConnectionLimits
    from orderlens.server.extension_id import ManifestError
    from orderlens.server.protocol import protocol_class

    try:
        app = build_app(settings)
    except ManifestError as exc:
        _fail(f"{exc} (set ORDERLENS_EXTENSION_MANIFEST to the extension's manifest.json)")
    sock = _bind(port)
    bound = sock.getsockname()[1]

    address = f"http://{BIND_ADDRESS}:{bound}"
    typer.echo(f"orderlens {version()} serving on {address} (this machine only)")
    typer.echo(
        f"Pair the extension: in its options enter {address} as the server and paste the token "
        f"that this command prints: {command_line('token')}"
    )
    typer.echo(f"Token file: {settings.token_path}   Stop: Ctrl+C")
    sys.stdout.flush()

    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, stream=sys.stderr)
    limits = ConnectionLimits.for_file_limit(raise_file_limit())
    config = uvicorn.Config(
        app,
        log_config=None,  # use our logging setup
        access_log=False,  # our AccessLog writes the only per-request line
        server_header=False,
        proxy_headers=False,
        ws="none",
        lifespan="on",
        # h11 with deadlines for the request head and body, and caps on connections. Not uvicorn's
        # `limit_concurrency`: it answers 503 to every request, health checks and the shopper's too,
        # once that many connections are open, while leaving the idle ones that filled it alone.
        http=protocol_class(settings, limits),
        backlog=ACCEPT_BACKLOG,
        loop="orderlens.server.eventloop:new_event_loop",  # one rate-limited line per failed accept
        # Stopping waits this long for requests being analysed, then cancels them; the lifespan's
        # shutdown then stops the worker processes.
        timeout_graceful_shutdown=settings.shutdown_timeout,
    )
    uvicorn.Server(config).run(sockets=[sock])


def token(
    rotate: Annotated[
        bool, typer.Option("--rotate", help="Replace the token; the extension must be paired again.")
    ] = False,
) -> None:
    """Print the token that pairs the browser extension with the server (created on first use)."""
    settings = _settings()
    try:
        value = tokens.rotate(settings.token_path) if rotate else tokens.read_or_create(settings.token_path)
    except tokens.TokenError as exc:
        _fail(str(exc))
    typer.echo(value)
    if rotate:
        typer.echo(
            f"New token written to {settings.token_path}; the old one no longer works. "
            "Paste the new one into the extension's options.",
            err=True,
        )


service_app = typer.Typer(
    name="service",
    help="Start the server at every login (systemd user unit on Linux, LaunchAgent on macOS).",
    no_args_is_help=True,
)


def _service(port: int) -> service.Manager:
    return service.manager(sys.platform, Path.home(), [*argv(), "serve", "--port", str(port)], os.environ)


def _report(action: Callable[[], list[str]]) -> None:
    """Show what `action` did; a service manager's refusal is one line on stderr and exit status 1."""
    try:
        lines = action()
    except service.ServiceError as exc:
        typer.echo(f"orderlens: {exc}", err=True)
        raise typer.Exit(1) from None
    for line in lines:
        typer.echo(line)


@service_app.command("install")
def service_install(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port on 127.0.0.1 to serve on.")] = DEFAULT_PORT,
) -> None:
    """Start the server now and at every login; run again to change the port."""
    _report(lambda: service.install(_service(port), port, command_line("service", "uninstall")))


@service_app.command("uninstall")
def service_uninstall() -> None:
    """Stop the server started at login and no longer start it."""
    _report(lambda: service.uninstall(_service(DEFAULT_PORT)))
