"""Hostile single files: time and peak memory of every command; prints figures, not a test.

    python benchmarks/bench_hostile.py [--cases NAME ...] [--timeout 60] [--tools DIR]

Each case copies the shipped project into a temporary folder, adds one hostile file (or
entry), and runs, each in a fresh process: ``kb validate``, ``kb pages --out``, ``kb export``
(GraphML and CSV) and ``mkdocs build``. It prints wall time, peak RSS (of the process and
its children, from ``wait4``) and whether the output held a Python traceback. The promise
(README, "Bounded work"): every command under 10 s, under 1 GB, with no traceback.
``--tools`` runs another copy of ``tools/`` (e.g. the code before a change) by putting it
first on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("mkdocs.yml", "overrides", "docs", "seminars", "case_studies", "registries")
FRONT = "---\nkind: case-study\ntitle: A hostile case study\n"


def _record(project: Path, body: str, front: str = "") -> None:
    (project / "case_studies" / "hostile.md").write_text(f"{FRONT}{front}---\n\n{body}\n")


def nested_lists(project: Path) -> None:
    _record(project, "- " * 1500 + "deep")


def nested_divs(project: Path) -> None:
    _record(project, '<div markdown="1">\n\n' * 1500 + "deep\n\n" + "</div>\n\n" * 1500)


def brackets(project: Path) -> None:
    _record(project, "[" * 20_000)


def alias_bomb(project: Path) -> None:
    long = "x" * 400_000
    uses = ", ".join(["*a"] * 100_000)
    _record(project, "Text.", f'summary: &a "{long}"\nplaces: [{uses}]\n')


def contributors(project: Path) -> None:
    people = "".join(f"  - Hostile Person {i}\n" for i in range(2000))
    _record(project, "Text.", f"contributors:\n{people}")


def long_name(project: Path) -> None:
    name = " ".join("abcdefghi" for _ in range(50))  # 500 characters
    with (project / "registries" / "people.yml").open("a") as out:
        out.write(f"- id: long-name\n  name: {name}\n  consent: withdrawn\n")


def anagrams(project: Path) -> None:
    rng = random.Random(0)
    letters = list("abcdefghijklmnopqrstuvwxyz" * 3)
    with (project / "registries" / "people.yml").open("a") as out:
        for entry in range(20):
            out.write(f"- id: anagram-{entry}\n  name: Anagram {entry}\n  aliases:\n")
            for _ in range(100):
                rng.shuffle(letters)
                out.write(f"    - {''.join(letters)}\n")
    shuffled = ["".join(rng.sample(letters, len(letters))) for _ in range(20)]
    _record(project, "Text.", "contributors:\n" + "".join(f"  - {s}\n" for s in shuffled))


CASES: dict[str, Callable[[Path], None]] = {
    "nested-lists": nested_lists, "nested-divs": nested_divs, "brackets": brackets,
    "alias-bomb": alias_bomb, "2000-contributors": contributors, "500-char-name": long_name,
    "anagram-aliases": anagrams,
}

COMMANDS = {
    "validate": ["-m", "kb", "validate", "--root", "{p}"],
    "pages": ["-m", "kb", "pages", "--root", "{p}", "--out", "{o}/pages"],
    "graphml": ["-m", "kb", "export", "--root", "{p}", "--format", "graphml", "-o", "{o}/g.xml"],
    "csv": ["-m", "kb", "export", "--root", "{p}", "--format", "csv", "-o", "{o}/csv"],
    "mkdocs": ["-m", "mkdocs", "build", "-q", "-f", "{p}/mkdocs.yml", "-d", "{o}/site"],
}


def measure(args: list[str], env: dict[str, str], timeout: float) -> tuple[str, str, str]:
    """Seconds, peak RSS in MB and traceback yes/no of one command (killed at ``timeout``)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.DEVNULL, stderr=err,
                                env=env, start_new_session=True)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.killpg(proc.pid, 9)
                _, status, usage = os.wait4(proc.pid, 0)
                return f">{timeout:.0f}", f"{usage.ru_maxrss / 1024:.0f}", "killed"
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    traceback = "yes" if "Traceback" in text else "no"
    if "MemoryError" in text or "RecursionError" in text:
        traceback += " (" + ("MemoryError" if "MemoryError" in text else "RecursionError") + ")"
    return f"{seconds:.1f}", f"{usage.ru_maxrss / 1024:.0f}", traceback


def run_case(name: str, env: dict[str, str], timeout: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        for part in PARTS:
            source = ROOT / part
            copy = shutil.copytree if source.is_dir() else shutil.copy2
            copy(source, project / part)
        CASES[name](project)
        for command, template in COMMANDS.items():
            out = Path(tmp) / ("out-" + command)
            out.mkdir()
            args = [a.format(p=project, o=out) for a in template]
            seconds, rss, traceback = measure(args, env, timeout)
            print(f"| {name} | {command} | {seconds} | {rss} | {traceback} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=list(CASES))
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--tools", type=Path, help="another copy of tools/ to run")
    opts = parser.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if opts.tools:
        env["PYTHONPATH"] = str(opts.tools.resolve())
    print("| case | command | seconds | peak RSS (MB) | traceback |")
    print("|---|---|---|---|---|")
    for name in itertools.chain(opts.cases):
        run_case(name, env, opts.timeout)


if __name__ == "__main__":
    main()
