"""Analyses run in a small pool of worker processes, each doing one page at a time.

Why processes, not threads: the parser is CPU-bound Python, so threads share one core through the
GIL and four clients get no more analyses per second than one; an overrunning thread cannot be
stopped, so a page over its time budget would keep burning a core after its 503; and a crash in
the C HTML parser would take the whole server down. A worker process runs on its own core, is
killed and replaced when it overruns, and dies alone. The cost is copying the page to the worker
and the JSON back: about 0.1 ms for a typical page, about 1 ms for a 1 MB one.

The event loop talks to each worker itself, over a socket pair, without an I/O thread in between: a
request and its answer are one message each way (a 4-byte length, a 1-byte kind, the raw bytes; the
framing of `multiprocessing.connection`, with which the worker reads), each written in one go, so the
page is never pickled and no thread has to be woken to carry it. The loop only waits on the socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import multiprocessing
import os
import resource
import signal
import socket
import struct
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from pathlib import Path

from orderlens.server.settings import MAX_BODY_BYTES

logger = logging.getLogger("orderlens.server")

#: What a worker receives, as one message: a kind of work (ANALYZE or REPORT), then the raw request body.
#: What it answers, as one message: OK then the answer's JSON, INVALID then why the body was refused, or
#: FAILED then the name of the exception the parser raised (both UTF-8).
ANALYZE, REPORT = b"a", b"r"
OK, INVALID, FAILED = b"o", b"i", b"f"
#: A message's length, as `multiprocessing.connection.Connection.send_bytes` writes it.
_LENGTH = struct.Struct("!i")
#: Send buffer asked for on both ends of a worker's socket pair: the largest body the guard lets through.
SOCKET_BUFFER = MAX_BODY_BYTES

#: Seconds between attempts to start a worker that could not be started, doubling up to the maximum.
RESPAWN_FIRST_DELAY = 0.1
RESPAWN_MAX_DELAY = 5.0


class AnalysisTimeout(Exception):
    """The analysis did not finish within the budget; its worker has been replaced."""


class AnalysisFailed(Exception):
    """The analysis raised or its worker died; the message is an exception name, never page text."""


class InvalidRequest(Exception):
    """The body is not a valid request; the message says why without quoting it."""


@contextlib.contextmanager
def answering(work: bytes, raw: bytes, journal: Path | None, reports: Path) -> Iterator[bytes]:
    """The work itself, all off the server's event loop: decode and validate the body, then either
    analyse, record the orders in the journal (`journal`, the file, None when off) and serialise, or
    save a report in `reports` (the folder). Yields the answer message; the worker sends it inside the
    block, before the journal's transaction commits (which follows when the block ends)."""
    from orderlens.parser import analyze
    from orderlens.server.analyze_request import parse_request
    from orderlens.server.answer_json import analysis_json
    from orderlens.server.journal.attach import Journal
    from orderlens.server.reports.store import save_report

    request = parse_request(raw)
    if isinstance(request, str):
        yield INVALID + request.encode("utf-8")
    elif work == REPORT:
        answer = save_report(reports, request.html, request.url, request.lang, datetime.now(UTC))
        yield OK + json.dumps(answer, ensure_ascii=False).encode("utf-8")
    else:
        result = analyze(request.html, url=request.url, lang=request.lang)
        with contextlib.ExitStack() as journal_transaction:
            if journal is not None and request.journal:
                result = journal_transaction.enter_context(Journal(journal).annotated(result))
            yield OK + analysis_json(result)


def _send(out: socket.socket, message: bytes) -> bool:
    """One message to the server, in one write (length and bytes together, so its loop wakes once);
    False when the server is gone."""
    try:
        out.sendall(_LENGTH.pack(len(message)) + message)
    except OSError:
        return False
    return True


