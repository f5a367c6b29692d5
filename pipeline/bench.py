"""`vnx bench`: speed and memory of the pipeline, side by side with underthesea's NER.

Measured in one process run: start-up time to the first record, articles/s, characters/s,
p50/p95 latency per article, peak RSS; optionally underthesea's ``ner()`` over the same
articles (``--compare underthesea``), and scaling with ``--workers N``.
"""
from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Optional


def peak_rss_mb() -> float:
    """Peak resident set size of this process (and its finished children), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / (1024 * 1024)
    return round(max(own, kids) * scale, 1)


@dataclass
class Run:
    name: str
    articles: int
    chars: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    first_record_s: Optional[float] = None
    workers: int = 1

    def summary(self) -> dict:
        lat = sorted(self.latencies_ms)
        out = {
            "name": self.name,
            "workers": self.workers,
            "articles": self.articles,
            "seconds": round(self.seconds, 3),
            "articles_per_s": round(self.articles / self.seconds, 2) if self.seconds else None,
            "chars_per_s": round(self.chars / self.seconds) if self.seconds else None,
        }
        if lat:
            out["p50_ms"] = round(statistics.median(lat), 2)
            out["p95_ms"] = round(lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))], 2)
        if self.first_record_s is not None:
            out["first_record_s"] = round(self.first_record_s, 3)
        return out


def load_articles(inputs: list[str], limit: Optional[int]) -> list:
    """Raw articles (not rejects) from the inputs, at most ``limit``."""
    from .ingest import RawArticle, read_inputs

    out = []
    for item in read_inputs(inputs):
        if isinstance(item, RawArticle):
            out.append(item)
            if limit and len(out) >= limit:
                break
    return out


def article_text(raw) -> str:
    return "\n".join(p for p in (raw.title, raw.lead, raw.body) if p)


def bench_pipeline(articles: list, t0: float, tokens: bool = False) -> Run:
    """One worker in this process; ``t0`` is when the command started (for start-up time)."""
    from .core import Pipeline

    pipe = Pipeline(tokens=tokens)
    pipe.process(articles[0])  # the first record: models load here, outside the timed loop
    first = time.perf_counter() - t0
    lat = []
    chars = 0
    start = time.perf_counter()
    for raw in articles:
        a = time.perf_counter()
        pipe.process(raw)
        b = time.perf_counter()
        lat.append((b - a) * 1000)
        chars += len(article_text(raw))
    return Run("vnx --tokens" if tokens else "vnx", len(articles), chars, time.perf_counter() - start, lat,
               None if tokens else first)


_WORKER_PIPE = None


def _init_worker():
    global _WORKER_PIPE
    from .core import Pipeline

    _WORKER_PIPE = Pipeline()


def _process_chunk(chunk: list) -> int:
    for raw in chunk:
        _WORKER_PIPE.process(raw)
    return len(chunk)


def bench_workers(articles: list, workers: int) -> Run:
    """Throughput with N worker processes, models loaded once per worker (not timed)."""
    chunks = [articles[i:i + 8] for i in range(0, len(articles), 8)]
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
        # warm every worker before timing
        list(pool.map(_process_chunk, [[articles[0]]] * workers))
        start = time.perf_counter()
        done = sum(pool.map(_process_chunk, chunks))
        seconds = time.perf_counter() - start
    chars = sum(len(article_text(r)) for r in articles)
    return Run("vnx", done, chars, seconds, workers=workers)


def bench_underthesea_ner(articles: list) -> Run:
    """underthesea's ``ner()`` over the same articles, sentence by sentence (its time grows
    faster than linearly with the length of one call, so whole articles would be unfair to it)."""
    from underthesea import ner, sent_tokenize

    ner("Khởi động mô hình.")  # load the model before timing
    lat = []
    chars = 0
    start = time.perf_counter()
    for raw in articles:
        text = article_text(raw)
        a = time.perf_counter()
        for line in text.split("\n"):
            for sentence in sent_tokenize(line):
                ner(sentence)
        lat.append((time.perf_counter() - a) * 1000)
        chars += len(text)
    return Run("underthesea.ner", len(articles), chars, time.perf_counter() - start, lat)


def bench_stages(articles: list) -> dict:
    """Where the time goes: milliseconds per article in each stage of ``Pipeline.process``
    (the Doc: normalize, sentences, atoms; each extractor; resolve; the record), and inside
    them underthesea's word segmentation."""
    import pipeline.segment as segment

    from .core import Pipeline, _repair_encoding, quality_check, resolve

    pipe = Pipeline()
    pipe.process(articles[0])  # models load outside the measure
    spent: dict[str, float] = {}
    seg_time = [0.0]
    word_spans = segment.word_spans

    def timed_word_spans(*args):
        a = time.perf_counter()
        try:
            return word_spans(*args)
        finally:
            seg_time[0] += time.perf_counter() - a

    def add(key: str, since: float) -> float:
        now = time.perf_counter()
        spent[key] = spent.get(key, 0.0) + now - since
        return now

    segment.word_spans = timed_word_spans  # window_words looks it up at every call
    try:
        start = time.perf_counter()
        for raw in articles:
            t = time.perf_counter()
            raw = _repair_encoding(raw)
            text, title_lines, lead_lines = pipe.assemble(raw)
            quality_check(text)
            t = add("normalize", t)
            doc = pipe.make_doc(text, title_lines, lead_lines)
            t = add("doc", t)
            for name, component in pipe.nlp.pipeline:
                doc = component(doc)
                t = add(name.removeprefix("vnx_"), t)
            resolve(doc)
            add("resolve", t)
        total = time.perf_counter() - start
    finally:
        segment.word_spans = word_spans
    n = len(articles)
    return {"stages_ms": {k: round(v / n * 1000, 2) for k, v in spent.items()},
            "word_segmentation_ms": round(seg_time[0] / n * 1000, 2),
            "stages_total_ms": round(total / n * 1000, 2)}


