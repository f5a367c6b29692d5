"""The article record: pydantic v2 models for every field of shared/spec/EXTRACTION.md.

Field names of the spec are kept exactly; vnx adds its own fields next to them (offsets,
mentions, codes, links). Every item has ``start``/``end`` character offsets into the record's
``text`` with ``text[start:end] == item.text`` (for items whose ``text`` is the mention).
"""
from __future__ import annotations

from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

SegmentKind = Literal["title", "lead", "heading", "paragraph", "caption", "byline", "separator"]
Approx = Literal["more_than", "less_than", "about", "at_least", "at_most", "vague"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Mention(_Model):
    start: int
    end: int
    text: str


class Spanned(_Model):
    """An item found at text[start:end]."""
    text: str
    start: int
    end: int


class WithMentions(Spanned):
    mentions: list[Mention] = Field(default_factory=list,
                                    description="every place the item is mentioned, first one included")


class Source(_Model):
    uri: Optional[str] = Field(None, description="file path, URL or '-' for stdin")
    format: str = Field("txt", description="txt, jsonl, html, warc, csv, ...")
    index: Optional[int] = Field(None, description="position of the article inside the source (line, record)")
    url: Optional[str] = None
    site: Optional[str] = None
    author: Optional[str] = Field(None, description="author given by the source's metadata (HTML, CSV)")
    published: Optional[str] = None
    encoding: Optional[str] = Field(None, description="the detected input encoding")
    converted: bool = Field(False, description="True when the input was converted from a legacy encoding")


class Segment(_Model):
    kind: SegmentKind
    start: int
    end: int


class Author(Spanned):
    name: str


class TextBlock(Spanned):
    """A heading or caption: ``name`` is its text as written."""
    name: str


class Official(WithMentions):
    name: str
    position: Optional[str] = None
    title: Optional[str] = None
    organization: Optional[str] = None
    former: bool = False
    acting: bool = False
    honorific: Optional[str] = None
    rank: Optional[str] = None
    location: Optional[str] = Field(None, description="place of the organization, when linked")


class Person(WithMentions):
    name: str
    honorific: Optional[str] = None
    rank: Optional[str] = None
    role: Optional[str] = Field(None, description="generic occupation or relation (nông dân, bệnh nhân)")
    initials: bool = False


class Organization(WithMentions):
    name: str
    short: Optional[str] = None
    kind: Optional[str] = Field(None, description="party, state, front, ministry, company, ...")
    location: Optional[str] = None


class ModelItem(WithMentions):
    name: str
    locality: Optional[str] = None
    location_code: Optional[str] = None


class Campaign(WithMentions):
    name: str
    kind: Optional[str] = Field(None, description="phong trào, cuộc vận động, chương trình")


class Figure(Spanned):
    value: Optional[Union[int, float]] = None
    value_max: Optional[Union[int, float]] = None
    unit: Optional[str] = None
    quantity: Optional[str] = None
    approx: Optional[Approx] = None
    per: Optional[str] = None
    change: Optional[Literal["increase", "decrease"]] = None
    part_of: Optional[int] = Field(None, description="index in `figures` of the whole this figure is a part of")
    flags: list[str] = Field(default_factory=list, description="uncertainties, e.g. 'ambiguous_separator'")


class Directive(WithMentions):
    doc_type: Optional[str] = None
    type_code: Optional[str] = None
    number: Optional[str] = None
    year: Optional[int] = None
    code: Optional[str] = None
    name: Optional[str] = Field(None, description="name of a law cited without a number")
    issuer_code: Optional[str] = None
    issuer_body: Optional[str] = Field(None, description="the body the issuer code stands for")
    issuer: Optional[str] = None
    date: Optional[str] = None
    subject: Optional[str] = None
    family: Optional[Literal["state", "party", "law", "joint"]] = None


class DateItem(Spanned):
    value: str
    kind: Optional[Literal["date", "month", "year", "interval", "quarter"]] = None


class Location(WithMentions):
    name: str
    level: Optional[str] = None
    parent: Optional[str] = None
    province: Optional[str] = None
    code: Optional[str] = None
    current: Optional[str] = Field(None, description="the post-2025 unit this place now belongs to")


class Abbreviation(WithMentions):
    short: str
    long: Optional[str] = None
    source: Optional[Literal["text", "inferred", "lexicon"]] = None


class Quote(Spanned):
    speaker: Optional[str]
    verb: Optional[str] = None


class Warning_(_Model):
    code: str
    message: str


class Record(_Model):
    schema_version: str = SCHEMA_VERSION
    doc_id: str
    source: Source
    title: Optional[str] = None
    lead: Optional[str] = None
    text: str
    segments: list[Segment] = Field(default_factory=list)
    authors: list[str] = Field(default_factory=list)
    bylines: list[Author] = Field(default_factory=list, description="authors with offsets")
    headings: list[str] = Field(default_factory=list)
    captions: list[str] = Field(default_factory=list)
    officials: list[Official] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    organizations: list[Organization] = Field(default_factory=list)
    models: list[ModelItem] = Field(default_factory=list)
    campaigns: list[Campaign] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    directives: list[Directive] = Field(default_factory=list)
    dates: list[DateItem] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    abbreviations: list[Abbreviation] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    tokens: Optional[list[Spanned]] = Field(None, description="word segmentation, with --tokens")
    warnings: list[Warning_] = Field(default_factory=list)


class Reject(_Model):
    """An input that could not become a record: nothing is dropped silently."""
    reject: Literal[True] = True
    source: Source
    reason: str
    detail: Optional[str] = None


def json_schema() -> dict:
    return Record.model_json_schema()
