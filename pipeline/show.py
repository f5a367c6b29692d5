"""See what was extracted: an HTML page (displaCy's span visualizer) or a colored terminal view.

``render_html(record)`` draws every extracted item highlighted by kind over the article text,
segment by segment, with a side table of the record's fields. ``render_terminal(record)``
prints the same with rich. ``eval_report_html(...)`` renders ``vnx eval --html``.
"""
from __future__ import annotations

import html
import re
from typing import Iterable

from spacy import displacy

KINDS = ("officials", "people", "organizations", "models", "figures", "directives", "dates",
         "locations", "abbreviations", "quotes")
COLORS = {
    "officials": "#f4a261", "people": "#e9c46a", "organizations": "#a8dadc", "models": "#b5e48c",
    "figures": "#90caf9", "directives": "#ef9a9a", "dates": "#ce93d8", "locations": "#80cbc4",
    "abbreviations": "#d7ccc8", "quotes": "#fff59d",
}
_WORD = re.compile(r"\S+")


def item_spans(record: dict) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every mention of every item, sorted."""
    spans = set()
    for kind in KINDS:
        for item in record.get(kind) or []:
            mentions = item.get("mentions") or [item]
            for m in mentions:
                if "start" in m and m["end"] > m["start"]:
                    spans.add((m["start"], m["end"], kind))
    return sorted(spans)


def _segment_doc(text: str, seg: dict, spans: list[tuple[int, int, str]]) -> dict:
    """displaCy manual span input for one segment of the text."""
    s0, e0 = seg["start"], seg["end"]
    # Tokens are the text's own white-space-separated words, cut further only where an item
    # starts or ends, so the page reads like the article ("38-CT/TW", not "38 - CT / TW").
    cuts = {p for s, e, _ in spans for p in (s, e) if s0 < p < e0}
    atoms = []
    for m in _WORD.finditer(text[s0:e0]):
        a, b = s0 + m.start(), s0 + m.end()
        for c in sorted(p for p in cuts if a < p < b):
            atoms.append((a, c))
            a = c
        atoms.append((a, b))
    tokens = [text[s:e] for s, e in atoms]
    out = []
    for s, e, kind in spans:
        if e <= s0 or s >= e0:
            continue
        first = next((i for i, (ts, te) in enumerate(atoms) if te > s), None)
        last = next((i for i in range(len(atoms) - 1, -1, -1) if atoms[i][0] < e), None)
        if first is None or last is None or last < first:
            continue
        out.append({"start_token": first, "end_token": last + 1, "label": kind.upper()})
    return {"text": text[s0:e0], "tokens": tokens, "spans": out}


def _field_rows(record: dict) -> list[tuple[str, list[str]]]:
    def fmt(kind, it):
        if kind == "officials":
            return f"{it['name']} — {it.get('position') or ''}"
        if kind == "figures":
            parts = [str(it.get("value")), it.get("unit") or ""]
            if it.get("value_max") is not None:
                parts[0] += f"–{it['value_max']}"
            if it.get("approx"):
                parts.append(f"({it['approx']})")
            if it.get("quantity"):
                parts.append(f"[{it['quantity']}]")
            return f"{it['text']} → " + " ".join(p for p in parts if p)
        if kind == "directives":
            return " · ".join(str(x) for x in (it.get("doc_type"), it.get("code") or it.get("name"),
                                               it.get("issuer"), it.get("date")) if x)
        if kind == "dates":
            return f"{it['text']} → {it['value']}"
        if kind == "locations":
            extra = " · ".join(str(x) for x in (it.get("province"), it.get("current")) if x)
            return f"{it.get('level') or ''} {it['name']}".strip() + (f" ({extra})" if extra else "")
        if kind == "abbreviations":
            return f"{it['short']} = {it.get('long') or '?'}"
        if kind == "quotes":
            return f"{it.get('speaker') or '?'}: “{it['text'][:80]}”"
        if kind == "models":
            return it["name"] + (f" ({it['locality']})" if it.get("locality") else "")
        return it.get("name") or it.get("text", "")

    rows = []
    for key in ("title", "authors", "headings", "captions"):
        v = record.get(key)
        if v:
            rows.append((key, [v] if isinstance(v, str) else list(v)))
    for kind in KINDS:
        items = record.get(kind) or []
        if items:
            rows.append((kind, [fmt(kind, it) for it in items]))
    return rows


PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; display: flex; }}
main {{ flex: 3; padding: 1em 2em; max-width: 60em; }}
aside {{ flex: 2; padding: 1em; background: #fafafa; border-left: 1px solid #ddd; font-size: 14px; }}
aside table {{ border-collapse: collapse; width: 100%; }}
aside td {{ border-bottom: 1px solid #eee; padding: 4px; vertical-align: top; }}
aside td.k {{ font-weight: bold; white-space: nowrap; }}
.seg-kind {{ color: #888; font-size: 11px; text-transform: uppercase; margin-top: 1em; }}
.legend span {{ display: inline-block; padding: 2px 6px; margin: 2px; border-radius: 3px; font-size: 12px; }}
</style></head><body>
<main><h1>{title}</h1><div class="legend">{legend}</div>{body}</main>
<aside><h2>Record</h2><p>doc_id <code>{doc_id}</code></p><table>{table}</table></aside>
</body></html>
"""


