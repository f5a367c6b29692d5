"""Readers on real-format fixtures built here: HTML pages, a gzipped WARC written with warcio,
CSV with a field mapping, JSONL with a broken line, .gz of each, folders, globs, stdin."""
from __future__ import annotations

import gzip
import io
import json
import tracemalloc
from pathlib import Path

import pytest

from pipeline.ingest import RawArticle, read_inputs, read_stream
from pipeline.readers import IngestStats, PendingHTML, sniff_format

from .helpers import to_cp1258
from pipeline.readers.tabular import parse_fields
from pipeline.schema import Reject

trafilatura = pytest.importorskip("trafilatura")
warcio = pytest.importorskip("warcio")

# Invented articles, in the style of provincial news.
ARTICLES = [
    ("Huyện ra quân làm đường giao thông nông thôn",
     "Sáng 05/4/2024, UBND huyện Cao Lãnh tổ chức lễ ra quân làm đường giao thông nông thôn. "
     "Theo kế hoạch, năm nay huyện sẽ nâng cấp 42 km đường với tổng kinh phí hơn 18 tỉ đồng, "
     "thực hiện Nghị quyết số 12/NQ-HĐND của Hội đồng nhân dân tỉnh."),
    ("Xã vùng sâu có thêm trường học mới",
     "Ngày 20/8/2023, xã Tân Thành khánh thành trường mầm non với 6 phòng học. "
     "Ông Lê Văn Tám, Chủ tịch UBND xã, cho biết công trình được xây dựng theo Quyết định "
     "số 567/QĐ-UBND và đón khoảng 180 cháu ngay trong năm học mới."),
    ("Tỉnh sơ kết mô hình dân vận khéo",
     "Chiều 14/11/2024, Ban Dân vận Tỉnh ủy tổ chức hội nghị sơ kết mô hình dân vận khéo. "
     "Toàn tỉnh đã có 215 mô hình được công nhận, tăng 12% so với năm trước."),
]

PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{title} - Báo Thử Nghiệm</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Báo Thử Nghiệm">
<meta property="og:url" content="{url}">
<meta name="author" content="Thanh Mai">
<meta property="article:published_time" content="{date}T08:00:00+07:00">
</head><body>
<nav><a href="/">Trang chủ</a> | <a href="/thoi-su">Thời sự</a> | <a href="/kinh-te">Kinh tế</a></nav>
<div class="sidebar"><h3>Tin đọc nhiều</h3><ul><li><a href="/x">Giá lúa tăng nhẹ đầu vụ</a></li></ul></div>
<article><h1>{title}</h1>
<p>{body}</p>
<p>Lãnh đạo địa phương đề nghị các ngành tiếp tục phối hợp chặt chẽ, bảo đảm tiến độ và chất lượng công trình.</p>
</article>
<footer><p>Bản quyền thuộc về Báo Thử Nghiệm. Ghi rõ nguồn khi phát hành lại.</p></footer>
</body></html>"""


def make_page(i: int = 0) -> str:
    title, body = ARTICLES[i]
    return PAGE.format(title=title, body=body, url=f"https://baothunghiem.vn/bai-{i}.html",
                       date=f"2024-0{i + 1}-1{i}")


def write_warc(path: Path, gz: bool = True, n_pages: int = 2) -> dict:
    """A crawl: warcinfo, then per page a request and an HTML response, plus an image,
    a redirect and a 404. Returns what a reader should see."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def response(w, url, ctype, body, status="200 OK"):
        hh = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=hh))

    def request(w, url):
        hh = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "baothunghiem.vn")], is_http_request=True)
        w.write_record(w.create_warc_record(url, "request", http_headers=hh))

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "vnx-tests"}))
        for i in range(n_pages):
            url = f"https://baothunghiem.vn/bai-{i}.html"
            request(w, url)
            response(w, url, "text/html; charset=utf-8", make_page(i).encode("utf-8"))
        response(w, "https://baothunghiem.vn/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
        response(w, "https://baothunghiem.vn/cu", "text/html", b"<html>moved</html>", "301 Moved Permanently")
        response(w, "https://baothunghiem.vn/mat", "text/html", b"<html>not found</html>", "404 Not Found")
    return {"articles": n_pages, "skipped": 1 + n_pages + 3}


def articles_of(items):
    return [i for i in items if isinstance(i, RawArticle)]


def rejects_of(items):
    return [i for i in items if isinstance(i, Reject)]


# -- HTML ---------------------------------------------------------------------------------------
def test_html_page_main_text_and_metadata(tmp_path):
    p = tmp_path / "bai.html"
    p.write_text(make_page(0), encoding="utf-8")
    [art] = list(read_inputs([str(p)]))
    assert isinstance(art, RawArticle)
    assert art.title == ARTICLES[0][0]
    assert "42 km đường" in art.body and "Nghị quyết số 12/NQ-HĐND" in art.body
    assert not art.body.startswith(ARTICLES[0][0])  # the <h1> is the title, not repeated
    for noise in ("Trang chủ", "Tin đọc nhiều", "Bản quyền"):
        assert noise not in art.body
    s = art.source
    assert s.format == "html" and s.uri == str(p)
    assert s.url == "https://baothunghiem.vn/bai-0.html"
    assert s.site == "Báo Thử Nghiệm"
    assert s.published == "2024-01-10"
    assert art.meta.get("author") == "Thanh Mai"


def test_html_is_lazy_for_workers(tmp_path):
    p = tmp_path / "bai.htm"
    p.write_text(make_page(1), encoding="utf-8")
    [pending] = list(read_inputs([str(p)], lazy=True))
    assert isinstance(pending, PendingHTML)
    from pipeline.ingest import materialize
    assert materialize(pending).title == ARTICLES[1][0]


def test_html_without_text_is_a_reject(tmp_path):
    p = tmp_path / "trong.html"
    p.write_text("<html><head><title>x</title></head><body><script>var a = 1;</script><img src=\"a.png\"></body></html>", encoding="utf-8")
    [rej] = list(read_inputs([str(p)]))
    assert isinstance(rej, Reject) and "no main text" in rej.reason


def test_html_in_a_legacy_charset(tmp_path):
    page = make_page(2).replace('charset="utf-8"', 'charset="windows-1258"')
    p = tmp_path / "cu.html"
    import unicodedata

    p.write_bytes(to_cp1258(page))
    [art] = list(read_inputs([str(p)]))
    assert isinstance(art, RawArticle)
    assert "215 mô hình" in unicodedata.normalize("NFC", art.body)
    assert unicodedata.normalize("NFC", art.title) == ARTICLES[2][0]


# -- WARC ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses_become_articles_rest_skipped_and_counted(tmp_path, gz):
    p = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    expect = write_warc(p, gz=gz)
    stats = IngestStats()
    items = list(read_inputs([str(p)], stats=stats))
    arts = articles_of(items)
    assert len(arts) == expect["articles"] and not rejects_of(items)
    assert [a.title for a in arts] == [ARTICLES[0][0], ARTICLES[1][0]]
    assert [a.source.url for a in arts] == ["https://baothunghiem.vn/bai-0.html",
                                           "https://baothunghiem.vn/bai-1.html"]
    assert all(a.source.format == "warc" for a in arts)
    assert [a.source.index for a in arts] == [3, 5]  # ordinal of the record in the file
    assert stats.n_skipped == expect["skipped"]
    assert stats.skipped["warc request record"] == 2
    assert stats.skipped["not html"] == 1
    assert stats.skipped["http status 3xx"] == 1 and stats.skipped["http status 4xx"] == 1


def test_warc_sniffed_without_extension_and_on_stdin(tmp_path):
    p = tmp_path / "crawl.warc.gz"
    write_warc(p)
    odd = tmp_path / "crawl_dump"
    odd.write_bytes(p.read_bytes())
    assert len(articles_of(read_inputs([str(odd)]))) == 2
    # stdin: the same bytes through read_stream, which sniffs gzip then WARC
    from pipeline.ingest import materialize
    items = [materialize(i) for i in read_stream(io.BytesIO(p.read_bytes()), "-", None)]
    assert len(articles_of(items)) == 2


def test_truncated_warc_keeps_what_was_read(tmp_path):
    p = tmp_path / "crawl.warc"
    write_warc(p, gz=False)
    data = p.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: data.index(b"bai-1.html") + 2000])
    items = list(read_inputs([str(cut)]))
    assert len(articles_of(items)) >= 1
    assert all(r.reason in ("corrupt archive", "unreadable WARC payload", "no main text in the HTML page")
               for r in rejects_of(items))


