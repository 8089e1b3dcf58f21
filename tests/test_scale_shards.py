"""Scale-out without a cluster: shard planning, reading a shard like a whole run, the duplicate pass."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from crisisdesk.ingest.dedupe import assign_duplicates, signature, text_hash
from crisisdesk.ingest.sources import Failure, iter_documents
from crisisdesk.records import Article
from crisisdesk.scale.shards import plan_shards, shard_articles, shard_documents
from crisisdesk.store.duplicates import Signed, resolve_duplicates


def _line(n: int) -> str:
    return json.dumps({"title": f"Story {n}", "site": "Herald", "published": f"2024-03-{1 + n % 28:02d}", "text": f"The council met for the {n}th time."})


# A JSONL file with what real exports hold: blank lines, a bad line, a line that is a JSON list.
JSONL_LINES = [_line(1), _line(2), "", _line(3), "not json", _line(4), "[1, 2]", _line(5), "   ", _line(6), "{}", _line(7)]


def _write_jsonl(path: Path, lines: list[str], gz: bool = False) -> Path:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def _key(item: object) -> tuple:
    if isinstance(item, Failure):
        return ("failure", item.source, item.reason)
    return ("doc", item.source, item.kind, item.content, tuple(sorted(item.meta.items())))


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("size", [1, 2, 3, 100])
def test_scale_jsonl_chunks_read_each_line_once_with_whole_file_names(tmp_path: Path, size: int, gz: bool) -> None:
    path = _write_jsonl(tmp_path / ("feed.jsonl.gz" if gz else "feed.jsonl"), JSONL_LINES, gz)
    shards, missing = plan_shards([path], size)
    assert not missing
    assert all(s.kind == "jsonl" for s in shards)
    chunked = [_key(d) for s in shards for d in shard_documents(s)]
    whole = [_key(d) for d in iter_documents([path])]
    # The same documents in the same order, the same failures, with the same `path:line` sources.
    assert [k for k in chunked if k[0] == "doc"] == [k for k in whole if k[0] == "doc"]
    assert sorted(k for k in chunked if k[0] == "failure") == sorted(k for k in whole if k[0] == "failure")
    if size == 1:
        assert len(shards) > 5
    # Ranges tile the file, and no chunk but the first starts on a line that read_jsonl would take for an array.
    assert [s.first_line for s in shards][0] == 1
    for before, after in zip(shards, shards[1:], strict=False):
        assert after.first_line == before.last_line + 1
        assert not JSONL_LINES[after.first_line - 1].lstrip().startswith("[")


def test_scale_json_array_file_is_one_shard(tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    path.write_text("[" + ", ".join(_line(n) for n in range(5)) + "]", "utf-8")
    shards, _ = plan_shards([path], 2)
    assert len(shards) == 1 and shards[0].kind == "files"
    assert [_key(d) for d in shard_documents(shards[0])] == [_key(d) for d in iter_documents([path])]


def test_scale_plan_groups_files_in_input_order_and_reports_missing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "e.txt", "f.txt"):
        (folder / name).write_text(f"Story {name}: the council met again on Monday to talk about the border.", "utf-8")
    _write_jsonl(folder / "d.jsonl", [_line(1), _line(2), _line(3)])
    (folder / "g.warc").write_text("WARC/1.0\n", "utf-8")
    shards, missing = plan_shards([folder, tmp_path / "nowhere"], 2)
    assert [str(f.source) for f in missing] == [str(tmp_path / "nowhere")]
    assert [(s.kind, [Path(p).name for p in s.paths], s.first_line) for s in shards] == [
        ("files", ["a.txt", "b.txt"], 0),
        ("files", ["c.txt"], 0),  # cut short: the JSONL file comes next in input order
        ("jsonl", ["d.jsonl"], 1),
        ("jsonl", ["d.jsonl"], 3),
        ("files", ["e.txt", "f.txt"], 0),
        ("files", ["g.warc"], 0),  # a container file is a shard of its own
    ]
    assert [s.order for s in shards] == list(range(len(shards)))


def test_scale_shard_ids_are_stable_and_follow_the_content(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "feed.jsonl", JSONL_LINES)
    first = [s.id for s in plan_shards([path], 3)[0]]
    assert [s.id for s in plan_shards([path], 3)[0]] == first
    assert len(set(first)) == len(first)
    _write_jsonl(path, [*JSONL_LINES, _line(8)])
    assert set(first).isdisjoint(s.id for s in plan_shards([path], 3)[0])


def test_scale_shard_ids_do_not_depend_on_how_the_path_is_spelled(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.jsonl").write_text("".join(json.dumps({"url": f"https://x.test/{i}", "text": "word " * 30}) + "\n" for i in range(5)), "utf-8")
    monkeypatch.chdir(data)
    relative = [s.id for s in plan_shards(["a.jsonl"], shard_size=2)[0]]
    absolute = [s.id for s in plan_shards([str(data / "a.jsonl")], shard_size=2)[0]]
    dotted = [s.id for s in plan_shards([f"../{data.name}/a.jsonl"], shard_size=2)[0]]
    assert relative == absolute == dotted
    assert len(set(relative)) == 3


def test_scale_shard_articles_give_failures_beside_articles(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "feed.jsonl", JSONL_LINES)
    items = [x for s in plan_shards([path], 4)[0] for x in shard_articles(s, published="2024-03-01")]
    articles = [x for x in items if isinstance(x, Article)]
    failures = [x for x in items if isinstance(x, Failure)]
    assert [a.title for a in articles] == [f"Story {n}" for n in range(1, 8)]
    assert {f.source.rsplit(":", 1)[1] for f in failures} == {"5", "7", "11"}


def _story(n: int, extra: str = "") -> str:
    return " ".join(f"Line {i} of story {n}: the envoys of Varenia and Ostmark spoke of the border at length." for i in range(20)) + extra


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_scale_duplicate_pass_equals_one_batch_whatever_the_order(seed: int) -> None:
    texts = [(_story(1), "2024-03-05"), (_story(1, " Read more."), "2024-03-04"), (_story(1, " Share."), "2024-03-04"),
             (_story(2), None), (_story(2, " Subscribe."), "2024-03-09"), (_story(3), "2024-03-01")]
    articles = [Article(id=f"id{n}", source=f"s{n}", published=pub, text=text) for n, (text, pub) in enumerate(texts)]
    assign_duplicates(articles)
    expected = {a.id: a.duplicate_of for a in articles}
    signed = [Signed(a.id, a.published, text_hash(a.text), signature(a.text)) for a in articles]
    random.Random(seed).shuffle(signed)
    assert resolve_duplicates(signed) == expected
    assert expected["id0"] == "id1" and expected["id2"] == "id1" and expected["id3"] == "id4"


def test_scale_duplicate_pass_merges_new_copies_into_stored_clusters() -> None:
    old = [Signed("b", "2024-03-05", text_hash(_story(1)), signature(_story(1))),
           Signed("c", "2024-03-06", text_hash(_story(1, " Share.")), signature(_story(1, " Share.")), duplicate_of="b"),
           Signed("z", "2024-03-01", text_hash(_story(9)), signature(_story(9)))]
    new = [Signed("a", "2024-03-02", text_hash(_story(1, " Read more.")), signature(_story(1, " Read more.")))]
    # The new copy is the earliest: it becomes the representative of the stored cluster; z is untouched.
    assert resolve_duplicates(new, old) == {"a": None, "b": "a", "c": "a"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "x", "--engine", "spark"], "unknown engine"),
        (["ingest", "x", "--engine", "dask", "--db", "store.duckdb"], "dataset folder"),
        (["ingest", "x", "--engine", "dask", "--workers", "0"], "--workers"),
        (["load", "nowhere"], "not a crisisdesk dataset"),
    ],
)
def test_scale_cli_bad_options_give_clear_errors(args: list[str], message: str, tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from crisisdesk.cli import app

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_scale_store_open_on_a_folder_reads_the_dataset_read_only(tmp_path: Path) -> None:
    from crisisdesk.errors import StoreError
    from crisisdesk.scale.dask_runner import prepare_dataset
    from crisisdesk.scale.worker import ShardOptions
    from crisisdesk.store.store import Store

    prepare_dataset(tmp_path / "ds", ShardOptions())
    with Store.open(tmp_path / "ds") as store:
        assert store.read_only and store.counts() == dict.fromkeys(("articles", "actors", "quotes", "timexes", "events"), 0)
        with pytest.raises(StoreError, match="read-only"):
            store.add(Article(id="a", source="s", text="x"), [])
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "file.txt").write_text("x", "utf-8")
    with pytest.raises(StoreError, match="not empty"):
        prepare_dataset(tmp_path / "other", ShardOptions())


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x1c", "\x0b", "\r"])
def test_scale_shards_jsonl_line_with_unicode_separators_stays_one_article(tmp_path: Path, separator: str) -> None:
    rows = [{"url": f"https://example.org/{n}", "text": f"Story {n} opens here.{separator}It goes on after the separator."} for n in range(3)]
    path = tmp_path / "sep.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    single = [d for d in iter_documents([path])]
    shards, _ = plan_shards([path], shard_size=2)
    sharded = [d for s in shards for d in shard_documents(s)]
    for docs in (single, sharded):
        assert not [d for d in docs if isinstance(d, Failure)], docs
        assert len(docs) == 3
