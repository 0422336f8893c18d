"""igraph's three heaviest computations (betweenness, communities, layout), run in a second
process for a large network while this one does the part of the analysis that is Python's own.

python-igraph holds Python's global lock while its compiled code runs, so a thread cannot
overlap it; a second process can, on the machine's second core. At 10,000 records these three
take about 4 s and the rest of the analysis about 6 s, so planning takes about 4 s less.

Each job is a function of a node count and the tied pairs (indices into sorted node ids) that
returns plain lists. Run here (:class:`Here`) or aside (:class:`Aside`), a job gives the same
list: the same igraph, from the same seeded generator, on the same pairs. The second process is
this file, run by path with the same interpreter: it reads the jobs, marshalled, on its standard
input and writes their results, marshalled (plain lists and numbers, never code), on its
standard output.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # run by path, this file's folder comes first on the module path:
    del sys.path[0]  # none of the modules beside it should shadow one that igraph imports

import marshal
import math
import os
import random
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Protocol

import igraph as ig

#: A job's result, computed (or waited for) when it is called.
Pending = Callable[[], Any]
Pairs = list[tuple[int, int]]


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Run igraph's randomised algorithms from a fixed seed, then restore its generator."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def betweenness(n: int, pairs: Pairs, sources: list[int] | None) -> list[float]:
    """Undirected betweenness of each node, from every node or only from ``sources``."""
    graph = ig.Graph(n=n, edges=pairs, directed=False)
    if sources is None:
        return list(graph.betweenness(directed=False))
    return list(graph.betweenness(directed=False, sources=sources))


def communities(n: int, pairs: Pairs, seed: int) -> list[int]:
    """Louvain (igraph's multilevel method) from ``seed``: each node's group number."""
    graph = ig.Graph(n=n, edges=pairs, directed=False)
    if not graph.ecount():
        return list(range(n))
    with seeded(seed):
        return list(graph.community_multilevel().membership)


def layout(n: int, pairs: Pairs, seed: int, rounds: int) -> list[tuple[float, float]]:
    """Fruchterman-Reingold positions from ``seed`` (points on a circle when nothing is tied)."""
    graph = ig.Graph(n=n, edges=pairs, directed=False)
    if not graph.ecount():
        return [(math.cos(i), math.sin(i)) for i in range(n)]
    with seeded(seed):
        return [(x, y) for x, y in graph.layout_fruchterman_reingold(niter=rounds).coords]


JOBS: dict[str, Callable[..., Any]] = {
    "betweenness": betweenness, "communities": communities, "layout": layout}


class Runner(Protocol):
    """Where jobs run: :class:`Here` or :class:`Aside`."""

    def submit(self, job: str, *args: Any) -> Pending:
        """Queue ``job`` with ``args``; its result on call."""


class Here:
    """Runs each job in this process, when its result is first asked for."""

    def __enter__(self) -> Here:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def submit(self, job: str, *args: Any) -> Pending:
        """The job's result, to be computed on call."""
        return lambda: JOBS[job](*args)

    def start(self) -> None:
        """Nothing to start: each job runs when called."""


class Aside:
    """Runs the submitted jobs, in order, in one second process started by :meth:`start`.

    Use it as a context manager: leaving the block stops the process if it is still running
    (an error in this process's own work does not leave it computing). A job's result waits
    for the process to finish; if it failed, the result raises :class:`RuntimeError` with what
    the process wrote to its standard error.
    """

    def __init__(self) -> None:
        self._jobs: list[tuple[str, tuple[Any, ...]]] = []
        self._process: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None
        self._output: tuple[bytes, bytes] = (b"", b"")
        self._results: list[Any] | None = None

    def __enter__(self) -> Aside:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
        if self._thread is not None:
            self._thread.join()

    def submit(self, job: str, *args: Any) -> Pending:
        """Queue ``job``; the result, once :meth:`start` has run it, on call."""
        if self._process is not None or self._results is not None:
            raise RuntimeError("the jobs have been started; submit every job before start()")
        if job not in JOBS:
            raise ValueError(f"no such job: {job}")
        index = len(self._jobs)
        self._jobs.append((job, args))
        return lambda: self._result(index)

    def start(self) -> None:
        """Start the second process on every job submitted; return at once.

        The jobs are written to it, and its results read, by a thread that waits on the pipes
        (without the global lock), while this process goes on with its own work."""
        payload = marshal.dumps(self._jobs)
        try:
            process = subprocess.Popen(
                [sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE)
        except OSError:  # no second process to be had (a limit on processes): run them here
            self._results = [JOBS[job](*args) for job, args in self._jobs]
            return
        self._process = process

        def talk() -> None:
            self._output = process.communicate(payload)

        self._thread = threading.Thread(target=talk, name="kb-aside", daemon=True)
        self._thread.start()

    def _result(self, index: int) -> Any:
        if self._results is None:
            if self._process is None or self._thread is None:
                raise RuntimeError("the jobs were never started: call start() first")
            self._thread.join()
            out, err = self._output
            if self._process.returncode != 0:
                names = ", ".join(job for job, _ in self._jobs)
                raise RuntimeError(
                    f"the second process computing the network's {names} failed (exit "
                    f"{self._process.returncode}): {err.decode(errors='replace').strip()}")
            self._results = marshal.loads(out)
        return self._results[index]


class Forked:
    """``work()`` run in a forked copy of this process, from :meth:`start` on; its result
    (marshalled: plain data only), on :meth:`result`.

    For work that only reads what this process already holds (the export's rows) and writes
    a file: the copy shares this process's memory until either writes to it, so nothing is
    sent to it. Use it as a context manager: leaving the block stops the copy if it is still
    running. Forking is safe only while this is the process's only thread (a lock held by
    another thread would stay held in the copy forever): :meth:`possible` says whether it is.
    """

    def __init__(self, work: Callable[[], Any]) -> None:
        self.work = work
        self._pid = 0
        self._read = -1

    @staticmethod
    def possible() -> bool:
        """Whether this process can fork safely now: it can, and it runs one thread."""
        return hasattr(os, "fork") and threading.active_count() == 1

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pid:
            try:
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self._pid = 0
        if self._read >= 0:
            os.close(self._read)
            self._read = -1

    def start(self) -> None:
        """Fork; the copy runs the work, sends its result and exits at once (no clean-up of
        this process's own, such as its temporary folders, runs in the copy)."""
        self._read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(write)
            raise
        if pid == 0:  # the copy: never returns
            status = 1
            try:
                os.close(self._read)
                try:
                    answer = marshal.dumps((True, self.work()))
                except BaseException as error:  # noqa: BLE001 - every error goes back
                    answer = marshal.dumps((False, f"{type(error).__name__}: {error}"))
                with os.fdopen(write, "wb") as out:
                    out.write(answer)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self._pid = pid

    def result(self) -> Any:
        """Wait for the copy; its result, or :class:`RuntimeError` with its error."""
        with os.fdopen(self._read, "rb") as source:
            self._read = -1
            answer = source.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        if not answer or status:
            raise RuntimeError(f"the forked writer stopped without a result (status {status})")
        done, value = marshal.loads(answer)
        if not done:
            raise RuntimeError(f"the forked writer failed: {value}")
        return value


def _serve() -> None:
    """The second process: read the jobs, run them in order, write their results."""
    jobs = marshal.loads(sys.stdin.buffer.read())
    results = [JOBS[job](*args) for job, args in jobs]
    sys.stdout.buffer.write(marshal.dumps(results))


if __name__ == "__main__":
    _serve()
