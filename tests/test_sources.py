"""Reading inputs: kinds, encodings, and a clear report for every file that cannot be read."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from crisisdesk.ingest.sources import Failure, RawDocument, iter_documents

STORY = "Varenia and Ostmark agreed on Friday to hold talks in Geneva, officials said.\n\nThe talks begin next week."


def _write_bad_folder(folder: Path) -> dict[str, str]:
    """A folder with one good file and four bad ones; returns the bad names with a word their reason must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.txt").write_text("Talks agreed\n\n" + STORY, "utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.html").write_bytes(bytes(range(256)) * 8)
    (folder / "broken-utf8.txt").write_bytes("Zelensky’s “Unity Day”\n\nKyiv said ".encode() + b"\xff\xc3(" + b" more text.")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    return {"empty.txt": "empty", "binary.html": "binary", "broken-utf8.txt": "invalid UTF-8", "notes.docx": "unknown kind"}


def test_sources_each_bad_file_reported_with_reason(tmp_path: Path) -> None:
    bad = _write_bad_folder(tmp_path / "in")
    items = list(iter_documents([tmp_path / "in"]))
    failures = {Path(i.source).name: i.reason for i in items if isinstance(i, Failure)}
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert set(failures) == set(bad)
    for name, word in bad.items():
        assert word in failures[name]
    assert [Path(d.source).name for d in docs] == ["good.txt"]


@pytest.mark.parametrize(
    ("encoding", "text"),
    [("utf-8", "Zelensky’s “Unity Day”"), ("utf-8-sig", "Kyiv — talks"), ("cp1252", "Zelensky’s “Unity Day” in Kyiv and more words here"), ("utf-16", "Kyiv talks")],
)
def test_sources_decodes_common_encodings(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    (doc,) = iter_documents([path])
    assert isinstance(doc, RawDocument)
    assert doc.content.strip().lstrip("\ufeff") == text


def test_sources_reads_gzip_and_reports_truncated_gzip(tmp_path: Path) -> None:
    good = tmp_path / "story.txt.gz"
    good.write_bytes(gzip.compress(STORY.encode()))
    broken = tmp_path / "broken.txt.gz"
    broken.write_bytes(gzip.compress(STORY.encode() * 50)[:40])
    items = list(iter_documents([good, broken]))
    assert isinstance(items[0], RawDocument) and items[0].content == STORY
    assert isinstance(items[1], Failure) and "gzip" in items[1].reason


def test_sources_jsonl_bad_line_does_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"title": "One", "text": "First story text.", "published": "2024-03-02"}\n'
        "{not json\n"
        '{"title": "No text"}\n'
        '["a list"]\n'
        '{"title": "Two", "html": "<html><body><p>Second story.</p></body></html>"}\n',
        "utf-8",
    )
    items = list(iter_documents([path]))
    docs = [i for i in items if isinstance(i, RawDocument)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [d.meta["title"] for d in docs] == ["One", "Two"]
    assert [d.kind for d in docs] == ["text", "html"]
    assert sorted(f.source.rsplit(":", 1)[1] for f in failures) == ["2", "3", "4"]


def test_sources_missing_path_is_a_failure(tmp_path: Path) -> None:
    (item,) = iter_documents([tmp_path / "nope.txt"])
    assert isinstance(item, Failure) and "no such file" in item.reason
