#!/usr/bin/env python
"""Run the whole pipeline over every text of ../shared/corpora and count what comes out.

    .venv/bin/python scripts/robustness_run.py [CORPORA_DIR] [--limit N] [--rejects out.jsonl]

Prints, per file and in total: inputs (counted independently: non-blank JSONL lines and text
files), records, rejects by reason, exceptions (anything escaping the pipeline, plus rejects
with reason "internal error"), records whose offsets are wrong, warnings by code and encoding
conversions. Exit status 1 when there is an exception, a bad offset or inputs != records + rejects.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import Pipeline  # noqa: E402
from pipeline.ingest import _walk  # noqa: E402
from pipeline.schema import Reject  # noqa: E402


def count_inputs(path: Path) -> int:
    if path.suffix == ".jsonl":
        with open(path, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    return 1


def bad_offsets(rec: dict) -> int:
    text, bad = rec["text"], 0
    stack = [v for k, v in rec.items() if k not in ("text", "source")]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            if {"start", "end", "text"} <= v.keys() and text[v["start"]:v["end"]] != v["text"]:
                bad += 1
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpora", nargs="?", default=str(ROOT.parent / "shared" / "corpora"))
    ap.add_argument("--limit", type=int, default=0, help="stop each file after N items (0: all)")
    ap.add_argument("--rejects", help="write the rejects here (JSONL)")
    args = ap.parse_args()
    corpora = Path(args.corpora)
    if not corpora.is_dir():
        print(f"no corpora at {corpora}", file=sys.stderr)
        return 2
    pipe = Pipeline()
    rej_out = open(args.rejects, "w", encoding="utf-8") if args.rejects else None
    total = Counter()
    reasons, warnings, encodings = Counter(), Counter(), Counter()
    start = time.perf_counter()
    print(f"{'file':45s} {'inputs':>7s} {'records':>8s} {'rejects':>8s} {'exc':>4s} {'sec':>7s}")
    for path in _walk(corpora):
        n_in = count_inputs(path)
        c = Counter()
        t = time.perf_counter()
        try:
            for item in pipe.run([str(path)]):
                if args.limit and c["records"] + c["rejects"] >= args.limit:
                    break
                if isinstance(item, Reject):
                    c["rejects"] += 1
                    reasons[item.reason] += 1
                    if item.reason == "internal error":
                        c["exceptions"] += 1
                        print(f"  internal error in {item.source.uri}#{item.source.index}: {item.detail[:300]}")
                    if rej_out:
                        rej_out.write(item.model_dump_json() + "\n")
                    continue
                c["records"] += 1
                rec = json.loads(item.model_dump_json())
                c["bad_offsets"] += bad_offsets(rec) > 0
                for w in rec["warnings"]:
                    warnings[w["code"]] += 1
                if rec["source"]["converted"]:
                    encodings[rec["source"]["encoding"]] += 1
        except Exception:  # noqa: BLE001 — the point is to count these
            c["exceptions"] += 1
            print(f"  EXCEPTION in {path}:\n{traceback.format_exc(limit=5)}")
        if args.limit:
            n_in = min(n_in, args.limit)
        c["inputs"] = n_in
        total.update(c)
        name = str(path.relative_to(corpora))
        print(f"{name[-45:]:45s} {n_in:7d} {c['records']:8d} {c['rejects']:8d} {c['exceptions']:4d} "
              f"{time.perf_counter() - t:7.1f}", flush=True)
    elapsed = time.perf_counter() - start
    if rej_out:
        rej_out.close()
    n_out = total["records"] + total["rejects"]
    print()
    print(f"inputs: {total['inputs']}  records: {total['records']}  rejects: {total['rejects']}  "
          f"exceptions: {total['exceptions']}  bad offsets: {total['bad_offsets']}  "
          f"records+rejects: {n_out}  seconds: {elapsed:.0f}  ({n_out / max(elapsed, 1e-9):.1f}/s)")
    print("rejects by reason:", dict(reasons.most_common()))
    print("warnings by code:", dict(warnings.most_common()))
    print("converted encodings:", dict(encodings.most_common()) or "none")
    ok = total["exceptions"] == 0 and total["bad_offsets"] == 0 and n_out == total["inputs"]
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