def format_stages(st: dict) -> str:
    lines = [f"time per article by stage (ms; {st['stages_total_ms']} in all, the record's own "
             "validation not included):"]
    for name, ms in st["stages_ms"].items():
        lines.append(f"  {name:28s} {ms:8.2f}")
    lines.append(f"  {'(word segmentation, inside)':28s} {st['word_segmentation_ms']:8.2f}")
    return "\n".join(lines)


def run_bench(inputs: list[str], limit: Optional[int], compare: Optional[str], workers: int,
              tokens: bool, t0: float, stages: bool = False) -> dict:
    articles = load_articles(inputs, limit)
    if not articles:
        raise ValueError("no articles to benchmark in the inputs")
    runs = [bench_pipeline(articles, t0)]
    rss_single = peak_rss_mb()
    result: dict = {"articles": len(articles),
                    "mean_chars": round(sum(len(article_text(a)) for a in articles) / len(articles)),
                    "runs": [runs[0].summary()], "peak_rss_mb": rss_single,
                    "cpu_count": os.cpu_count()}
    if stages:
        result["stages"] = bench_stages(articles)
    if tokens:
        result["runs"].append(bench_pipeline(articles, time.perf_counter(), tokens=True).summary())
    if compare == "underthesea":
        gc.collect()
        ut = bench_underthesea_ner(articles)
        result["runs"].append(ut.summary())
        result["speedup_vs_underthesea"] = round(ut.seconds / runs[0].seconds, 2)
        result["peak_rss_mb_with_underthesea_ner"] = peak_rss_mb()
    if workers > 1:
        multi = bench_workers(articles, workers)
        result["runs"].append(multi.summary())
        result["scaling"] = round(runs[0].seconds / multi.seconds, 2)
        result["peak_rss_mb_per_worker"] = peak_rss_mb()
    return result


def format_result(res: dict) -> str:
    cols = ["name", "workers", "articles", "seconds", "articles_per_s", "chars_per_s", "p50_ms", "p95_ms",
            "first_record_s"]
    lines = [f"{res['articles']} articles, {res['mean_chars']} characters on average, {res['cpu_count']} CPUs"]
    lines.append("  ".join(f"{c:>15s}" for c in cols))
    for run in res["runs"]:
        lines.append("  ".join(f"{str(run.get(c, '')):>15s}" for c in cols))
    lines.append(f"peak RSS (vnx, one worker): {res['peak_rss_mb']} MB")
    for key, label in (("speedup_vs_underthesea", "vnx speed-up over underthesea.ner"),
                       ("peak_rss_mb_with_underthesea_ner", "peak RSS after underthesea.ner (MB)"),
                       ("scaling", "throughput ratio, workers vs one"),
                       ("peak_rss_mb_per_worker", "peak RSS of the largest worker (MB)")):
        if key in res:
            lines.append(f"{label}: {res[key]}")
    if "stages" in res:
        lines.append(format_stages(res["stages"]))
    return "\n".join(lines)


def as_json(res: dict) -> str:
    return json.dumps(res, ensure_ascii=False)


__all__ = ["run_bench", "format_result", "as_json", "Run", "asdict"]
