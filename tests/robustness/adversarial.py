"""Adversarial inputs for timing tests: long runs of what regexes love to backtrack over."""
from __future__ import annotations

import importlib
import pkgutil
import re
import time

UNITS = {
    "digits": "1234567890",
    "spaced digits": "1 2 3 4 5 ",
    "dotted number": "1.000.",
    "comma number": "1,2,",
    "dots": ".",
    "ellipsis": "… ",
    "capitals": "ABCDEFGHIK",
    "capital words": "NGUYỄN VĂN AN ",
    "capitalized words": "Nguyễn Văn An ",
    "initials": "A.B.",
    "honorifics": "Ông Bà Anh ",
    "quotes": "\"",
    "curly quotes": "“a” ",
    "open quotes": "“",
    "so": "số ",
    "So colon": "Số: ",
    "code": "12/QĐ-",
    "code words": "Quyết định số 12/QĐ-UBND ",
    "dashes": "-",
    "spaced dashes": "- ",
    "slashes": "12/",
    "date-ish": "12/12/",
    "parens": "( ",
    "close parens": ") ",
    "position": "Chủ tịch UBND tỉnh ",
    "money": "1 tỷ 2 triệu ",
    "percent": "12,5% ",
    "plain words": "người dân ",
    "TP": "TP. ",
    "newlines": "a\n",
    "ngay": "ngày ",
    "mo hinh": "mô hình ",
    "spaces": " ",
    "letters": "a",
}


def make(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def best_time(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def project_patterns() -> dict[str, re.Pattern]:
    """Every compiled regex of the pipeline/ and extractors/ modules: module globals, values
    of global dicts/lists/tuples, class attributes, and what ``re`` has cached after a run."""
    import extractors
    import pipeline

    found: dict[str, re.Pattern] = {}

    def add(where: str, obj) -> None:
        if isinstance(obj, re.Pattern):
            found.setdefault(f"{where}: {obj.pattern[:80]!r}", obj)

    for pkg in (pipeline, extractors):
        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            try:
                mod = importlib.import_module(info.name)
            except Exception:  # optional readers without their dependency
                continue
            for name, value in vars(mod).items():
                where = f"{info.name}.{name}"
                add(where, value)
                if isinstance(value, dict):
                    for v in value.values():
                        add(where, v)
                elif isinstance(value, (list, tuple, set, frozenset)):
                    for v in value:
                        add(where, v)
                        if isinstance(v, tuple):
                            for x in v:
                                add(where, x)
                elif isinstance(value, type) and value.__module__ == mod.__name__:
                    for k, v in vars(value).items():
                        add(f"{where}.{k}", v)
    return found


def cached_patterns() -> dict[str, re.Pattern]:
    """Patterns compiled at run time (re's cache), after the pipeline has run."""
    out = {}
    for key, value in list(getattr(re, "_cache", {}).items()):
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
            out[f"re cache: {value.pattern[:80]!r}"] = value
    return out
