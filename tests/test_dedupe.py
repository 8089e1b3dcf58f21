"""Near-duplicate detection: republished copies found, distinct stories kept apart."""

from __future__ import annotations

import pytest

from crisisdesk.ingest.dedupe import (
    DisjointSets,
    DuplicateIndex,
    assign_duplicates,
    representative,
    signature,
    text_hash,
)
from crisisdesk.records import Article

BASE = [
    f"Paragraph {i}: the foreign ministers of Varenia and Ostmark met in Geneva for a {i}th round of talks on the border."
    for i in range(12)
]


def _art(aid: str, paragraphs: list[str], published: str | None) -> Article:
    return Article(id=aid, source=aid, published=published, text="\n\n".join(paragraphs))


@pytest.mark.parametrize(
    "variant",
    [
        BASE + ["READ ALSO: Ten things to know about the border dispute."],
        BASE[:-1],
        ["Click here to subscribe."] + BASE,
        [p.upper() for p in BASE],
    ],
)
def test_dedupe_republished_copy_is_found(variant: list[str]) -> None:
    index = DuplicateIndex()
    original = "\n\n".join(BASE)
    index.add("orig", text_hash(original), signature(original))
    copy = "\n\n".join(variant)
    assert index.matches(text_hash(copy), signature(copy)) == ["orig"]


def test_dedupe_distinct_story_is_not_a_copy() -> None:
    index = DuplicateIndex()
    original = "\n\n".join(BASE)
    index.add("orig", text_hash(original), signature(original))
    other = "Fishing boats from Ostmark returned to port on Tuesday after a storm damaged nets and one vessel sank." * 3
    assert index.matches(text_hash(other), signature(other)) == []


def test_dedupe_batch_points_copies_at_earliest_published() -> None:
    late = _art("b", BASE + ["An extra paragraph."], "2024-03-05")
    early = _art("z", BASE, "2024-03-01")
    undated = _art("a", BASE[:-1], None)
    assign_duplicates([late, undated, early])
    assert (early.duplicate_of, late.duplicate_of, undated.duplicate_of) == (None, "z", "z")


def test_dedupe_ties_broken_by_smaller_id() -> None:
    assert representative([("b", "2024-03-01"), ("a", "2024-03-01"), ("c", None)]) == "a"


def test_dedupe_copy_inside_a_longer_page_is_found() -> None:
    # A story printed inside a page half again as long (other items appended): Jaccard is low,
    # containment is high.
    index = DuplicateIndex()
    original = "\n\n".join(BASE)
    index.add("orig", text_hash(original), signature(original))
    other_items = [f"Unrelated item {i}: a harbour festival in town number {i} drew crowds to see boats and music." for i in range(8)]
    longer = "\n\n".join(BASE + other_items)
    assert index.matches(text_hash(longer), signature(longer)) == ["orig"]


def test_dedupe_signatures_are_stable_across_calls_and_batches() -> None:
    from crisisdesk.ingest.dedupe import signatures

    texts = ["\n\n".join(BASE), "Fishing boats returned to port after a storm.", ""]
    batch = signatures(texts)
    assert all((batch[i] == signature(t)).all() for i, t in enumerate(texts))
    # The hashes depend on nothing in the process (no salted hash()): a fixed text has a fixed signature.
    assert int(signature("a b c d e f")[0]) == int(signatures(["a b c d e f"])[0][0])


def test_dedupe_estimated_jaccard_tracks_the_exact_one() -> None:
    import numpy as np

    from crisisdesk.ingest.dedupe import shingles

    a = "\n\n".join(BASE)
    b = "\n\n".join(BASE[:8] + ["A different closing paragraph about fishing boats and a storm in the north."] * 3)
    exact = len(shingles(a) & shingles(b)) / len(shingles(a) | shingles(b))
    estimate = float(np.mean(signature(a) == signature(b)))
    assert abs(exact - estimate) < 0.15


def test_dedupe_short_excerpt_of_a_long_story_is_not_a_copy() -> None:
    index = DuplicateIndex()
    longer = "\n\n".join(BASE + [f"Further paragraph {i} on the talks, the troops, the villages and the river crossing number {i}." for i in range(30)])
    index.add("long", text_hash(longer), signature(longer))
    excerpt = "\n\n".join(BASE[:6])
    assert index.matches(text_hash(excerpt), signature(excerpt)) == []