# -- JSONL / CSV --------------------------------------------------------------------------------
def test_jsonl_with_a_broken_line_and_a_mapping(tmp_path):
    p = tmp_path / "dump.jsonl"
    lines = [json.dumps({"guid": "a1", "headline": ARTICLES[0][0], "content": {"body": ARTICLES[0][1]}},
                        ensure_ascii=False),
             '{"guid": "a2", "headline": "Tin cắt ngang', "",
             json.dumps({"guid": "a3", "headline": ARTICLES[1][0], "content": {"body": ARTICLES[1][1]},
                         "link": "https://baothunghiem.vn/a3"}, ensure_ascii=False)]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fields = parse_fields(["text=content.body,title=headline", "id=guid"])
    items = list(read_inputs([str(p)], fields=fields))
    assert len(items) == 3
    a1, bad, a3 = items
    assert a1.id == "a1" and a1.title == ARTICLES[0][0] and a1.body == ARTICLES[0][1]
    assert isinstance(bad, Reject) and bad.reason == "invalid JSON" and bad.source.index == 2
    assert a3.source.index == 4 and a3.source.url == "https://baothunghiem.vn/a3"


def test_parse_fields_rejects_unknown_targets():
    assert parse_fields(["body=noi_dung", "headline=tieu_de"]) == {"text": "noi_dung", "title": "tieu_de"}
    with pytest.raises(ValueError):
        parse_fields(["colour=red"])
    with pytest.raises(ValueError):
        parse_fields(["text"])


def _csv_bytes() -> bytes:
    import csv
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["ma", "tieu_de", "noi_dung", "ngay"])
    w.writerow(["b1", ARTICLES[0][0], ARTICLES[0][1] + "\nĐoạn thứ hai, có dấu phẩy, và \"ngoặc kép\".", "2024-04-05"])
    w.writerow(["b2", "", "", ""])
    w.writerow(["b3", ARTICLES[2][0], ARTICLES[2][1], "2024-11-14"])
    text = buf.getvalue() + "b4,thừa,một,cột,nữa\r\n"
    return text.encode("utf-8")


def test_csv_with_field_mapping(tmp_path):
    p = tmp_path / "export.csv"
    p.write_bytes(_csv_bytes())
    fields = parse_fields(["text=noi_dung,title=tieu_de,id=ma,date=ngay"])
    items = list(read_inputs([str(p)], fields=fields))
    assert len(items) == 4
    b1, b2, b3, b4 = items
    assert b1.id == "b1" and "ngoặc kép" in b1.body and "\n" in b1.body
    assert b1.source.published == "2024-04-05" and b1.source.format == "csv" and b1.source.index == 1
    assert isinstance(b2, Reject) and "no text" in b2.reason and b2.source.index == 2
    assert b3.title == ARTICLES[2][0]
    assert isinstance(b4, Reject) and b4.reason == "malformed CSV row" and b4.source.index == 4


def test_csv_mapping_to_a_missing_column_is_one_reject(tmp_path):
    p = tmp_path / "export.csv"
    p.write_bytes(_csv_bytes())
    [rej] = list(read_inputs([str(p)], fields={"text": "body"}))
    assert isinstance(rej, Reject) and "not in the CSV header" in rej.reason


def test_tsv_rows_not_in_utf8_are_decoded_on_their_own(tmp_path):
    p = tmp_path / "export.tsv"
    p.write_bytes("ma\tnoi_dung\n1\t".encode() + ARTICLES[2][1].encode() + b"\n2\tbad \xff byte\n"
                  + b"3\t" + bytes(range(0x80, 0xA0)) * 8 + b"\x01\x02\x03\x04\x05\x06\n")
    items = list(read_inputs([str(p)], fields={"text": "noi_dung"}))
    assert isinstance(items[0], RawArticle) and not items[0].source.converted
    # a Latin-1 byte: the row is read as Windows-1252, and says so
    assert isinstance(items[1], RawArticle) and items[1].body == "bad ÿ byte"
    assert items[1].source.converted and items[1].source.encoding == "windows-1252"
    assert items[1].meta["warnings"][0]["code"] == "converted_encoding"
    # control bytes and undefined codes: not text in any encoding
    assert isinstance(items[2], Reject) and items[2].reason == "undecodable row"


