"""Find copies of the same story: exact copies by hash, near copies by MinHash LSH over word shingles."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

# 5-word shingles at Jaccard 0.5: the rule that defines the natural wire-copy pairs of L3S-GN1
# (../shared/data/dedup); a copy with other boilerplate or a paragraph more or less stays far above it.
SHINGLE_WORDS = 5
THRESHOLD = 0.5
NUM_PERM = 128  # datasketch's default; the Jaccard estimate's standard error is about 0.04
# Stored signatures are only comparable under one hashing scheme: name it, so a datasketch upgrade cannot change it.
SCHEME = "affine32"

_WORD = re.compile(r"\w+", re.UNICODE)


def text_hash(text: str) -> str:
    """Hash of the text with case and white space ignored: equal for exact copies."""
    norm = " ".join(_WORD.findall(text.lower()))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:32]


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of word n-grams of a text, lower-cased."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> np.ndarray:
    """MinHash signature of a text's shingles."""
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    mh.update_batch(list(shingles(text)))
    return mh.hashvalues


def representative(members: Iterable[tuple[str, str | None]]) -> str:
    """The cluster's representative: earliest published, ties (and undated) broken by the smaller id."""
    return min(members, key=lambda m: (m[1] or "9999-12-31", m[0]))[0]


class DuplicateIndex:
    """Exact-hash and MinHash LSH index of the articles seen, to find a new article's copies."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.by_hash: dict[str, str] = {}
        self.signatures: dict[str, np.ndarray] = {}

    def __contains__(self, article_id: str) -> bool:
        return article_id in self.signatures

    def matches(self, text_digest: str, sig: np.ndarray) -> list[str]:
        """Ids of indexed articles that are copies of a text with this hash and signature."""
        found = set()
        if text_digest in self.by_hash:
            found.add(self.by_hash[text_digest])
        query = MinHash(num_perm=self.num_perm, hashvalues=sig, scheme=SCHEME)
        for other in self.lsh.query(query):
            # LSH bands let some pairs below the threshold through: check the estimate itself.
            if float(np.mean(self.signatures[other] == sig)) >= self.threshold:
                found.add(other)
        return sorted(found)

    def add(self, article_id: str, text_digest: str, sig: np.ndarray) -> None:
        """Index an article; adding an id twice is a no-op."""
        if article_id in self.signatures:
            return
        self.signatures[article_id] = sig
        self.by_hash.setdefault(text_digest, article_id)
        self.lsh.insert(article_id, MinHash(num_perm=self.num_perm, hashvalues=sig, scheme=SCHEME))


def assign_duplicates(articles: list) -> None:
    """Set `duplicate_of` on a batch of Articles in place, so each cluster points at its representative."""
    index = DuplicateIndex()
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    published = {a.id: a.published for a in articles}
    for a in articles:
        digest, sig = text_hash(a.text), signature(a.text)
        for other in index.matches(digest, sig):
            if other != a.id:
                parent[find(a.id)] = find(other)
        index.add(a.id, digest, sig)
        find(a.id)
    clusters: dict[str, list[str]] = {}
    for aid in published:
        clusters.setdefault(find(aid), []).append(aid)
    by_id = {a.id: a for a in articles}
    for members in clusters.values():
        rep = representative((m, published.get(m)) for m in members)
        for m in members:
            by_id[m].duplicate_of = None if m == rep else rep