def worker_main(conn: Connection, journal: Path | None, reports: Path) -> None:
    """Loop in the worker process: one job in, one outcome out, until the server closes the pipe."""
    from orderlens.server.commands import LOG_FORMAT

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the server; it stops us cleanly
    # Answers go out in one write (`_send`); `send_bytes` writes the length and the bytes apart above 16 kB.
    out = socket.socket(fileno=os.dup(conn.fileno()))
    # A crashed worker must not leave a core file behind: its memory holds the shopper's page.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # The worker's few log lines (the journal's) go to the server's log, in its format.
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, stream=sys.stderr)
    while True:
        try:
            message = conn.recv_bytes()
        except (EOFError, OSError):
            return
        work, raw = message[:1], message[1:]
        del message
        sent: bool | None = None  # None until an answer has been sent
        try:
            with answering(work, raw, journal, reports) as answer:
                sent = _send(out, answer)
        except Exception as exc:  # report the kind of failure only; its message may quote the page
            if sent is None:
                sent = _send(out, FAILED + type(exc).__name__.encode("ascii"))
            else:  # the answer went out; then the journal could not commit it
                logger.warning("order journal: the last analysis was not recorded (%s)", type(exc).__name__)
        del raw  # the page: not kept while the worker waits for the next one
        if not sent:
            return


def _context() -> ForkServerContext | SpawnContext:
    """forkserver where available: workers fork from a clean process with the parser preloaded."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(
            [
                "orderlens.parser",
                "orderlens.server.analyze_request",
                "orderlens.server.answer_json",
                "orderlens.server.journal.attach",
                "orderlens.server.reports.store",
            ]
        )
        return ctx
    return multiprocessing.get_context("spawn")


@dataclass(eq=False)  # identity, so workers can live in a set
class _Worker:
    process: BaseProcess
    sock: socket.socket  # our end of its socket pair, non-blocking: the event loop waits on it
    retired: bool = False  # dead or being stopped: never handed out again

    async def call(self, work: bytes, body: bytes) -> bytes:
        """One job and its answer message, on the event loop; EOFError or OSError when the worker died."""
        await self._send(_LENGTH.pack(len(body) + 1) + work, body)
        (length,) = _LENGTH.unpack(await self._receive(_LENGTH.size))
        return await self._receive(length)

    async def _send(self, head: bytes, body: bytes) -> None:
        """`head` then `body`, in one write when the socket has room (SOCKET_BUFFER), so the worker wakes
        once, not for the head and again for the page; and without joining them, which would copy the page."""
        try:
            sent = self.sock.sendmsg([head, body])
        except BlockingIOError:
            sent = 0
        loop = asyncio.get_running_loop()
        if sent < len(head):
            await loop.sock_sendall(self.sock, head[sent:])
            sent = len(head)
        if sent - len(head) < len(body):
            await loop.sock_sendall(self.sock, memoryview(body)[sent - len(head) :])

    async def _receive(self, size: int) -> bytes:
        loop = asyncio.get_running_loop()
        buffer = bytearray(size)
        view = memoryview(buffer)
        done = 0
        while done < size:
            count = await loop.sock_recv_into(self.sock, view[done:])
            if count == 0:
                raise EOFError
            done += count
        return bytes(buffer)

    def usable(self) -> bool:
        """True for a living idle worker. `is_alive()` alone lags behind a death (the forkserver has to
        reap the process first), but an idle worker never writes, so a readable socket means it is gone."""
        if self.retired:
            return False
        try:
            self.sock.recv(1, socket.MSG_PEEK)  # data or end of file: either way not an idle worker
        except BlockingIOError:
            return self.process.is_alive()
        except OSError:
            pass
        return False

    def stop(self) -> None:
        """Kill and reap the process (blocking: run in a thread); its socket is closed on the loop first."""
        self.process.kill()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)


def _start_worker(ctx: ForkServerContext | SpawnContext, journal: Path | None, reports: Path) -> _Worker:
    """A new worker process and its socket pair. Raises (OSError, usually) when either cannot be made, for
    instance when the server is out of file descriptors, without leaking the half that was made."""
    ours, theirs = socket.socketpair()  # what `ctx.Pipe()` makes, with our end kept as a socket
    for end in (ours, theirs):
        # Room for a whole page or answer where the system allows it (Linux caps it at net.core.wmem_max
        # quietly, macOS refuses past its own cap): one write, not a ping-pong of wake-ups per 200 kB.
        with contextlib.suppress(OSError):
            end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SOCKET_BUFFER)
    child = Connection(theirs.detach())
    try:
        process = ctx.Process(target=worker_main, args=(child, journal, reports), name="orderlens-analyze", daemon=True)
        process.start()
    except BaseException:
        ours.close()
        raise
    finally:
        child.close()
    ours.setblocking(False)
    return _Worker(process, ours)


def _why(exc: BaseException) -> str:
    """A failure to start a process, in a few words (it concerns no page, so its message is safe)."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


