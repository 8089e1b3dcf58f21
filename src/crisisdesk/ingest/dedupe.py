"""Find copies of the same story: exact copies by hash, near copies by MinHash LSH over word shingles.

The MinHash is computed here, in batches with numpy, rather than by datasketch's `MinHash.update_batch`
(which hashes each shingle with SHA-1 in Python and manages about 970 crisis2022 articles a second):
each distinct word is hashed once (BLAKE2b, cached), a shingle's hash is a polynomial of its word
hashes, and the 128 universal-hash permutations run as one matrix operation over many articles.
The hashes are stable across processes and machines, so signatures stored with the store stay valid.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

import numpy as np

# 5-word shingles at Jaccard 0.5: the rule that defines the natural wire-copy pairs of L3S-GN1
# (../shared/data/dedup); a copy with other boilerplate or a paragraph more or less stays far above it.
SHINGLE_WORDS = 5
THRESHOLD = 0.5
# A copy can also sit inside a longer page (a story with another site's extra paragraphs): containment
# of the smaller shingle set in the larger at 0.8, the rule crisis2022's silver pairs were found with.
CONTAINMENT = 0.8
# Containment estimated from MinHash cardinalities is noisy for tiny sets: below 20 shingles
# (about 24 words) only Jaccard links texts.
MIN_CONTAINMENT_SHINGLES = 20
# A copy trimmed by a paragraph or two keeps at least half the story; a shorter excerpt is another
# article quoting it, which the analysis links as the same story (analysis/clusters.py), not a copy.
MIN_SIZE_RATIO = 0.5
NUM_PERM = 128  # the Jaccard estimate's standard error is about 0.04
# LSH: 64 bands of 2 rows catch pairs at Jaccard 0.3 with probability 0.998 (the containment rule's
# candidates sit that low), while unrelated stories (Jaccard near 0.005) meet in a band about 0.2% of
# the time; every candidate is then checked on the full signature.
BANDS, ROWS = 64, 2
# Stored signatures are only comparable under one hashing scheme: its name changes with the scheme.
SCHEME = "crisisdesk-blake2-poly5-multshift"

_WORD = re.compile(r"\w+", re.UNICODE)
_MAX32 = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)
_rng = np.random.RandomState(20240305)  # fixed seed: the permutations are part of the scheme
# Multiply-shift hashing (Dietzfelbinger): h -> (a*h + b mod 2**64) >> 32 with odd 64-bit a; no
# division, so the 128 permutations of a batch cost three passes over the matrix.
_A = (_rng.randint(0, 1 << 62, size=NUM_PERM, dtype=np.int64).astype(np.uint64) << np.uint64(1)) | np.uint64(1)
_B = _rng.randint(0, 1 << 62, size=NUM_PERM, dtype=np.int64).astype(np.uint64)
_POLY = np.array([pow(1_000_003, i, 1 << 64) for i in range(SHINGLE_WORDS)], dtype=np.uint64)
# Shingles per matrix operation: 2,048 shingles x 128 permutations is 2 MB, which stays in cache
# (16k-shingle chunks ran 40% slower here).
_CHUNK = 2_048
EMPTY = np.full(NUM_PERM, int(_MAX32), dtype=np.uint64)


def text_hash(text: str) -> str:
    """Hash of the text with case and white space ignored: equal for exact copies."""
    return _digest(words(text))


def _digest(ws: list[str]) -> str:
    return hashlib.sha256(" ".join(ws).encode("utf-8")).hexdigest()[:32]


def words(text: str) -> list[str]:
    """The lower-cased words of a text."""
    return _WORD.findall(text.lower())


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of word n-grams of a text, lower-cased (for exact Jaccard in tests and benchmarks)."""
    ws = words(text)
    if len(ws) < size:
        return {" ".join(ws).encode("utf-8")} if ws else set()
    return {" ".join(ws[i : i + size]).encode("utf-8") for i in range(len(ws) - size + 1)}


