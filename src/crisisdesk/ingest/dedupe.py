"""Find copies of the same story: exact copies by hash, near copies by MinHash LSH over word shingles.

The MinHash is computed here, in batches with numpy, rather than by datasketch's `MinHash.update_batch`
(which hashes each shingle with SHA-1 in Python and manages about 400 crisis2022 articles a CPU second
on this machine): a batch of about a million characters is cut into words and its words hashed from
their code points in numpy, without a Python string per word; each 5-word shingle gets one 32-bit hash
(a polynomial of its word hashes), and one permutation hashing with optimal densification (Li, Owen and
Zhang 2012; Shrivastava 2017) turns a text's shingle hashes into 128 minima in one pass, where 128
permutations cost 128 passes. A batch's LSH candidates come from sorting the band keys, and are checked
on the full signatures at once. The hashes are stable across processes and machines, so signatures
stored with the store stay valid.
"""

from __future__ import annotations

import functools
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
NUM_PERM = 128  # bins of the one-permutation hash; the Jaccard estimate's standard error is about 0.04
# LSH: 64 bands of 2 rows catch pairs at Jaccard 0.3 with probability 0.998 (the containment rule's
# candidates sit that low), while unrelated stories (Jaccard near 0.005) meet in a band about 0.2% of
# the time; every candidate is then checked on the full signature.
BANDS, ROWS = 64, 2
# Stored signatures are only comparable under one hashing scheme: its name changes with the scheme.
SCHEME = "crisisdesk-charpoly-poly5-oph128-optdense"

_WORD = re.compile(r"\w+", re.UNICODE)
_NOT_WORD_CHAR = re.compile(r"\W", re.UNICODE)
_MAX32 = np.uint64(0xFFFFFFFF)
# One permutation hashing (Li, Owen, Zhang 2012): a shingle's 32-bit hash picks one of the 128 bins by
# its top 7 bits and each bin keeps its smallest hash. The hash is kept whole, so its top bits still
# say which bin it came from (estimated_size tells filled bins from densified ones by them).
_BIN_BITS = 7
_BIN_SHIFT = np.uint64(32 - _BIN_BITS)
_LOW = np.uint64((1 << (32 - _BIN_BITS)) - 1)
_rng = np.random.RandomState(20240305)  # fixed seed: the densification's probe order is part of the scheme
# Optimal densification (Shrivastava 2017): an empty bin takes the value of the first filled bin on its
# own fixed random probe sequence, the same for every text. 4,096 probes leave a bin of a one-shingle
# text empty with probability (127/128)**4096, about 1e-14; past them the next filled bin round the
# ring is taken.
_PROBES = _rng.randint(0, NUM_PERM, size=(NUM_PERM, 4096)).astype(np.int64)
_POLY = np.array([pow(1_000_003, i, 1 << 64) for i in range(SHINGLE_WORDS)], dtype=np.uint64)
# A word's hash is a polynomial of its code points (odd 64-bit base, modulo 2**64) plus its length,
# mixed by splitmix64's finaliser: computed for a whole batch of texts in numpy, no Python string per word.
_CHAR_BASE = 0x9E3779B97F4A7C15
_LENGTH_SALT = np.uint64(0xD6E8FEB86659FD93)
# Characters per numpy batch: on 5,000 crisis2022 texts, batches of 4 million characters ran 12-18%
# slower than of a million, batches of 250,000 no faster (0-5% slower).
_BATCH_CHARS = 1 << 20
# `\w` matches nothing above U+31FFF in Python's Unicode tables (checked over U+32000..U+10FFFF),
# so the lookup table stops there and code points beyond it count as non-word characters.
_TABLE_SIZE = 0x32000
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


@functools.cache
def _word_chars() -> np.ndarray:
    """Lookup table: whether `\\w` matches each code point (one more entry, False, for those past the table)."""
    marked = _NOT_WORD_CHAR.sub("\0", "".join(map(chr, range(_TABLE_SIZE))))
    table = np.frombuffer(marked.encode("utf-32-le", "surrogatepass"), dtype=np.uint32) != 0
    return np.append(table, False)


