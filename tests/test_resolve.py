"""The resolve stage: one entry per item with all its mentions, and links between items."""
from __future__ import annotations

from pipeline import Pipeline
from pipeline.resolve import merge_entities

ARTICLE = (
    "Huyện Thạnh Hóa đẩy mạnh chuyển đổi số\n"
    "Chiều 4/6, Phó Chủ tịch UBND xã Thuận Nghĩa Hòa (huyện Thạnh Hóa) - Lê Văn Tâm cho biết xã đã có "
    "mô hình Cổng chợ số của xã Thuận Nghĩa Hòa, huyện Thạnh Hóa. Ông Tâm nói thêm rằng Trưởng ban "
    "Tuyên giáo Tỉnh ủy Long An - Nguyễn Thị Hồng Nhung đã về thăm. Bà Nhung đánh giá cao mô hình."
)


def test_mentions_merge_into_one_entry():
    items = [
        {"start": 0, "end": 3, "text": "Tâm", "name": "Lê Văn Tâm", "position": None},
        {"start": 10, "end": 20, "text": "Lê Văn Tâm", "name": "Lê Văn Tâm", "position": "Chủ tịch xã"},
    ]
    (entry,) = merge_entities("officials", items)
    assert entry["position"] == "Chủ tịch xã"  # the empty field is filled from the other mention
    assert [m["start"] for m in entry["mentions"]] == [0, 10]


def test_officials_and_models_link_to_places():
    rec = Pipeline().process_text(ARTICLE)
    officials = {o.name: o for o in rec.officials}
    assert officials["Lê Văn Tâm"].location == "Thuận Nghĩa Hòa"   # the xã, not the huyện
    assert officials["Nguyễn Thị Hồng Nhung"].location == "Long An"
    assert len(officials["Lê Văn Tâm"].mentions) >= 2                # "Ông Tâm" is the same person
    model = next(m for m in rec.models if m.name == "Cổng chợ số")
    assert model.locality == "xã Thuận Nghĩa Hòa, huyện Thạnh Hóa"
    assert model.location_code and model.location_code.endswith("xathuannghiahoa")
