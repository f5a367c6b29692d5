"""Runs at scale: workers keep input order, progress and summary, rejects file, and the
kill -9 then --resume test (every record exactly once)."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.emit import to_json
from pipeline.readers import IngestStats
from pipeline.runner import Progress, Run, RunError, Summary
from pipeline.schema import Reject
from pipeline.sinks import JsonlSink

from .test_readers import ARTICLES

ROOT = Path(__file__).resolve().parents[1]


def make_jsonl(path: Path, n: int, broken_every: int = 0) -> None:
    """n short invented articles (distinct texts), with a broken line every ``broken_every``."""
    lines = []
    for i in range(n):
        title, body = ARTICLES[i % len(ARTICLES)]
        if broken_every and i % broken_every == broken_every - 1:
            lines.append('{"title": "bài hỏng số %d", "body": ' % i)
            continue
        body = body.replace("2024", str(2000 + i % 25)).replace("42 km", f"{i + 3} km")
        lines.append(json.dumps({"id": f"bai-{i:03d}", "title": f"{title} ({i})", "body": body},
                                ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def reference(pipeline, path: Path) -> tuple[list[str], list[str]]:
    recs, rejs = [], []
    for item in pipeline.run([str(path)]):
        (rejs if isinstance(item, Reject) else recs).append(to_json(item))
    return recs, rejs


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def test_workers_keep_input_order_and_bytes(tmp_path, pipeline):
    src = tmp_path / "in.jsonl"
    make_jsonl(src, 14, broken_every=5)
    want_recs, want_rejs = reference(pipeline, src)
    for workers in (2,):
        out, rej = tmp_path / f"r{workers}.jsonl", tmp_path / f"j{workers}.jsonl"
        summary = Run([str(src)], workers=workers, progress=False).execute(
            [JsonlSink(str(out), take="records", key="records"),
             JsonlSink(str(rej), take="rejects", key="rejects")])
        assert lines(out) == want_recs
        assert lines(rej) == want_rejs
        assert summary.inputs == 14 == summary.records + summary.rejects
        assert summary.rejects == 2


def test_rejects_file_has_source_position_reason(tmp_path):
    src = tmp_path / "in.jsonl"
    make_jsonl(src, 6, broken_every=3)
    out, rej = tmp_path / "r.jsonl", tmp_path / "j.jsonl"
    s = Run([str(src), str(tmp_path / "missing.jsonl")], progress=False).execute(
        [JsonlSink(str(out), take="records", key="records"), JsonlSink(str(rej), take="rejects", key="rejects")])
    rejects = [json.loads(x) for x in lines(rej)]
    assert [(r["source"]["uri"], r["source"]["index"], r["reason"]) for r in rejects] == [
        (str(src), 3, "invalid JSON"), (str(src), 6, "invalid JSON"),
        (str(tmp_path / "missing.jsonl"), None, "no such file or folder")]
    assert s.inputs == len(lines(out)) + len(rejects) == 7
    assert "inputs: 7  records: 4  rejects: 3  skipped: 0" in s.line()


def test_progress_bar_only_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    stats = IngestStats(bytes_done=250)
    tty = Tty()
    bar = Progress(tty, stats, total_bytes=1000, start=time.perf_counter() - 10)
    bar.update(40, 3, 40, force=True)
    bar.close()
    shown = tty.getvalue()
    assert "40 articles" in shown and "articles/s" in shown and "3 rejects" in shown
    assert "ETA 0:30" in shown and "25.0%" in shown
    assert Run(["x"], progress_stream=Tty()).progress is True
    assert Run(["x"], progress_stream=io.StringIO()).progress is False  # piped: quiet


def _children(pid: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = Path(f"/proc/{d}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(d))
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", *args],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill_when(proc: subprocess.Popen, state: Path, at_least: int, timeout: float = 120,
               children: list | None = None) -> bool:
    """kill -9 the run once its state file says ``at_least`` inputs are done; False if it
    finished first. ``children`` gets the pids of its child processes at that moment."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            done = json.loads(state.read_text())["done"]
        except (OSError, ValueError, KeyError):
            done = 0
        if done >= at_least:
            if children is not None:
                children.extend(_children(proc.pid))
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.02)
    proc.kill()
    raise AssertionError("the run made no progress")