def render_html(record: dict) -> str:
    text = record["text"]
    spans = item_spans(record)
    colors = {k.upper(): v for k, v in COLORS.items()}
    parts = []
    for seg in record.get("segments") or [{"kind": "paragraph", "start": 0, "end": len(text)}]:
        if seg["kind"] == "separator":
            parts.append("<hr>")
            continue
        doc = _segment_doc(text, seg, spans)
        parts.append(f'<div class="seg-kind">{seg["kind"]}</div>')
        parts.append(displacy.render(doc, style="span", manual=True,
                                     options={"colors": colors}, page=False, jupyter=False))
    legend = "".join(f'<span style="background:{c}">{k}</span>' for k, c in COLORS.items())
    table = "".join(
        f'<tr><td class="k">{html.escape(k)}</td><td>{"<br>".join(html.escape(v) for v in vals)}</td></tr>'
        for k, vals in _field_rows(record))
    title = record.get("title") or (record.get("source") or {}).get("uri") or record["doc_id"]
    return PAGE.format(title=html.escape(str(title)), legend=legend, body="\n".join(parts),
                       doc_id=html.escape(record["doc_id"]), table=table)


def render_terminal(record: dict, console=None, show_text: bool = True) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    if show_text:
        styled = Text(record["text"])
        for s, e, kind in item_spans(record):
            styled.stylize(f"on {COLORS[kind]}", s, e)
        console.print(styled)
    table = Table(title="Record", show_lines=False)
    table.add_column("field", style="bold")
    table.add_column("items")
    for k, vals in _field_rows(record):
        table.add_row(k, escape("\n".join(vals)))  # "[thẻ BHYT]" is text, not rich markup
    console.print(table)


# --- vnx eval --html ---------------------------------------------------------------------

REPORT = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>vnx eval report</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1em 2em; }}
table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #ddd; padding: 3px 8px; text-align: right; }}
td.l, th.l {{ text-align: left; }}
.miss {{ background: #ffcdd2; }}
.spur {{ background: #ffe0b2; }}
.ok {{ color: #2e7d32; }}
details {{ margin: .5em 0; }}
.cols {{ display: flex; gap: 2em; }}
.cols > div {{ flex: 1; }}
</style></head><body>
<h1>vnx eval — {gold_dir}</h1>
<table><tr><th class="l">field</th><th>P</th><th>R</th><th>F1</th><th>tp</th><th>pred</th><th>gold</th></tr>
{score_rows}</table>
<p>{extras}</p>
<p><span class="miss">missed (in gold, not predicted)</span> <span class="spur">spurious (predicted, not in gold)</span></p>
{articles}
</body></html>
"""


def _key_text(key) -> str:
    if isinstance(key, tuple):
        return " · ".join(str(k) for k in key if k != "NAME")
    return str(key)


def eval_report_html(gold_dir: str, scores: dict, errors: Iterable, gold: dict, records: dict) -> str:
    from .evaluate import SCORED_FIELDS, gold_items, item_keys, items_of

    rows = []
    for f in SCORED_FIELDS:
        if f in scores:
            s = scores[f]
            rows.append(f'<tr><td class="l">{f}</td><td>{s["p"]:.4f}</td><td>{s["r"]:.4f}</td>'
                        f'<td>{s["f1"]:.4f}</td><td>{s["tp"]}</td><td>{s["pred"]}</td><td>{s["gold"]}</td></tr>')
    extras = " · ".join(f"{k}: {scores[k]:.4f}" for k in ("official_position_acc", "directive_date_acc") if k in scores)
    by_article: dict[str, dict] = {}
    for err in errors:
        by_article.setdefault(err.article, {})[err.field] = err
    blocks = []
    for name in sorted(gold):
        g, rec = gold[name], records.get(name, {})
        errs = by_article.get(name, {})
        fields_html = []
        for f in SCORED_FIELDS:
            gitems = gold_items(g, f)
            if gitems is None or f == "persons":
                continue
            err = errs.get(f)
            missed = {str(x) for x in (err.missed if err else [])}
            spurious = {str(x) for x in (err.spurious if err else [])}
            if f == "figures":
                gold_list = [str(x.get("text")) for x in gitems]
                pred_list = [str(x.get("text")) for x in items_of(rec, f)]
            else:
                gold_list = [_key_text(k) for k in item_keys(f, gitems)]
                pred_list = [_key_text(k) for k in item_keys(f, items_of(rec, f))]
                missed = {_key_text(k) for k in (err.missed if err else [])}
                spurious = {_key_text(k) for k in (err.spurious if err else [])}
            if not gold_list and not pred_list:
                continue
            gl = "".join(f'<li class="{"miss" if x in missed else "ok"}">{html.escape(x)}</li>' for x in gold_list)
            pl = "".join(f'<li class="{"spur" if x in spurious else "ok"}">{html.escape(x)}</li>' for x in pred_list)
            fields_html.append(f'<h4>{f}{" ✗" if err else " ✓"}</h4><div class="cols">'
                               f'<div><b>gold</b><ul>{gl}</ul></div><div><b>predicted</b><ul>{pl}</ul></div></div>')
        n_err = sum(len(e.missed) + len(e.spurious) for e in errs.values())
        blocks.append(f'<details{" open" if n_err else ""}><summary><b>{html.escape(name)}</b> — '
                      f'{n_err} errors</summary>{"".join(fields_html)}</details>')
    return REPORT.format(gold_dir=html.escape(str(gold_dir)), score_rows="\n".join(rows),
                         extras=html.escape(extras), articles="\n".join(blocks))