class WorkerPool:
    """`size` worker processes; `analyze` gives a request to an idle one, within `timeout` seconds.

    The pool keeps itself full. A worker that dies, idle or busy, is reaped and replaced; an idle
    one as soon as it dies (its process sentinel is watched), not when a request next needs it. When
    a replacement cannot be started (out of file descriptors, fork refused), starting is retried
    with backoff until it works, so even a pool that lost every worker recovers without a restart
    once the resources are back. Meanwhile analyses wait for a worker within their time budget.
    """

    def __init__(self, size: int, timeout: float, journal: Path | None, reports: Path) -> None:
        self.size = size
        self.timeout = timeout
        self.journal = journal  # the order journal's file; None: off
        self.reports = reports  # the folder reports are saved in
        self._ctx = _context()
        # Starting and reaping processes blocks (fork, join): done in threads, one per worker at most.
        self._io = ThreadPoolExecutor(max_workers=size + 1, thread_name_prefix="orderlens-worker-io")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()  # started and not yet reaped
        self._busy: set[_Worker] = set()
        self._short = asyncio.Event()  # set whenever a worker has been reaped: time to top up
        self._keeper: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Start all workers and let each analyse a tiny page, so the first real request is not slow."""
        loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        start = partial(_start_worker, self._ctx, self.journal, self.reports)
        workers = [await loop.run_in_executor(self._io, start) for _ in range(self.size)]
        self._all.update(workers)
        await asyncio.gather(*(w.call(ANALYZE, b'{"html": "<html><body></body></html>"}') for w in workers))
        for worker in workers:
            self._add_idle(worker)
        self._keeper = loop.create_task(self._keep_full())

    async def analyze(self, body: bytes) -> bytes:
        """The analysis JSON for a raw request body: InvalidRequest when the body is not a valid request,
        AnalysisTimeout past the budget (waiting for a worker included), AnalysisFailed on error."""
        return await self._run(ANALYZE, body)

    async def report(self, body: bytes) -> bytes:
        """Save the request's page as a report (`server.reports.store`); its answer's JSON. Fails as `analyze`."""
        return await self._run(REPORT, body)

    async def _run(self, work: bytes, body: bytes) -> bytes:
        assert self._idle is not None, "WorkerPool.start() was not awaited"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        worker = await self._checkout(deadline)
        self._busy.add(worker)
        try:
            async with asyncio.timeout_at(deadline):
                answer = await worker.call(work, body)
        except TimeoutError:
            worker.process.kill()  # stop the runaway work now; a fresh worker takes its place
            self._retire(worker)
            raise AnalysisTimeout from None
        except (EOFError, OSError):
            self._retire(worker)
            raise AnalysisFailed("WorkerDied") from None
        except asyncio.CancelledError:  # the request was abandoned: don't leave the worker busy or lost
            worker.process.kill()
            self._retire(worker)
            raise
        finally:
            self._busy.discard(worker)
        if worker.usable():
            self._idle.put_nowait(worker)
        else:  # it answered, then died (the death went unheeded while it was busy)
            self._retire(worker)
        kind, value = answer[:1], answer[1:]
        if kind == INVALID:
            raise InvalidRequest(value.decode("utf-8"))
        if kind != OK:
            raise AnalysisFailed(value.decode("utf-8", "replace"))
        return value

    async def _checkout(self, deadline: float) -> _Worker:
        """An idle, living worker; retires any that died while idle."""
        assert self._idle is not None
        loop = asyncio.get_running_loop()
        while True:
            try:
                # An idle worker is taken even if the budget is already spent (a GC pause can take
                # longer than a tiny budget): the analysis then times out and the worker is replaced.
                worker = self._idle.get_nowait()
            except asyncio.QueueEmpty:
                try:
                    worker = await asyncio.wait_for(self._idle.get(), max(0.0, deadline - loop.time()))
                except TimeoutError:
                    raise AnalysisTimeout from None
            if worker.usable():
                return worker
            self._retire(worker)

    def _add_idle(self, worker: _Worker) -> None:
        """Hand the worker out from now on, and notice its death the moment it happens."""
        assert self._idle is not None
        with contextlib.suppress(NotImplementedError):  # a loop without add_reader: found at checkout
            asyncio.get_running_loop().add_reader(worker.process.sentinel, self._exited, worker)
        self._idle.put_nowait(worker)

    def _exited(self, worker: _Worker) -> None:
        """The worker's process ended. A busy one is retired by its request, which sees the pipe close."""
        self._unwatch(worker)
        if worker not in self._busy:
            self._retire(worker)

    def _unwatch(self, worker: _Worker) -> None:
        with contextlib.suppress(NotImplementedError):
            asyncio.get_running_loop().remove_reader(worker.process.sentinel)

    def _retire(self, worker: _Worker) -> None:
        """In the background: close its socket, stop and reap it; the keeper then starts another. An idle
        retired worker still queued is skipped at checkout."""
        if worker.retired:
            return
        worker.retired = True
        self._unwatch(worker)

        async def retire() -> None:
            # Closed on the loop, in a later step than the one that ended the request's socket I/O: by
            # then asyncio has stopped watching the descriptor, so no other socket can inherit the watch.
            worker.sock.close()
            await asyncio.get_running_loop().run_in_executor(self._io, worker.stop)
            self._all.discard(worker)
            self._short.set()

        task = asyncio.get_running_loop().create_task(retire())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _keep_full(self) -> None:
        """Runs for the pool's life: after each reaping, start workers until there are `size` again."""
        loop = asyncio.get_running_loop()
        delay = RESPAWN_FIRST_DELAY
        failures = 0
        while True:
            await self._short.wait()
            self._short.clear()
            while len(self._all) < self.size:
                try:
                    worker = await loop.run_in_executor(self._io, _start_worker, self._ctx, self.journal, self.reports)
                except Exception as exc:
                    failures += 1
                    logger.warning("could not start an analysis worker (%s); trying again in %g s", _why(exc), delay)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, RESPAWN_MAX_DELAY)
                    continue
                if failures:
                    logger.warning("analysis worker started after %d failed attempts", failures)
                delay, failures = RESPAWN_FIRST_DELAY, 0
                self._all.add(worker)
                self._add_idle(worker)

    async def close(self) -> None:
        """Stop every worker at once (there is nothing to save in an unfinished analysis)."""
        if self._keeper is not None:
            self._keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._keeper
        # Let reapings in flight finish (nothing starts new workers now), so none outlives the pool
        # or fails later on the shut-down executor.
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=5)
            for task in pending:
                task.cancel()
        loop = asyncio.get_running_loop()
        workers = list(self._all)
        self._all.clear()
        for worker in workers:
            self._unwatch(worker)
            worker.sock.close()
        await asyncio.gather(*(loop.run_in_executor(None, w.stop) for w in workers))
        self._io.shutdown(wait=False, cancel_futures=True)