def test_kill_9_then_resume_gives_every_record_exactly_once(tmp_path, pipeline):
    src = tmp_path / "in.jsonl"
    make_jsonl(src, 60, broken_every=7)
    want_recs, want_rejs = reference(pipeline, src)
    out, rej = tmp_path / "out" / "records.jsonl", tmp_path / "out" / "rejects.jsonl"
    state = Path(str(out) + ".state")
    args = [str(src), "-o", str(out), "--rejects", str(rej), "--batch-size", "3"]

    # 1: killed mid-run, then a half-written line is left at the end of the output
    killed = _kill_when(_start(args), state, 9)
    if killed:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write('{"schema_version": "1.0", "doc_id": "cut-he')
    # 2: resumed with two workers, killed again; its workers must not linger
    first = json.loads(state.read_text())["done"] if state.exists() else 0
    workers: list[int] = []
    killed2 = _kill_when(_start(args + ["--resume", "--workers", "2"]), state, first + 6,
                         children=workers)
    if killed2:
        assert len(workers) >= 2
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(w) for w in workers), "orphan workers after kill -9"
    # 3: resumed to the end
    p3 = _start(args + ["--resume"])
    _, err = p3.communicate(timeout=300)
    assert p3.returncode == 0, err
    assert lines(out) == want_recs
    assert lines(rej) == want_rejs
    n = len(want_recs) + len(want_rejs)
    assert f"inputs: {n}  records: {len(want_recs)}  rejects: {len(want_rejs)}" in err
    assert json.loads(state.read_text())["complete"] is True
    assert killed, "the first run finished before it could be killed: nothing was tested"

    # resuming a complete run does nothing; other arguments are refused
    p4 = _start(args + ["--resume"])
    _, err4 = p4.communicate(timeout=120)
    assert p4.returncode == 0 and "already complete" in err4
    assert lines(out) == want_recs
    p5 = _start([str(src), str(src), "-o", str(out), "--rejects", str(rej), "--resume"])
    _, err5 = p5.communicate(timeout=120)
    assert p5.returncode == 2 and "other arguments" in err5


def test_resume_needs_somewhere_to_keep_progress():
    with pytest.raises(RunError):
        Run(["a.jsonl"], resume=True, state_path=None)


def test_summary_line():
    s = Summary(inputs=5, records=3, rejects=2, seconds=1.5)
    assert s.line().startswith("inputs: 5  records: 3  rejects: 2  skipped: 0  seconds: 1.50")


class _Crash(Exception):
    pass


class _CrashAfter(JsonlSink):
    """A sink that dies after ``n`` writes, like a run killed between two checkpoints."""

    def __init__(self, n: int):
        super().__init__(stream=io.StringIO(), key="crash")
        self.n = n

    def write(self, is_reject, line, record):
        self.n -= 1
        if self.n < 0:
            raise _Crash()


def test_resume_with_parquet_and_sqlite_after_a_crash(tmp_path, pipeline):
    pytest.importorskip("pyarrow")
    pytest.importorskip("sqlalchemy")
    import pyarrow.parquet as pq

    from pipeline.sinks.parquet import ParquetSink
    from pipeline.sinks.sql import Database, SqlSink

    src = tmp_path / "in.jsonl"
    make_jsonl(src, 20, broken_every=6)
    want_recs, want_rejs = reference(pipeline, src)
    state = str(tmp_path / "run.state")
    pq_dir, url = str(tmp_path / "pq"), f"sqlite:///{tmp_path}/vnx.db"

    def sinks(extra=()):
        return [JsonlSink(str(tmp_path / "r.jsonl"), key="records"), ParquetSink(pq_dir),
                SqlSink(url, batch_size=2), *extra]

    with pytest.raises(_Crash):
        Run([str(src)], state_path=state, batch_size=4, progress=False).execute(sinks([_CrashAfter(11)]))
    # the crashed run wrote past its last checkpoint (8 inputs): a Parquet part and database rows
    assert json.loads(Path(state).read_text())["done"] == 8
    assert any(p.name == "part-0000000008.parquet" for p in (tmp_path / "pq" / "articles").iterdir())
    s = Run([str(src)], state_path=state, batch_size=4, resume=True, progress=False).execute(sinks())
    assert s.resumed_from == 8 and s.inputs == 20 and s.records == len(want_recs)
    assert lines(tmp_path / "r.jsonl") == [to_json(i) for i in pipeline.run([str(src)])]  # records and rejects
    n_dirs = sum(len(json.loads(x)["directives"]) for x in want_recs)
    assert pq.read_table(tmp_path / "pq" / "articles").num_rows == len(want_recs)
    assert pq.read_table(tmp_path / "pq" / "directives").num_rows == n_dirs
    db = Database(url)
    assert db.counts()["articles"] == len(want_recs) and db.counts()["directives"] == n_dirs
    db.close()
