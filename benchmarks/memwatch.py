"""The memory of a process and every process it starts, together: the figure to hold against a
memory target once part of the work runs in a second process (``kb.network.aside``).

A process's peak RSS (``ru_maxrss``) counts only itself, and adding a forked copy's RSS to it
counts twice the memory the two share. The proportional set size (PSS, Linux) divides each
shared page between the processes that share it, so the PSS of a process and its descendants,
added up, is the memory they hold together. This watcher samples that sum from a separate
process (a thread would change what it measures: a forked copy is made only while its process
has one thread), every ``INTERVAL`` seconds, and reports the largest sum seen.

    with watching(os.getpid()) as watch:
        ...                                # the work
    print(watch.peak_mib)                  # None where /proc has no smaps_rollup

Run by itself, it is the watcher: ``python memwatch.py PID`` samples until its standard input
closes, then prints the peak in KiB.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

INTERVAL = 0.05


class Watch:
    peak_mib: float | None = None


@contextmanager
def watching(pid: int) -> Iterator[Watch]:
    """Sample the PSS of ``pid`` and its descendants while the block runs."""
    watch = Watch()
    if not Path(f"/proc/{pid}/smaps_rollup").exists():
        yield watch
        return
    watcher = subprocess.Popen([sys.executable, __file__, str(pid)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    try:
        yield watch
    finally:
        out, _ = watcher.communicate("")
        watch.peak_mib = int(out) / 1024 if out.strip() else None


def _tree(pid: int, skip: int) -> list[int]:
    """``pid`` and its descendants, but for ``skip`` (the watcher)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        if current == skip:
            continue
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in task.read_text().split())
            except OSError:
                pass
    return found


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:  # it ended between listing and reading
        pass
    return 0


def _watch(pid: int) -> None:
    peak, me = 0, os.getpid()
    while True:
        peak = max(peak, sum(_pss_kib(p) for p in _tree(pid, me)))
        ready, _, _ = select.select([sys.stdin], [], [], INTERVAL)
        if ready and not sys.stdin.read(1):  # closed: the work is done
            break
    print(peak)


if __name__ == "__main__":
    _watch(int(sys.argv[1]))