_powers = np.ones(1, dtype=np.uint64)


def _char_powers(n: int) -> np.ndarray:
    """_CHAR_BASE**i modulo 2**64 for i < n (grown and kept as longer words come)."""
    global _powers
    if len(_powers) < n:
        size = max(n, 2 * len(_powers), 64)
        _powers = np.cumprod(np.full(size, _CHAR_BASE, dtype=np.uint64))  # wraps modulo 2**64, as intended
        _powers[1:] = _powers[:-1].copy()
        _powers[0] = 1
    return _powers


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads a polynomial's bits before it is cut to 32."""
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def _words_of_batch(texts: Sequence[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Exact-copy hashes, the word hashes of all texts in order, and each text's first word (plus the end)."""
    lowered = [t.lower() for t in texts]
    cps = np.frombuffer("\n".join(lowered).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    is_word = _word_chars()[np.minimum(cps, _TABLE_SIZE)]
    before = np.concatenate(([False], is_word[:-1]))
    after = np.concatenate((is_word[1:], [False]))
    starts = np.flatnonzero(is_word & ~before)
    ends = np.flatnonzero(is_word & ~after) + 1
    lengths = ends - starts
    text_starts = np.cumsum([0] + [len(t) + 1 for t in lowered[:-1]])
    first = np.append(np.searchsorted(starts, text_starts), len(starts))
    if len(starts) == 0:
        return [_digest([])] * len(texts), np.zeros(0, dtype=np.uint64), first
    # word hashes: sum of code point * base**(position in word), one reduceat over the word characters
    chars = cps[is_word].astype(np.uint64)
    offsets = np.cumsum(lengths) - lengths
    position = np.arange(len(chars)) - np.repeat(offsets, lengths)
    chars *= _char_powers(int(lengths.max()))[position]
    word_hashes = _mix(np.add.reduceat(chars, offsets) + lengths.astype(np.uint64) * _LENGTH_SALT)
    # exact-copy hashes of " ".join(words): word characters, and one space for each gap between words
    kept = is_word | before
    compact = np.where(is_word, cps, np.uint32(32))[kept]
    index = np.cumsum(kept) - 1
    digests = []
    for k0, k1 in zip(first[:-1], first[1:], strict=True):
        if k0 == k1:
            digests.append(_digest([]))
            continue
        joined = compact[index[starts[k0]] : index[ends[k1 - 1] - 1] + 1].tobytes().decode("utf-32-le")
        digests.append(hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32])
    return digests, word_hashes, first


def _shingles_of_batch(word_hashes: np.ndarray, first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """32-bit hashes of every text's word 5-grams (a text under 5 words is one shingle) and their texts."""
    n, count = SHINGLE_WORDS, len(word_hashes) - SHINGLE_WORDS + 1
    per_text = np.diff(first)
    owner = np.repeat(np.arange(len(per_text)), per_text)
    parts, owners = [], []
    if count > 0:
        combined = np.zeros(count, dtype=np.uint64)
        for i in range(n):
            combined += word_hashes[i : i + count] * _POLY[i]  # wraps modulo 2**64, as intended
        whole = first[1:][owner[:count]] >= np.arange(count) + n  # the 5-gram ends inside its own text
        parts.append(combined[whole])
        owners.append(owner[:count][whole])
    for t in np.flatnonzero((per_text > 0) & (per_text < n)):
        parts.append(np.array([np.sum(word_hashes[first[t] : first[t + 1]] * _POLY[: per_text[t]])], dtype=np.uint64))
        owners.append(np.array([t]))
    if not parts:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    return _mix(np.concatenate(parts)) >> np.uint64(32), np.concatenate(owners)


def _one_permutation(hashes: np.ndarray, owners: np.ndarray, texts: int) -> np.ndarray:
    """Signatures of `texts` texts from their shingle hashes: the least hash of each bin, empty bins densified."""
    sigs = np.full(texts * NUM_PERM, int(_MAX32), dtype=np.uint64)
    filled = np.zeros(texts * NUM_PERM, dtype=bool)
    cells = owners * NUM_PERM + (hashes >> _BIN_SHIFT).astype(np.int64)
    np.minimum.at(sigs, cells, hashes)
    filled[cells] = True
    sigs, filled = sigs.reshape(texts, NUM_PERM), filled.reshape(texts, NUM_PERM)
    partial = filled.any(axis=1) & ~filled.all(axis=1)  # texts without words keep the empty signature
    rows, bins = np.nonzero(~filled & partial[:, None])
    # probes looked at per pass: a long text's empty bins find a filled one in the first few, a short
    # text's take tens; 16 keeps the passes few without much wasted lookup
    step = 16
    for at in range(0, _PROBES.shape[1], step):
        if len(rows) == 0:
            break
        probes = _PROBES[bins, at : at + step]
        hit = filled[rows[:, None], probes]
        found = hit.any(axis=1)
        take = probes[found, hit[found].argmax(axis=1)]
        sigs[rows[found], bins[found]] = sigs[rows[found], take]
        rows, bins = rows[~found], bins[~found]
    for r, b in zip(rows, bins, strict=True):  # beyond the probes: the next filled bin round the ring
        ring = np.roll(filled[r], -int(b))
        sigs[r, b] = sigs[r, (int(b) + int(np.argmax(ring))) % NUM_PERM]
    return sigs


def fingerprints(texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Exact-copy hashes and MinHash signatures (one permutation, densified) of many texts."""
    digests: list[str] = []
    out = np.empty((len(texts), NUM_PERM), dtype=np.uint64)
    i = 0
    while i < len(texts):
        j, size = i, 0
        while j < len(texts) and (j == i or size + len(texts[j]) <= _BATCH_CHARS):
            size += len(texts[j]) + 1
            j += 1
        batch_digests, word_hashes, first = _words_of_batch(texts[i:j])
        hashes, owners = _shingles_of_batch(word_hashes, first)
        out[i:j] = _one_permutation(hashes, owners, j - i)
        digests.extend(batch_digests)
        i = j
    return digests, out


def signatures(texts: Sequence[str]) -> np.ndarray:
    """MinHash signatures of many texts at once: shape (len(texts), NUM_PERM)."""
    return fingerprints(texts)[1]


def signature(text: str) -> np.ndarray:
    """MinHash signature of one text's shingles."""
    return signatures([text])[0]


def _size_table() -> tuple[np.ndarray, np.ndarray]:
    """Expected sum of the bins' normalised minima (an empty bin counts 1) for set sizes n, ascending in the sum."""
    n = np.unique(np.round(np.geomspace(1, 1e9, 4000)))
    m = float(NUM_PERM)
    # a bin holds Binomial(n, 1/m) shingles and E[1 / (X + 1)] = (1 - (1 - 1/m)**(n+1)) / ((n+1) / m)
    expected = m * m * (1.0 - (1.0 - 1.0 / m) ** (n + 1)) / (n + 1)
    return expected[::-1], n[::-1]


_SUMS, _SIZES = _size_table()


def estimated_sizes(sigs: np.ndarray) -> np.ndarray:
    """The number of distinct shingles each signature (a row) stands for, from the minima of its filled bins."""
    sigs = np.atleast_2d(sigs).astype(np.uint64)
    own = (sigs >> _BIN_SHIFT) == np.arange(NUM_PERM, dtype=np.uint64)  # not borrowed by densification
    own &= sigs != _MAX32
    minima = np.where(own, (sigs & _LOW).astype(np.float64) / float(int(_LOW) + 1), 1.0)
    total = minima.sum(axis=1)
    return np.where(own.any(axis=1), np.interp(total, _SUMS, _SIZES), 0.0)


def estimated_size(sig: np.ndarray) -> float:
    """The number of distinct shingles a signature stands for (moment estimate over the 128 bins)."""
    return float(estimated_sizes(sig)[0])


def similar_rows(a: np.ndarray, b: np.ndarray, size_a: np.ndarray, size_b: np.ndarray, threshold: float = THRESHOLD) -> np.ndarray:
    """Which pairs of signatures (row by row) are copies: Jaccard at the threshold, or one text inside the other."""
    jaccard = np.mean(a == b, axis=1)
    small, large = np.minimum(size_a, size_b), np.maximum(size_a, size_b)
    shared = jaccard * (size_a + size_b) / (1.0 + jaccard)
    contained = (
        (jaccard > 0.0)
        & (small >= MIN_CONTAINMENT_SHINGLES)
        & (small >= MIN_SIZE_RATIO * large)
        & (shared >= CONTAINMENT * np.maximum(small, 1e-9))
    )
    return (jaccard >= threshold) | contained


def similar(a: np.ndarray, b: np.ndarray, threshold: float = THRESHOLD) -> bool:
    """Whether two signatures are copies: Jaccard at the threshold, or one text inside the other."""
    sizes = estimated_sizes(np.vstack([a, b]))
    return bool(similar_rows(a[None, :], b[None, :], sizes[:1], sizes[1:], threshold)[0])


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


def _band_pairs(sigs: np.ndarray) -> np.ndarray:
    """Pairs of rows (i < j) that agree on at least one LSH band, as an (n, 2) array without repeats."""
    n = len(sigs)
    rows = np.flatnonzero(~np.all(sigs == _MAX32, axis=1))  # texts without words meet no one in the bands
    found = []
    for band in range(BANDS):
        # two 32-bit rows make one 64-bit key exactly, so equal keys are equal bands
        keys = (sigs[rows, band * ROWS] << np.uint64(32)) | sigs[rows, band * ROWS + 1]
        order = np.argsort(keys, kind="stable")
        ranked, ids = keys[order], rows[order]
        same = np.flatnonzero(ranked[1:] == ranked[:-1])
        if len(same) == 0:
            continue
        # runs of equal keys: each run's pairs, in one vectorised step for every run length
        run_start = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1])))
        run_len = np.diff(np.append(run_start, len(ranked)))
        for length in np.unique(run_len[run_len > 1]):
            starts = run_start[run_len == length]
            a, b = np.triu_indices(int(length), 1)
            found.append(np.stack([ids[starts[:, None] + a], ids[starts[:, None] + b]], axis=-1).reshape(-1, 2))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.sort(np.concatenate(found), axis=1).astype(np.int64)
    codes = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.stack([codes // n, codes % n], axis=1)


def assign_duplicates(articles: list) -> None:
    """Set `duplicate_of` on a batch of Articles in place, so each cluster points at its representative."""
    sets = DisjointSets()
    published = {a.id: a.published for a in articles}
    digests, sigs = fingerprints([a.text for a in articles])
    first_with: dict[str, str] = {}
    for a, digest in zip(articles, digests, strict=True):
        sets.find(a.id)
        sets.union(a.id, first_with.setdefault(digest, a.id))  # exact copies by hash
    # near copies: every pair the LSH bands put together, checked on the full signatures at once
    pairs = _band_pairs(sigs)
    sizes = estimated_sizes(sigs)
    for lo in range(0, len(pairs), 100_000):  # bounds the memory of the row-by-row comparison
        chunk = pairs[lo : lo + 100_000]
        i, j = chunk[:, 0], chunk[:, 1]
        for x, y in chunk[similar_rows(sigs[i], sigs[j], sizes[i], sizes[j])]:
            sets.union(articles[x].id, articles[y].id)
    clusters: dict[str, list[str]] = {}
    for aid in published:
        clusters.setdefault(sets.find(aid), []).append(aid)
    by_id = {a.id: a for a in articles}
    for members in clusters.values():
        rep = representative((m, published.get(m)) for m in members)
        for m in members:
            by_id[m].duplicate_of = None if m == rep else rep