@pytest.mark.parametrize("links", [
    [("b", "a"), ("c", "b"), ("e", "d")],
    [("e", "d"), ("c", "b"), ("b", "a")],
    [("c", "b"), ("d", "e"), ("a", "b")],
])
def test_dedupe_disjoint_sets_give_the_same_groups_in_any_order(links: list[tuple[str, str]]) -> None:
    sets = DisjointSets()
    for a, b in links:
        sets.union(a, b)
    assert sets.roots() == {"a": "a", "b": "a", "c": "a", "d": "d", "e": "d"}


@pytest.mark.parametrize(
    "text",
    [
        "The talks in Geneva ended; both sides said so.",
        "  İstanbul's ÇAFÉ_owner met Ünal — 北京 talks, テスト 2024!  \n\n",
        "Emoji 😀 between words, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 letters and a lone \ud800 surrogate.",
        "...  ---  ",
        "",
    ],
)
def test_dedupe_batch_exact_hash_equals_the_single_text_hash(text: str) -> None:
    from crisisdesk.ingest.dedupe import fingerprints

    texts = ["A first story about a storm.", text, "A last story, about fishing boats."]
    digests, _ = fingerprints(texts)
    assert digests == [text_hash(t) for t in texts]


def test_dedupe_signatures_do_not_depend_on_the_batch_size(monkeypatch: pytest.MonkeyPatch) -> None:
    import crisisdesk.ingest.dedupe as dedupe

    texts = ["\n\n".join(BASE), "Fishing boats returned to port.", "", "one two", "\n\n".join(BASE[3:9])]
    whole = dedupe.fingerprints(texts)
    monkeypatch.setattr(dedupe, "_BATCH_CHARS", 40)  # every text in a batch of its own
    split = dedupe.fingerprints(texts)
    assert whole[0] == split[0]
    assert (whole[1] == split[1]).all()


@pytest.mark.parametrize("count", [30, 300, 3000])
def test_dedupe_estimated_size_tracks_the_shingle_count(count: int) -> None:
    from crisisdesk.ingest.dedupe import estimated_size, shingles

    text = " ".join(f"w{i}" for i in range(count + 4))
    assert len(shingles(text)) == count
    assert abs(estimated_size(signature(text)) / count - 1.0) < 0.35


@pytest.mark.parametrize("text", ["three short words", "a text of ten words about a storm at sea today"])
def test_dedupe_short_text_fills_every_bin_from_its_own_shingles(text: str) -> None:
    import numpy as np

    from crisisdesk.ingest.dedupe import _BIN_SHIFT, NUM_PERM, shingles

    sig = signature(text)
    own = sig[(sig >> _BIN_SHIFT) == np.arange(NUM_PERM, dtype=np.uint64)]
    assert 1 <= len(own) <= len(shingles(text))  # one bin per shingle at most
    assert set(sig.tolist()) == set(own.tolist())  # empty bins borrowed from the filled ones


def test_dedupe_batch_links_the_same_articles_as_the_incremental_index() -> None:
    from crisisdesk.ingest.dedupe import fingerprints

    other = [f"Sentence {i} of a report on grain exports through the Black Sea ports and the insurance of ships." for i in range(10)]
    texts = [
        "\n\n".join(BASE),
        "\n\n".join(["Home > World"] + BASE + ["Share this article"]),
        "\n\n".join(other),
        "\n\n".join(BASE[:9]),
        "\n\n".join(other[1:] + ["Reporting by the news desk."]),
        "\n\n".join(BASE[:3]),
        "",
        "",
    ]
    articles = [Article(id=f"a{i}", source=f"a{i}", text=t) for i, t in enumerate(texts)]
    assign_duplicates(articles)
    batch = {a.id: a.duplicate_of or a.id for a in articles}
    index, sets = DuplicateIndex(), DisjointSets()
    digests, sigs = fingerprints(texts)
    for a, digest, sig in zip(articles, digests, sigs, strict=True):
        sets.find(a.id)
        for other_id in index.match_and_add(a.id, digest, sig):
            sets.union(a.id, other_id)
    roots = sets.roots()
    assert len(set(batch.values())) == 4  # the two stories, the short excerpt, the empty texts
    assert all((batch[x] == batch[y]) == (roots[x] == roots[y]) for x in batch for y in batch)