# -- gz, folders, globs, stdin ------------------------------------------------------------------
def test_gz_of_each_format(tmp_path):
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(make_page(0).encode()))
    (tmp_path / "b.csv.gz").write_bytes(gzip.compress(_csv_bytes()))
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(
        (json.dumps({"title": ARTICLES[1][0], "body": ARTICLES[1][1]}, ensure_ascii=False) + "\n").encode()))
    (tmp_path / "d.txt.gz").write_bytes(gzip.compress(ARTICLES[2][1].encode()))
    items = list(read_inputs([str(tmp_path)], fields={"text": "noi_dung", "title": "tieu_de"}))
    formats = [i.source.format for i in items]
    assert formats == ["html", "csv", "csv", "csv", "csv", "jsonl", "txt"]
    assert len(articles_of(items)) == 5


def test_folders_and_globs_are_sorted_and_missing_inputs_rejected(tmp_path):
    (tmp_path / "sub").mkdir()
    for name, i in (("b.txt", 1), ("a.txt", 0), ("sub/c.txt", 2)):
        (tmp_path / name).write_text(ARTICLES[i][1], encoding="utf-8")
    (tmp_path / "a.gold.json").write_text("{}", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    uris = [i.source.uri for i in read_inputs([str(tmp_path)])]
    assert uris == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), str(tmp_path / "sub" / "c.txt")]
    g = [i.source.uri for i in read_inputs([str(tmp_path / "*.txt")])]
    assert g == uris[:2]
    rej = list(read_inputs([str(tmp_path / "*.warc"), str(tmp_path / "missing.txt")]))
    assert [r.reason for r in rej] == ["no file matches the pattern", "no such file or folder"]


def test_sniffing():
    assert sniff_format(b"WARC/1.0\r\n") == "warc"
    assert sniff_format(b'\xef\xbb\xbf{"a": 1}') == "jsonl"
    assert sniff_format(b"  <!DOCTYPE html><html>") == "html"
    assert sniff_format("Ngày 12/3/2024, tỉnh".encode()) == "txt"


def test_stdin_jsonl_and_text():
    data = (json.dumps({"body": ARTICLES[0][1]}, ensure_ascii=False) + "\n{oops\n").encode()
    items = list(read_stream(io.BytesIO(data), "-", None))
    assert isinstance(items[0], RawArticle) and isinstance(items[1], Reject)
    [txt] = list(read_stream(io.BytesIO(ARTICLES[1][1].encode()), "-", None))
    assert txt.body == ARTICLES[1][1] and txt.source.format == "txt"


def test_streaming_memory_stays_flat(tmp_path):
    """A 30 MB (uncompressed) gzipped JSONL is read one article at a time."""
    p = tmp_path / "big.jsonl.gz"
    body = (ARTICLES[0][1] + " ") * 40
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        for i in range(3000):
            fh.write(json.dumps({"id": str(i), "body": body}, ensure_ascii=False) + "\n")
    tracemalloc.start()
    n = 0
    for item in read_inputs([str(p)]):
        n += isinstance(item, RawArticle)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert n == 3000
    assert peak < 4_000_000, peak


def test_utf8_cells_of_a_row_with_one_broken_cell_stay_as_they_are(tmp_path):
    body = "Ủy ban nhân dân xã Tân Phú họp bàn kế hoạch làm đường giao thông nông thôn."
    p = tmp_path / "mixed.csv"
    p.write_bytes(b"title,body\n" + to_cp1258("Tin xã Tân Phú") + b"," + body.encode("utf-8") + b"\n")
    [art] = list(read_inputs([str(p)]))
    assert isinstance(art, RawArticle)
    assert art.body == body  # not re-read in the broken cell's encoding
    assert art.title == "Tin xã Tân Phú" and art.source.encoding == "windows-1258"


def test_a_page_too_deep_for_lxml_without_a_paragraph_is_still_a_reject(tmp_path):
    p = tmp_path / "sau.html"
    p.write_text("<html><body>" + "<div>" * 400 + "<p>Trang chủ</p><script>var a = 'một hai ba bốn năm sáu bảy tám';</script>"
                 + "</div>" * 400 + "</body></html>", encoding="utf-8")
    [rej] = list(read_inputs([str(p)]))
    assert isinstance(rej, Reject) and "no main text" in rej.reason
