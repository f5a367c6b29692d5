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
    inputs: List[str] = typer.Argument(..., help="Files, folders (recursive) or - for stdin."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write records here (default: stdout)."),
    rejects: Optional[Path] = typer.Option(None, "--rejects",
                                           help="Write rejects here (default: with the records)."),
    fmt: Optional[str] = typer.Option(None, "--format", help="txt or jsonl (default: by extension)."),
    tokens: bool = typer.Option(False, "--tokens", help="Add the word segmentation to each record."),
    exclude: Optional[List[str]] = typer.Option(None, "--exclude",
                                                help="Skip an extractor, e.g. --exclude vnx_figures."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No summary on stderr."),
):
    """Extract records from articles: the main job.

    Each input article becomes one JSON line. An input that cannot become a record becomes a
    reject line {"reject": true, "source": ..., "reason": ...}, so inputs = records + rejects.

    \b
    vnx extract corpus/ -o out/records.jsonl
    vnx extract dump.jsonl --rejects rejects.jsonl > records.jsonl
    echo "Ngày 07/9/2009, Ban Bí thư ban hành Chỉ thị số 38-CT/TW." | vnx extract -
    """
    from .core import Pipeline
    from .emit import JsonlWriter
    from .schema import Reject

    start = time.perf_counter()
    pipe = Pipeline(exclude=exclude or None, tokens=tokens)
    out, close_out = _open_out(output)
    rej_stream, close_rej = (_open_out(rejects) if rejects else (out, False))
    records = JsonlWriter(out)
    rejected = JsonlWriter(rej_stream)
    try:
        for item in pipe.run(inputs, fmt):
            (rejected if isinstance(item, Reject) else records).write(item)
    finally:
        records.flush()
        rejected.flush()
        if close_out:
            out.close()
        if close_rej:
            rej_stream.close()
    if not quiet:
        n_in = records.count + rejected.count
        typer.echo(f"inputs: {n_in}  records: {records.count}  rejects: {rejected.count}  "
                   f"seconds: {time.perf_counter() - start:.2f}", err=True)


@app.command("eval")
def evaluate_cmd(
    gold_dir: Path = typer.Argument(..., help="Folder of *.gold.json files next to their articles."),
    pred: Optional[Path] = typer.Option(None, "--pred", help="Score this JSONL instead of running the pipeline."),
    save: Optional[Path] = typer.Option(None, "--save", help="Also write the predicted records here."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    show_errors: bool = typer.Option(False, "--show-errors", help="List misses and spurious items per article."),
):
    """Score the pipeline against gold files (P/R/F1 per field, EXTRACTION.md rules).

    \b
    vnx eval corpus/
    vnx eval ../shared/corpora/dev --show-errors
    vnx eval ../shared/corpora/dev --pred records.jsonl --json
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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
