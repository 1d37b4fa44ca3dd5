"""The few WebDriver BiDi commands the Firefox tests send, over one WebSocket.

WebDriver BiDi is the protocol Firefox itself speaks for automation (`--remote-debugging-port`), so
no driver binary (geckodriver) and no browser download is needed: just the `websockets` package.
Values cross as JSON text (`call`), which spares us BiDi's typed value encoding.
"""

from __future__ import annotations

import contextlib
import json
import time
from typing import Any

from websockets.sync.client import ClientConnection, connect

COMMAND_TIMEOUT = 60.0  # a hang limit, not a speed expectation


class BidiError(AssertionError):
    """Firefox refused a command or a script threw."""


class Bidi:
    """One BiDi session. Events arriving while a command waits are kept in `events`."""

    def __init__(self, url: str) -> None:
        self._stack = contextlib.ExitStack()
        # proxy=None: Firefox listens on loopback; an HTTP(S)_PROXY in the environment must not apply.
        self._socket: ClientConnection = self._stack.enter_context(
            connect(f"{url}/session", max_size=None, open_timeout=COMMAND_TIMEOUT, proxy=None)
        )
        self._last_id = 0
        self.events: list[dict[str, Any]] = []

    def command(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        self._last_id += 1
        sent = self._last_id
        self._socket.send(json.dumps({"id": sent, "method": method, "params": params or {}}))
        deadline = time.monotonic() + COMMAND_TIMEOUT
        while True:
            try:
                message = json.loads(self._socket.recv(timeout=max(0.0, deadline - time.monotonic())))
            except TimeoutError:
                raise BidiError(f"{method}: Firefox did not answer within {COMMAND_TIMEOUT:.0f}s") from None
            if message.get("type") == "event":
                self.events.append(message)
            elif message.get("id") == sent:
                if message.get("type") == "error":
                    raise BidiError(f"{method}: {message.get('error')}: {message.get('message')}")
                result: dict[str, Any] = message["result"]
                return result

    def call(self, context: str, function: str, *args: Any, sandbox: str | None = None) -> Any:
        """Run the JavaScript `function(...args)` in a tab (awaited) and return its JSON-able result.

        `sandbox` runs it in an isolated world that sees the page's DOM but not its globals, so a
        page's own scripts cannot change what the test reads."""
        target: dict[str, Any] = {"context": context}
        if sandbox:
            target["sandbox"] = sandbox
        reply = self.command(
            "script.callFunction",
            {
                "functionDeclaration": f"async (json) => JSON.stringify(await ({function})(...JSON.parse(json)))",
                "arguments": [{"type": "string", "value": json.dumps(args)}],
                "target": target,
                "awaitPromise": True,
                "resultOwnership": "none",
            },
        )
        return _returned(reply)

    def call_with_roots(self, context: str, function: str, arg: Any, hosts: str, sandbox: str | None = None) -> Any:
        """Run `function(arg, rootOf)` in a tab, where `rootOf(host)` is the (closed) shadow root of a
        host matching the selector `hosts`. Page scripts cannot reach a closed root, but BiDi hands
        it over: a node's serialisation carries its shadow root when asked to (`includeShadowTree`)."""
        target: dict[str, Any] = {"context": context}
        if sandbox:
            target["sandbox"] = sandbox
        found = self.command(
            "script.evaluate",
            {
                "expression": f"[...document.querySelectorAll({json.dumps(hosts)})]",
                "target": target,
                "awaitPromise": False,
                "resultOwnership": "none",
                "serializationOptions": {"maxDomDepth": 0, "includeShadowTree": "all"},
            },
        )
        _raise_on_exception(found)
        roots = [node["value"].get("shadowRoot") for node in found["result"]["value"]]
        reply = self.command(
            "script.callFunction",
            {
                "functionDeclaration": f"""async (json, ...roots) => {{
                    const rootOf = (host) => roots.find((root) => root.host === host) || null;
                    return JSON.stringify(await ({function})(JSON.parse(json), rootOf));
                }}""",
                "arguments": [
                    {"type": "string", "value": json.dumps(arg)},
                    *({"sharedId": root["sharedId"]} for root in roots if root),
                ],
                "target": target,
                "awaitPromise": True,
                "resultOwnership": "none",
            },
        )
        return _returned(reply)

    def close(self) -> None:
        self._stack.close()


def _raise_on_exception(reply: dict[str, Any]) -> None:
    if reply["type"] == "exception":
        raise BidiError(f"script failed: {reply['exceptionDetails'].get('text')}")


def _returned(reply: dict[str, Any]) -> Any:
    """The JSON value a `script.callFunction` returned as a string (None for undefined)."""
    _raise_on_exception(reply)
    value = reply["result"].get("value")
    return None if value is None else json.loads(value)