class _WordHashes(dict):
    """Word -> stable 64-bit hash, computed on first sight (lookups run in C through map)."""

    def __missing__(self, word: str) -> int:
        # News vocabularies run to a few hundred thousand words; past a million the cache starts afresh.
        if len(self) >= 1_000_000:
            self.clear()
        value = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
        self[word] = value
        return value


_WORD_HASHES = _WordHashes()


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads a polynomial's bits before it is cut to 32."""
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def shingle_hashes(text: str | list[str]) -> np.ndarray:
    """32-bit hashes of a text's word 5-grams (a text under 5 words is one shingle)."""
    ws = words(text) if isinstance(text, str) else text
    if not ws:
        return np.zeros(0, dtype=np.uint64)
    wh = np.fromiter(map(_WORD_HASHES.__getitem__, ws), dtype=np.uint64, count=len(ws))
    n = SHINGLE_WORDS
    if len(ws) < n:
        combined = np.array([np.sum(wh * _POLY[: len(ws)])], dtype=np.uint64)
    else:
        count = len(ws) - n + 1
        combined = np.zeros(count, dtype=np.uint64)
        for i in range(n):
            combined += wh[i : i + count] * _POLY[i]  # wraps modulo 2**64, as intended
    return _mix(combined) >> np.uint64(32)


def signatures(texts: Sequence[str | list[str]]) -> np.ndarray:
    """MinHash signatures of many texts (or their word lists) at once: shape (len(texts), NUM_PERM)."""
    out = np.tile(EMPTY, (len(texts), 1))
    pending: list[tuple[int, np.ndarray]] = []
    size = 0

    def flush() -> None:
        nonlocal pending, size
        if not pending:
            return
        hashes = np.concatenate([h for _, h in pending])
        starts = np.cumsum([0] + [len(h) for _, h in pending[:-1]])
        permuted = hashes[:, None] * _A[None, :]  # wraps modulo 2**64, as multiply-shift wants
        permuted += _B[None, :]
        permuted >>= _SHIFT
        mins = np.minimum.reduceat(permuted, starts, axis=0)
        for row, (index, _) in enumerate(pending):
            out[index] = mins[row]
        pending, size = [], 0

    for index, text in enumerate(texts):
        hashes = shingle_hashes(text)
        if len(hashes) == 0:
            continue
        if size + len(hashes) > _CHUNK:
            flush()
        pending.append((index, hashes))
        size += len(hashes)
    flush()
    return out


def signature(text: str) -> np.ndarray:
    """MinHash signature of one text's shingles."""
    return signatures([text])[0]


