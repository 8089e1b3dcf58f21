"""Near-duplicate clusters over stored MinHash signatures: the second pass of datasets and loads.

Shards are annotated apart, so no worker sees every article. Each shard stores its articles'
MinHash signatures; this pass runs once over all of them (when a dataset run ends, when a dataset is
read, when it is loaded into a store) and gives every article the `duplicate_of` that one process
over all the articles would give. The relation "the index matches a and b" is symmetric (same LSH
bands, same Jaccard estimate), so its connected components, and so the clusters, do not depend on
the order in which articles are seen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..ingest.dedupe import DuplicateIndex, representative


@dataclass
class Signed:
    """An article as the duplicate pass sees it: id, publication date, text hash and MinHash signature."""

    id: str
    published: str | None
    text_hash: str
    signature: np.ndarray
    duplicate_of: str | None = None  # for articles already clustered (in a store)


def signature_from_blob(blob: bytes) -> np.ndarray:
    """A stored signature (uint64 bytes, as the store and the dataset keep it) as an array."""
    return np.frombuffer(blob, dtype=np.uint64).copy()


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        while self.parent.setdefault(x, x) != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


def resolve_duplicates(new: Iterable[Signed], clustered: Iterable[Signed] = ()) -> dict[str, str | None]:
    """`duplicate_of` for every article in a cluster that holds a new article (None for representatives).

    `clustered` are articles already stored with their `duplicate_of`; their clusters are kept and
    merged where a new article joins them. Articles in no cluster with a new one are not returned.
    """
    index = DuplicateIndex()
    sets = _UnionFind()
    published: dict[str, str | None] = {}
    for art in clustered:
        index.add(art.id, art.text_hash, art.signature)
        published[art.id] = art.published
        sets.union(art.id, art.duplicate_of or art.id)
    fresh = list(new)
    for art in fresh:
        index.add(art.id, art.text_hash, art.signature)
        published[art.id] = art.published
        sets.find(art.id)
    for art in fresh:
        for other in index.matches(art.text_hash, art.signature):
            if other != art.id:
                sets.union(art.id, other)
    touched = {sets.find(art.id) for art in fresh}
    members: dict[str, list[str]] = {}
    for aid in published:
        root = sets.find(aid)
        if root in touched:
            members.setdefault(root, []).append(aid)
    out: dict[str, str | None] = {}
    for group in members.values():
        rep = representative((m, published.get(m)) for m in group)
        for m in group:
            out[m] = None if m == rep else rep
    return out
