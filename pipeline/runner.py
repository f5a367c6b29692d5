"""Runs at scale: worker processes, progress, summary, rejects, resumable runs.

``Run(...).execute(sinks)`` reads the inputs (streaming), processes them in ``workers``
processes (each builds its Pipeline once), and hands the results to the sinks **in input
order** (output bytes do not depend on the number of workers). Memory stays flat: at most
``workers * 4`` chunks of articles are in flight.

Resuming. When the run has a state file (a sidecar of the output, e.g. ``records.jsonl.state``),
it is replaced atomically at every checkpoint (every ``batch_size`` inputs or ``interval``
seconds) after the sinks made their output durable. It holds the number of inputs done, the
counts, and each sink's state (the byte size of a JSONL file, the Parquet parts written). A run
killed at any point (kill -9 included) and started again with the same arguments and
``--resume`` truncates the JSONL files back to the checkpoint (a partial last line goes with
it), deletes the Parquet parts written after it, re-loads the database rows after it
(idempotent), skips the inputs done, and goes on: every record exactly once.
"""
from __future__ import annotations

import itertools
import json
import multiprocessing as mp
import os
import sys
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import IO, Iterator, Optional, Sequence

from .readers import IngestStats

STATE_VERSION = 1


class RunError(RuntimeError):
    """A run that cannot start (bad arguments, mismatched resume state)."""


# -- processing ------------------------------------------------------------------------------
_PIPE = None


def _make_pipeline(components, exclude, tokens):
    from .core import Pipeline
    return Pipeline(components=components, exclude=exclude, tokens=tokens)


def process_item(pipe, item) -> tuple[bool, str]:
    """(is_reject, JSON line) of one item from the readers."""
    from .emit import to_json
    from .ingest import materialize
    from .schema import Reject

    if not isinstance(item, Reject):
        item = materialize(item)
    if not isinstance(item, Reject):
        item = pipe.process(item)
    return isinstance(item, Reject), to_json(item)


def _watch_parent(ppid: int) -> None:
    # A worker whose parent was killed (kill -9) exits instead of lingering.
    while True:
        time.sleep(1.0)
        if os.getppid() != ppid:
            os._exit(1)


def _init_worker(components, exclude, tokens, ppid) -> None:
    global _PIPE
    threading.Thread(target=_watch_parent, args=(ppid,), daemon=True).start()
    _PIPE = _make_pipeline(components, exclude, tokens)


def _work(chunk: list) -> list[tuple[bool, str]]:
    return [process_item(_PIPE, item) for item in chunk]


def _chunks(items, size: int):
    it = iter(items)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield chunk


def process_stream(items, workers: int = 1, components=None, exclude=None, tokens: bool = False,
                   chunk_size: int = 4) -> Iterator[tuple[bool, str]]:
    """Results of ``items`` in input order, in this process or in ``workers`` processes."""
    if workers <= 1:
        pipe = _make_pipeline(components, exclude, tokens)
        for item in items:
            yield process_item(pipe, item)
        return
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("spawn")
    window = workers * 4
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(components, exclude, tokens, os.getpid())) as pool:
        pending: deque = deque()
        try:
            for chunk in _chunks(items, chunk_size):
                pending.append(pool.submit(_work, chunk))
                while len(pending) >= window:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for f in pending:
                f.cancel()


# -- progress --------------------------------------------------------------------------------
class Progress:
    """One status line on a terminal: articles, articles/s, rejects, ETA (from bytes read)."""

    def __init__(self, stream: IO[str], stats: IngestStats, total_bytes: Optional[int],
                 start: float, every: float = 0.25):
        self.stream = stream
        self.stats = stats
        self.total = total_bytes
        self.start = start
        self.every = every
        self.last = 0.0
        self.width = 0
        self.first: Optional[tuple] = None

    def update(self, n: int, rejects: int, new: int, force: bool = False) -> None:
        now = time.perf_counter()
        if not force and now - self.last < self.every:
            return
        self.last = now
        done = min(self.stats.position(), self.total) if self.total else 0
        if self.first is None:  # rates from the first result on: model loading is not work
            self.first = (now, new, done)
        t0, n0, d0 = self.first
        el = now - t0
        if el < 1e-3:  # a single point: measure from the start of the run
            t0, n0, d0, el = self.start, 0, 0, max(now - self.start, 1e-9)
        rate = (new - n0) / el
        eta = ""
        if self.total:
            frac = done / self.total
            speed = (done - d0) / el
            if 0 < frac < 1 and speed > 0:
                left = (self.total - done) / speed
                eta = f"  ETA {int(left // 60)}:{int(left % 60):02d}"
            pct = f" {100 * frac:5.1f}%"
        else:
            pct = ""
        skipped = self.stats.n_skipped
        line = (f"\r{pct} {n} articles  {rate:.1f} articles/s  {rejects} rejects"
                + (f"  {skipped} skipped" if skipped else "") + eta)
        pad = max(0, self.width - len(line))
        self.width = len(line)
        self.stream.write(line + " " * pad)
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


