"""Work done in a second process (kb.network.aside): igraph's measures in a spawned process,
the GEXF in a forked copy. Whichever process does it, the network and the files are the same,
and a failure there is an error here, with what went wrong."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import networkx as nx
import pytest

from kb import load_corpus
from kb.network import export_files, plan_network, write_exports
from kb.network.analysis import EXACT, _betweenness, _simple_pairs
from kb.network.aside import Aside, Forked, Here
from kb.pages.network import site_look

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


def test_the_network_is_the_same_whichever_process_measures_it(corpus):
    here, aside = plan_network(corpus, aside=False), plan_network(corpus, aside=True)
    assert aside.positions == here.positions
    assert aside.analysis.betweenness == here.analysis.betweenness
    assert aside.analysis.community == here.analysis.community
    assert aside.analysis.betweenness_method == here.analysis.betweenness_method == EXACT
    assert aside.facets == here.facets and aside.ranks == here.ranks
    assert export_files(aside) == export_files(here)


def test_sampled_betweenness_is_the_same_aside():
    graph = nx.relabel_nodes(nx.barabasi_albert_graph(400, 2, seed=3), str)
    nodes, pairs = _simple_pairs(graph)
    here = _betweenness(Here(), nodes, pairs, 200, 100)
    with Aside() as runner:
        aside = _betweenness(runner, nodes, pairs, 200, 100)
        runner.start()
        assert aside() == here()
    assert "200 of 400" in here()[1]


def test_a_failure_aside_is_an_error_here_with_its_reason():
    with Aside() as runner:
        result = runner.submit("betweenness", 2, [(0, -1)], None)  # no node -1
        runner.start()
        with pytest.raises(RuntimeError, match="betweenness.*failed.*exit"):
            result()


def test_jobs_are_submitted_before_they_start():
    with Aside() as runner:
        runner.submit("communities", 2, [(0, 1)], 7)
        runner.start()
        with pytest.raises(RuntimeError, match="submit every job"):
            runner.submit("communities", 2, [(0, 1)], 7)
    with pytest.raises(ValueError, match="no such job"):
        Aside().submit("pagerank", 1, [])


def test_an_error_here_stops_the_second_process():
    with pytest.raises(KeyError), Aside() as runner:
        runner.submit("layout", 3000, [(i, i + 1) for i in range(2999)], 7, 100000)
        runner.start()
        process = runner._process
        raise KeyError("an error in this process's own work")
    assert process is not None and process.poll() is not None  # stopped, not left running


def test_a_forked_result_comes_back_and_so_does_its_error():
    with Forked(lambda: {"pid": os.getpid(), "values": [1.5, "two"]}) as forked:
        forked.start()
        answer = forked.result()
    assert answer["values"] == [1.5, "two"] and answer["pid"] != os.getpid()
    with Forked(lambda: 1 / 0) as forked:
        forked.start()
        with pytest.raises(RuntimeError, match="forked writer failed: ZeroDivisionError"):
            forked.result()


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not Forked.possible()
    finally:
        stop.set()
        other.join()


def test_without_a_forked_copy_the_gexf_is_written_here(monkeypatch, corpus, tmp_path):
    import kb.network as network

    def refused():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(network, "FORK_FROM", 0)
    monkeypatch.setattr(Forked, "possible", staticmethod(lambda: True))
    monkeypatch.setattr(os, "fork", refused)
    paths = write_exports(plan_network(corpus), tmp_path, look=site_look())
    assert {k: p.read_bytes() for k, p in paths.items()} == export_files(
        plan_network(corpus), look=site_look())


#: Run in a fresh interpreter (one thread, so the fork is taken): the files written to disk
#: with the GEXF forked, their SHA-256, and whether the fork was taken.
FORKED_EXPORT = """
import hashlib, json, sys, tempfile
from pathlib import Path
import kb.network as network
from kb.network.aside import Forked
from kb import load_corpus
from kb.pages.network import site_look
network.FORK_FROM = 0
forks = []
start = Forked.start
def counted(self):
    forks.append(1)
    start(self)
Forked.start = counted
net = network.plan_network(load_corpus(Path(sys.argv[1])))
with tempfile.TemporaryDirectory() as tmp:
    paths = network.write_exports(net, Path(tmp), look=site_look())
    print(json.dumps({"forks": len(forks), "names": list(paths),
                      "sha256": {k: hashlib.sha256(p.read_bytes()).hexdigest()
                                 for k, p in paths.items()}}))
"""


def test_the_forked_gexf_gives_the_same_files(corpus, tmp_path):
    done = subprocess.run([sys.executable, "-c", FORKED_EXPORT, str(ROOT)], check=True,
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "tools")})
    forked = json.loads(done.stdout)
    assert forked["forks"] == 1  # the GEXF was written by the copy
    here = write_exports(plan_network(corpus), tmp_path, look=site_look())
    assert forked["names"] == list(here)
    assert forked["sha256"] == {k: hashlib.sha256(p.read_bytes()).hexdigest()
                                for k, p in here.items()}


def test_without_a_second_process_the_jobs_run_here(monkeypatch):
    def refused(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(subprocess, "Popen", refused)  # as under a limit on processes
    with Aside() as runner:
        membership = runner.submit("communities", 3, [(0, 1), (1, 2)], 7)
        runner.start()
        assert membership() == Here().submit("communities", 3, [(0, 1), (1, 2)], 7)()
