"""The vnx command line: one verb per job, stdin/stdout friendly."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="vnx: Vietnamese news articles in, one structured JSON record per article out.\n\n"
         "Examples:\n\n"
         "  vnx extract corpus/ -o records.jsonl        # every .txt/.jsonl under corpus/\n\n"
         "  cat article.txt | vnx extract -             # stdin to stdout\n\n"
         "  vnx eval ../shared/corpora/dev --show-errors\n\n"
         "  vnx schema > record.schema.json",
)


def _open_out(path: Optional[Path]):
    if path is None or str(path) == "-":
        return sys.stdout, False
    path.parent.mkdir(parents=True, exist_ok=True)
    return open(path, "w", encoding="utf-8", newline="\n"), True


@app.command()
def extract(
    inputs: List[str] = typer.Argument(..., help="Files, folders (recursive), globs ('crawl/*.warc.gz') or - for stdin."),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="Write records here (default: stdout, unless --db/--parquet)."),
    rejects: Optional[Path] = typer.Option(None, "--rejects",
                                           help="Write rejects here, one JSON line each (default: with the records)."),
    fmt: Optional[str] = typer.Option(None, "--format",
                                      help="txt, jsonl, csv, tsv, html or warc (default: by extension, else sniffed)."),
    field: Optional[List[str]] = typer.Option(None, "--field",
                                              help="JSONL/CSV column mapping, e.g. --field text=body,title=headline,id=guid."),
    workers: int = typer.Option(1, "-j", "--workers", help="Worker processes (each loads the models once)."),
    db: Optional[str] = typer.Option(None, "--db", help="Also load into a database: sqlite:///out.db or postgresql://user@host/db."),
    parquet: Optional[Path] = typer.Option(None, "--parquet", help="Also write one Parquet table per kind under this folder."),
    resume: bool = typer.Option(False, "--resume", help="Go on with a killed run (same arguments): every record exactly once."),
    state: Optional[Path] = typer.Option(None, "--state", help="Progress file of the run (default: OUTPUT.state)."),
    batch_size: int = typer.Option(500, "--batch-size", help="Checkpoint (and database transaction) every N inputs."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar (default: on a terminal)."),
    tokens: bool = typer.Option(False, "--tokens", help="Add the word segmentation to each record."),
    exclude: Optional[List[str]] = typer.Option(None, "--exclude",
                                                help="Skip an extractor, e.g. --exclude vnx_figures."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No summary on stderr."),
):
    """Extract records from articles: the main job.

    Each input article becomes one JSON line. An input that cannot become a record becomes a
    reject line {"reject": true, "source": ..., "reason": ...}, so inputs = records + rejects.
    WARC records that are not HTML pages are skipped and counted.

    \b
    vnx extract corpus/ -o out/records.jsonl
    vnx extract dump.jsonl --rejects rejects.jsonl > records.jsonl
    vnx extract 'crawl/*.warc.gz' -j 2 -o out/records.jsonl --db sqlite:///out/vnx.db --resume
    vnx extract export.csv --field text=noi_dung,title=tieu_de --parquet out/parquet
    echo "Ngày 07/9/2009, Ban Bí thư ban hành Chỉ thị số 38-CT/TW." | vnx extract -
    """
    from .readers import normalize_format
    from .readers.tabular import parse_fields
    from .runner import Run, RunError, default_state_path
    from .sinks import JsonlSink, open_db_sink, open_parquet_sink

    try:
        fmt = normalize_format(fmt)
        fields = parse_fields(field)
    except ValueError as exc:
        typer.echo(f"vnx extract: {exc}", err=True)
        raise typer.Exit(2)
    out_path = None if output is None or str(output) == "-" else str(output)
    sinks = []
    if out_path or not (db or parquet):
        sinks.append(JsonlSink(out_path, take="records" if rejects else "all", key="records"))
    if rejects:
        sinks.append(JsonlSink(str(rejects), take="rejects", key="rejects"))
    try:
        if db:
            sinks.append(open_db_sink(db, batch_size=batch_size))
        if parquet:
            sinks.append(open_parquet_sink(str(parquet)))
        state_path = str(state) if state else default_state_path(out_path, str(parquet) if parquet else None, db)
        run = Run(inputs, fmt=fmt, fields=fields, workers=workers, exclude=exclude or None,
                  tokens=tokens, state_path=state_path, resume=resume, batch_size=batch_size,
                  progress=False if quiet and progress is None else progress)
        summary = run.execute(sinks)
    except (RunError, RuntimeError) as exc:
        typer.echo(f"vnx extract: {exc}", err=True)
        raise typer.Exit(2)
    if not quiet:
        typer.echo(summary.line(), err=True)
        if summary.rejects and not rejects and not any(s.key == "records" for s in sinks):
            typer.echo(f"{summary.rejects} rejects not kept: add --rejects FILE to keep them", err=True)


@app.command()
def load(
    inputs: List[str] = typer.Argument(..., help="JSONL files of records (.gz too), or - for stdin."),
    db: Optional[str] = typer.Option(None, "--db", help="sqlite:///out.db or postgresql://user@host/db."),
    parquet: Optional[Path] = typer.Option(None, "--parquet", help="Write one Parquet table per kind under this folder."),
    batch_size: int = typer.Option(500, "--batch-size", help="Records per transaction."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No summary on stderr."),
):
    """Load records (the output of vnx extract) into a database and/or Parquet tables.

    Loading is idempotent: loading the same records again replaces them, never duplicates.
    Reject lines are skipped; lines that are not records are counted and reported.

    \b
    vnx load out/records.jsonl --db sqlite:///out/vnx.db
    vnx load out/records.jsonl --db postgresql://vnx@localhost/vnx
    vnx load out/records.jsonl --parquet out/parquet
    """
    from .runner import load_jsonl
    from .sinks import open_db_sink, open_parquet_sink

    if not db and not parquet:
        typer.echo("vnx load: give --db URL and/or --parquet DIR", err=True)
        raise typer.Exit(2)
    try:
        sinks = []
        if db:
            sinks.append(open_db_sink(db, batch_size=batch_size))
        if parquet:
            sinks.append(open_parquet_sink(str(parquet)))
        summary = load_jsonl(inputs, sinks, batch_size=batch_size, errors=sys.stderr)
    except (OSError, RuntimeError) as exc:
        typer.echo(f"vnx load: {exc}", err=True)
        raise typer.Exit(2)
    if not quiet:
        typer.echo(summary.line(), err=True)
    if summary.bad:
        raise typer.Exit(1)


@app.command("eval")
def evaluate_cmd(
    gold_dir: Path = typer.Argument(..., help="Folder of *.gold.json files next to their articles."),
    pred: Optional[Path] = typer.Option(None, "--pred", help="Score this JSONL instead of running the pipeline."),
    save: Optional[Path] = typer.Option(None, "--save", help="Also write the predicted records here."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    show_errors: bool = typer.Option(False, "--show-errors", help="List misses and spurious items per article."),
    html_out: Optional[Path] = typer.Option(None, "--html", help="Write an HTML error browser here."),
):
    """Score the pipeline against gold files (P/R/F1 per field, EXTRACTION.md rules).

    \b
    vnx eval corpus/
    vnx eval ../shared/corpora/dev --show-errors
    vnx eval ../shared/corpora/dev --pred records.jsonl --json
    vnx eval corpus/ --html report.html     # gold and predicted side by side
    """
    from .evaluate import format_table, load_gold, read_records, record_name, score

    gold = load_gold(gold_dir)
    if not gold:
        typer.echo(f"no *.gold.json files under {gold_dir}", err=True)
        raise typer.Exit(2)
    if pred is not None:
        records = read_records(pred)
    else:
        records = run_gold_articles(gold_dir, gold, save)
    report = score(gold, records)
    if as_json:
        typer.echo(json.dumps(report.scores, ensure_ascii=False))
    else:
        typer.echo(format_table(report.scores))
    if show_errors:
        for err in report.errors:
            typer.echo(f"[{err.article}] {err.field}: missed={err.missed} spurious={err.spurious}")
    if html_out is not None:
        from .show import eval_report_html

        html_out.parent.mkdir(parents=True, exist_ok=True)
        html_out.write_text(eval_report_html(str(gold_dir), report.scores, report.errors, gold, records),
                            encoding="utf-8")
        typer.echo(f"report written to {html_out}", err=True)


def run_gold_articles(gold_dir: Path, gold: dict, save: Optional[Path]) -> dict:
    """Run the pipeline over the article files the gold files name; records by article name."""
    from .core import Pipeline
    from .emit import JsonlWriter
    from .evaluate import record_name
    from .schema import Reject

    pipe = Pipeline()
    files = []
    for path in sorted(Path(gold_dir).rglob("*.gold.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        article = path.parent / (data.get("source_file") or path.name.replace(".gold.json", ".txt"))
        if article.exists():
            files.append(str(article))
    records = {}
    out, close = _open_out(save) if save else (None, False)
    writer = JsonlWriter(out) if out else None
    for item in pipe.run(files):
        if writer:
            writer.write(item)
        if not isinstance(item, Reject):
            rec = json.loads(item.model_dump_json())
            records[record_name(rec)] = rec
    if close:
        out.close()
    return records


@app.command()
def schema():
    """Print the JSON Schema of a record.

    \b
    vnx schema > record.schema.json
    """
    from .schema import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@app.command()
def show(
    article: str = typer.Argument(..., help="An article file (.txt, or .jsonl: see --index), or - for stdin."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the HTML page here."),
    terminal: bool = typer.Option(False, "--terminal", help="Print a colored view instead of HTML."),
    index: int = typer.Option(1, "--index", help="Which article of a multi-article input (1-based)."),
    no_text: bool = typer.Option(False, "--no-text", help="With --terminal: the record table only."),
):
    """Show an article with every extracted item highlighted by kind.

    \b
    vnx show corpus/vnx_01_bhyt.txt -o page.html    # open page.html in a browser
    vnx show corpus/vnx_01_bhyt.txt --terminal
    vnx show dump.jsonl --index 3 -o third.html
    """
    from .core import Pipeline
    from .schema import Reject
    from .show import render_html, render_terminal

    pipe = Pipeline()
    item = None
    for n, item in enumerate(pipe.run([article]), start=1):
        if n == index:
            break
    else:
        typer.echo(f"{article}: no article number {index}", err=True)
        raise typer.Exit(2)
    if isinstance(item, Reject):
        typer.echo(f"{article}: rejected: {item.reason} {item.detail or ''}", err=True)
        raise typer.Exit(1)
    record = json.loads(item.model_dump_json())
    if terminal:
        render_terminal(record, show_text=not no_text)
        return
    page = render_html(record)
    if output is None:
        sys.stdout.write(page)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(page, encoding="utf-8")
        typer.echo(f"page written to {output}", err=True)


@app.command()
def bench(
    inputs: Optional[List[str]] = typer.Argument(None, help="Articles to run (default: the bundled corpus/)."),
    limit: Optional[int] = typer.Option(None, "-n", "--limit", help="At most this many articles."),
    compare: Optional[str] = typer.Option(None, "--compare", help="underthesea: also time underthesea's ner()."),
    workers: int = typer.Option(1, "--workers", help="Also measure throughput with N worker processes."),
    tokens: bool = typer.Option(False, "--tokens", help="Also measure the cost of --tokens."),
    stages: bool = typer.Option(False, "--stages", help="Also show the time per stage and extractor."),
    persons: Optional[Path] = typer.Option(None, "--persons", help="Gold folder: person-name F1 of vnx vs underthesea ner()."),
    as_json_flag: bool = typer.Option(False, "--json", help="Print the results as JSON."),
):
    """Measure speed and memory (articles/s, latency, start-up, peak RSS).

    \b
    vnx bench                                     # the bundled corpus
    vnx bench ../shared/corpora/news/baomoi_gov_subset.jsonl -n 500 --compare underthesea
    vnx bench ../shared/corpora/news/baomoi_gov_subset.jsonl -n 500 --workers 2 --json
    vnx bench ../shared/corpora/news/baomoi_gov_subset.jsonl -n 200 --stages   # where the time goes
    vnx bench --persons ../shared/corpora/dev     # person names: vnx vs underthesea ner()
    """
    import time as _time

    t0 = _time.perf_counter()
    from .bench import as_json, format_result, run_bench

    if persons is not None:
        from extractors.persons_eval import compare_with_underthesea

        res = compare_with_underthesea(str(persons))
        typer.echo(json.dumps(res, ensure_ascii=False, indent=None if as_json_flag else 1))
        return
    default = Path(__file__).resolve().parent.parent / "corpus"
    res = run_bench(inputs or [str(default)], limit, compare, workers, tokens, t0, stages)
    typer.echo(as_json(res) if as_json_flag else format_result(res))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