# -- a run -----------------------------------------------------------------------------------
@dataclass
class Summary:
    inputs: int = 0
    records: int = 0
    rejects: int = 0
    skipped: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    resumed_from: int = 0
    already_complete: bool = False

    def line(self) -> str:
        s = (f"inputs: {self.inputs}  records: {self.records}  rejects: {self.rejects}  "
             f"skipped: {sum(self.skipped.values())}  seconds: {self.seconds:.2f}")
        if self.resumed_from:
            s += f"  (resumed after {self.resumed_from} inputs)"
        if self.already_complete:
            s += "  (already complete: nothing to do)"
        return s


def _write_state(path: str, state: dict) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(state, fh, ensure_ascii=False, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Run:
    """One extraction run. ``identity`` is what must match for ``--resume`` to go on."""

    def __init__(self, inputs: Sequence[str], fmt: Optional[str] = None,
                 fields: Optional[dict] = None, workers: int = 1,
                 components: Optional[list[str]] = None, exclude: Optional[list[str]] = None,
                 tokens: bool = False, state_path: Optional[str] = None, resume: bool = False,
                 batch_size: int = 500, interval: float = 30.0, progress: Optional[bool] = None,
                 progress_stream: Optional[IO[str]] = None):
        self.inputs = list(inputs)
        self.fmt = fmt
        self.fields = dict(fields or {})
        self.workers = max(1, int(workers))
        self.components = components
        self.exclude = exclude
        self.tokens = tokens
        self.state_path = state_path
        self.resume = resume
        self.batch_size = max(1, batch_size)
        self.interval = interval
        self.progress_stream = progress_stream or sys.stderr
        if progress is None:
            progress = bool(getattr(self.progress_stream, "isatty", lambda: False)())
        self.progress = progress
        self.stats = IngestStats()
        if resume and not state_path:
            raise RunError("--resume needs a file output (-o, --parquet or --db sqlite:///...) "
                           "or --state FILE: there is nowhere to keep the run's progress")

    def identity(self) -> dict:
        return {"inputs": [os.path.abspath(i) if i != "-" else i for i in self.inputs],
                "format": self.fmt, "fields": self.fields, "components": self.components,
                "exclude": sorted(self.exclude or []), "tokens": self.tokens}

    def _load_state(self) -> Optional[dict]:
        if not (self.resume and self.state_path and os.path.exists(self.state_path)):
            return None
        try:
            with open(self.state_path, encoding="utf-8") as fh:
                state = json.load(fh)
        except (OSError, ValueError) as exc:
            raise RunError(f"{self.state_path}: unreadable run state ({exc}); "
                           "start again without --resume") from exc
        if state.get("version") != STATE_VERSION or state.get("run") != self.identity():
            raise RunError(f"{self.state_path} belongs to a run with other arguments: resume it "
                           "with the same inputs and options, or start again without --resume")
        return state

    def execute(self, sinks: list) -> Summary:
        from .ingest import read_inputs, total_bytes

        start = time.perf_counter()
        state = self._load_state()
        if "-" in self.inputs and self.resume:
            raise RunError("--resume cannot re-read stdin: give the input as a file")
        summary = Summary()
        if state:
            summary.records = state["records"]
            summary.rejects = state["rejects"]
            summary.resumed_from = state["done"]
            if state.get("complete"):
                summary.inputs = state["done"]
                summary.skipped = Counter(state.get("skipped", {}))
                summary.already_complete = True
                summary.resumed_from = 0
                return summary
        if self.resume and any(getattr(s, "resumable", True) is False for s in sinks):
            raise RunError("--resume cannot rewind stdout: write the records to a file with -o")
        keys = [s.key for s in sinks]
        if len(set(keys)) != len(keys):
            raise RunError(f"two sinks share a key: {keys}")
        for s in sinks:
            s.start(state["sinks"].get(s.key) if state else None)
        done = state["done"] if state else 0

        own = [p for s in sinks for p in getattr(s, "paths", lambda: [])()]
        if self.state_path:
            own.append(self.state_path)
        items = read_inputs(self.inputs, self.fmt, self.fields or None, self.stats, lazy=True,
                            ignore=own)
        for _ in itertools.islice(items, done):   # inputs of the killed run before its checkpoint
            pass
        bar = None
        if self.progress:
            bar = Progress(self.progress_stream, self.stats, total_bytes(self.inputs, own), start)
        wants = any(s.wants_records for s in sinks)
        n_new = 0
        last_cp = time.perf_counter()

        def checkpoint(complete: bool = False) -> None:
            sink_states = {s.key: s.checkpoint(done) for s in sinks}
            if self.state_path:
                _write_state(self.state_path, {
                    "version": STATE_VERSION, "run": self.identity(), "done": done,
                    "records": summary.records, "rejects": summary.rejects,
                    "skipped": dict(self.stats.skipped) if complete else {},
                    "sinks": sink_states, "complete": complete,
                })

        try:
            results = process_stream(items, self.workers, self.components, self.exclude, self.tokens)
            for is_reject, line in results:
                record = json.loads(line) if (wants and not is_reject) else None
                for s in sinks:
                    s.write(is_reject, line, record)
                done += 1
                n_new += 1
                if is_reject:
                    summary.rejects += 1
                else:
                    summary.records += 1
                if bar:
                    bar.update(done, summary.rejects, n_new)
                if n_new % self.batch_size == 0 or time.perf_counter() - last_cp >= self.interval:
                    checkpoint()
                    last_cp = time.perf_counter()
            checkpoint(complete=True)
        finally:
            if bar:
                bar.update(done, summary.rejects, n_new, force=True)
                bar.close()
            for s in sinks:
                s.close()
        summary.inputs = done
        summary.skipped = Counter(self.stats.skipped)
        summary.seconds = time.perf_counter() - start
        assert summary.inputs == summary.records + summary.rejects
        return summary


def default_state_path(output: Optional[str], parquet: Optional[str], db: Optional[str]) -> Optional[str]:
    """Where a run keeps its progress: beside its first file output."""
    if output and output != "-":
        return output + ".state"
    if parquet:
        return os.path.join(parquet, "_vnx_state.json")
    if db:
        from .sinks.sql import sqlite_path
        p = sqlite_path(db)
        if p:
            return p + ".state"
    return None


# -- loading existing JSONL ------------------------------------------------------------------
@dataclass
class LoadSummary:
    lines: int = 0
    records: int = 0
    rejects: int = 0
    bad: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (f"lines: {self.lines}  records: {self.records}  rejects skipped: {self.rejects}  "
                f"bad lines: {self.bad}  seconds: {self.seconds:.2f}")


def load_jsonl(paths: Sequence[str], sinks: list, batch_size: int = 500,
               errors: Optional[IO[str]] = None) -> LoadSummary:
    """Load records from JSONL files (``.gz`` too, ``-`` for stdin) into sinks."""
    import gzip

    start = time.perf_counter()
    out = LoadSummary()
    for s in sinks:
        s.start(None)
    try:
        for path in paths:
            raw = sys.stdin.buffer if path == "-" else open(path, "rb")
            fh = gzip.GzipFile(fileobj=raw) if raw.peek(2)[:2] == b"\x1f\x8b" else raw
            try:
                for n, raw_line in enumerate(fh, start=1):
                    if not raw_line.strip():
                        continue
                    out.lines += 1
                    try:
                        rec = json.loads(raw_line)
                        if not isinstance(rec, dict):
                            raise ValueError("not a JSON object")
                        if rec.get("reject"):
                            out.rejects += 1
                            continue
                        if not rec.get("doc_id"):
                            raise ValueError("no doc_id")
                    except ValueError as exc:
                        out.bad += 1
                        if errors is not None:
                            errors.write(f"{path}:{n}: {str(exc)[:200]}\n")
                        continue
                    out.records += 1
                    for s in sinks:
                        s.write(False, "", rec)
                    if out.records % batch_size == 0:
                        for s in sinks:
                            s.checkpoint(out.records)
            finally:
                if path != "-":
                    fh.close()
                    raw.close()
        for s in sinks:
            s.checkpoint(out.records)
    finally:
        for s in sinks:
            s.close()
    out.seconds = time.perf_counter() - start
    return out
