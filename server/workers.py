"""Analyses run in a small pool of worker processes, each doing one page at a time.

Why processes, not threads: the parser is CPU-bound Python, so threads share one core through the
GIL and four clients get no more analyses per second than one; an overrunning thread cannot be
stopped, so a page over its time budget would keep burning a core after its 503; and a crash in
the C HTML parser would take the whole server down. A worker process runs on its own core, is
killed and replaced when it overruns, and dies alone. The cost is copying the page to the worker
and the JSON back: about 0.1 ms for a typical page, about 1 ms for a 1 MB one.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import resource
import signal
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from typing import Any

#: What a worker receives: (html, url, lang); what it answers: (True, JSON bytes) or (False, error name).
Job = tuple[str, str | None, str | None]
Outcome = tuple[bool, bytes | str]


class AnalysisTimeout(Exception):
    """The analysis did not finish within the budget; its worker has been replaced."""


class AnalysisFailed(Exception):
    """The analysis raised or its worker died; the message is an exception name, never page text."""


def analyze_job(job: Job) -> bytes:
    """The work itself: analyse and serialise in the worker, so only bytes travel back."""
    from orderlens.parser import analyze

    html, url, lang = job
    return analyze(html, url=url, lang=lang).model_dump_json().encode("utf-8")


def worker_main(conn: Connection) -> None:
    """Loop in the worker process: one job in, one outcome out, until the server closes the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the server; it stops us cleanly
    # A crashed worker must not leave a core file behind: its memory holds the shopper's page.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            outcome: Outcome = (True, analyze_job(job))
        except Exception as exc:  # report the kind of failure only; its message may quote the page
            outcome = (False, type(exc).__name__)
        try:
            conn.send(outcome)
        except (EOFError, OSError):
            return


def _context() -> ForkServerContext | SpawnContext:
    """forkserver where available: workers fork from a clean process with the parser preloaded."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["orderlens.parser"])
        return ctx
    return multiprocessing.get_context("spawn")


@dataclass(eq=False)  # identity, so workers can live in a set
class _Worker:
    process: BaseProcess
    conn: Connection

    def call(self, job: Job) -> Outcome:
        """Blocking round trip to the worker; runs in an I/O thread, never on the event loop."""
        self.conn.send(job)
        outcome: Outcome = self.conn.recv()
        return outcome

    def usable(self) -> bool:
        """True for a living idle worker. `is_alive()` alone lags behind a death (the forkserver has to
        reap the process first), but an idle worker never writes, so a readable pipe means it is gone."""
        try:
            return self.process.is_alive() and not self.conn.poll()
        except OSError:
            return False

    def stop(self, *, kill: bool) -> None:
        if kill:
            self.process.kill()
        with contextlib.suppress(OSError):
            self.conn.close()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)


class WorkerPool:
    """`size` worker processes; `analyze` gives a page to an idle one, within `timeout` seconds."""

    def __init__(self, size: int, timeout: float) -> None:
        self.size = size
        self.timeout = timeout
        self._ctx = _context()
        # One thread per busy worker (blocked on its pipe) plus room for spawning and reaping.
        self._io = ThreadPoolExecutor(max_workers=size * 2 + 2, thread_name_prefix="orderlens-worker-io")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = False

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=worker_main, args=(child,), name="orderlens-analyze", daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._all.add(worker)
        return worker

    async def start(self) -> None:
        """Start all workers and let each analyse a tiny page, so the first real request is not slow."""
        loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        workers = [await loop.run_in_executor(self._io, self._spawn) for _ in range(self.size)]
        warm: Job = ("<html><body></body></html>", None, None)
        await asyncio.gather(*(loop.run_in_executor(self._io, w.call, warm) for w in workers))
        for worker in workers:
            self._idle.put_nowait(worker)

    async def analyze(self, html: str, url: str | None, lang: str | None) -> bytes:
        """The analysis JSON; AnalysisTimeout past the budget (waiting included), AnalysisFailed on error."""
        assert self._idle is not None, "WorkerPool.start() was not awaited"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        worker = await self._checkout(deadline)
        call = loop.run_in_executor(self._io, worker.call, (html, url, lang))
        try:
            ok, value = await asyncio.wait_for(asyncio.shield(call), max(0.0, deadline - loop.time()))
        except TimeoutError:
            worker.process.kill()  # stop the runaway work now; a fresh worker takes its place
            self._replace(worker, call)
            raise AnalysisTimeout from None
        except (EOFError, OSError):
            self._replace(worker, call)
            raise AnalysisFailed("WorkerDied") from None
        except asyncio.CancelledError:  # the request was abandoned: don't leave the worker busy or lost
            worker.process.kill()
            self._replace(worker, call)
            raise
        self._idle.put_nowait(worker)
        if not ok:
            raise AnalysisFailed(str(value))
        assert isinstance(value, bytes)
        return value

    async def _checkout(self, deadline: float) -> _Worker:
        """An idle, living worker; replaces any that died while idle."""
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
            self._replace(worker, None)

    def _replace(self, worker: _Worker, call: asyncio.Future[Any] | None) -> None:
        """In the background: wait for the dead worker's I/O thread to let go, reap it, start another."""

        async def replace() -> None:
            if call is not None:
                with contextlib.suppress(Exception):
                    await call
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(self._io, partial(worker.stop, kill=True))
            self._all.discard(worker)
            if not self._closing and self._idle is not None:
                self._idle.put_nowait(await loop.run_in_executor(self._io, self._spawn))

        task = asyncio.get_running_loop().create_task(replace())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        """Stop every worker at once (there is nothing to save in an unfinished analysis)."""
        self._closing = True
        # Let replacements in flight finish reaping (they start no new worker now), so none outlives
        # the pool or fails later on the shut-down executor.
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=5)
            for task in pending:
                task.cancel()
        loop = asyncio.get_running_loop()
        workers = list(self._all)
        self._all.clear()
        await asyncio.gather(*(loop.run_in_executor(None, partial(w.stop, kill=True)) for w in workers))
        self._io.shutdown(wait=False, cancel_futures=True)