def fingerprints(texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Exact-copy hashes and MinHash signatures of many texts, reading each text's words once."""
    word_lists = [words(t) for t in texts]
    return [_digest(ws) for ws in word_lists], signatures(word_lists)


def estimated_size(sig: np.ndarray) -> float:
    """The number of distinct shingles a signature stands for (the k-minimum-values estimate)."""
    total = float(np.sum(sig.astype(np.float64) / float(_MAX32)))
    return len(sig) / total - 1.0 if total > 0 else 0.0


def similar(a: np.ndarray, b: np.ndarray, threshold: float = THRESHOLD) -> bool:
    """Whether two signatures are copies: Jaccard at the threshold, or one text inside the other."""
    jaccard = float(np.mean(a == b))
    if jaccard >= threshold:
        return True
    if jaccard == 0.0:
        return False
    size_a, size_b = estimated_size(a), estimated_size(b)
    small = min(size_a, size_b)
    if small < MIN_CONTAINMENT_SHINGLES or small < MIN_SIZE_RATIO * max(size_a, size_b):
        return False
    shared = jaccard * (size_a + size_b) / (1.0 + jaccard)
    return shared / small >= CONTAINMENT


def _is_empty(sig: np.ndarray) -> bool:
    """The signature of a text without words (no real shingle hashes to the largest value first)."""
    return int(sig[0]) == 0xFFFFFFFF and int(sig[-1]) == 0xFFFFFFFF


def representative(members: Iterable[tuple[str, str | None]]) -> str:
    """The cluster's representative: earliest published, ties (and undated) broken by the smaller id."""
    return min(members, key=lambda m: (m[1] or "9999-12-31", m[0]))[0]


class DuplicateIndex:
    """Exact-hash and MinHash LSH index of the articles seen, to find a new article's copies."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        if num_perm != NUM_PERM:
            raise ValueError(f"signatures have {NUM_PERM} permutations")
        self.threshold = threshold
        self.num_perm = num_perm
        self.by_hash: dict[str, str] = {}
        self.signatures: dict[str, np.ndarray] = {}
        self._bands: list[dict[bytes, list[str]]] = [{} for _ in range(BANDS)]

    def __contains__(self, article_id: str) -> bool:
        return article_id in self.signatures

    def __len__(self) -> int:
        return len(self.signatures)

    @staticmethod
    def _band_keys(sig: np.ndarray) -> list[bytes]:
        raw = np.ascontiguousarray(sig[: BANDS * ROWS], dtype=np.uint64).tobytes()
        step = ROWS * 8
        return [raw[i * step : (i + 1) * step] for i in range(BANDS)]

    def matches(self, text_digest: str, sig: np.ndarray, keys: list[bytes] | None = None) -> list[str]:
        """Ids of indexed articles that are copies of a text with this hash and signature."""
        found = set()
        if text_digest in self.by_hash:
            found.add(self.by_hash[text_digest])
        if _is_empty(sig):
            return sorted(found)
        candidates: set[str] = set()
        for band, key in zip(self._bands, keys or self._band_keys(sig), strict=True):
            hit = band.get(key)
            if hit:
                candidates.update(hit)
        for other in candidates - found:
            # LSH bands let many pairs below the threshold through: check the full signatures.
            if similar(self.signatures[other], sig, self.threshold):
                found.add(other)
        return sorted(found)

    def add(self, article_id: str, text_digest: str, sig: np.ndarray, keys: list[bytes] | None = None) -> None:
        """Index an article; adding an id twice is a no-op."""
        if article_id in self.signatures:
            return
        sig = np.asarray(sig, dtype=np.uint64)
        self.signatures[article_id] = sig
        self.by_hash.setdefault(text_digest, article_id)
        if _is_empty(sig):
            return
        for band, key in zip(self._bands, keys or self._band_keys(sig), strict=True):
            band.setdefault(key, []).append(article_id)

    def match_and_add(self, article_id: str, text_digest: str, sig: np.ndarray) -> list[str]:
        """Copies of a new article among those indexed, then index it too (band keys computed once)."""
        keys = None if _is_empty(sig) else self._band_keys(sig)
        found = self.matches(text_digest, sig, keys)
        self.add(article_id, text_digest, sig, keys)
        return [m for m in found if m != article_id]


class DisjointSets:
    """Union-find over ids (path halving); the smaller root wins, so groups do not depend on order."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        """The root of x's group (x joins as its own group if unseen)."""
        parent = self.parent
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        """Put a and b in one group."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def roots(self) -> dict[str, str]:
        """Every id seen, with the root of its group."""
        return {x: self.find(x) for x in list(self.parent)}


def assign_duplicates(articles: list) -> None:
    """Set `duplicate_of` on a batch of Articles in place, so each cluster points at its representative."""
    index = DuplicateIndex()
    sets = DisjointSets()
    published = {a.id: a.published for a in articles}
    digests, sigs = fingerprints([a.text for a in articles])
    for a, digest, sig in zip(articles, digests, sigs, strict=True):
        sets.find(a.id)
        for other in index.match_and_add(a.id, digest, sig):
            sets.union(a.id, other)
    clusters: dict[str, list[str]] = {}
    for aid in published:
        clusters.setdefault(sets.find(aid), []).append(aid)
    by_id = {a.id: a for a in articles}
    for members in clusters.values():
        rep = representative((m, published.get(m)) for m in members)
        for m in members:
            by_id[m].duplicate_of = None if m == rep else rep
