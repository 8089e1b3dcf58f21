"""A small hand-written store for the web and escalation tests: every record and offset written out here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crisisdesk.records import ActorRecord, ActorRef, Article, Event, Quote, Timex
from crisisdesk.store.store import Store

VELSKA = ActorRef(name="Anna Velska", actor_id="anna-velska", kind="person", country="XVR", sector="GOV", code="XVRGOV", title="President")
AALUND = ActorRef(name="Henrik Aalund", actor_id="henrik-aalund", kind="person", country="XOS", sector="GOV", code="XOSGOV")
VARENIA = ActorRef(name="Varenia", actor_id="xvr", kind="country", country="XVR", code="XVR")
OSTMARK = ActorRef(name="Ostmark", actor_id="xos", kind="country", country="XOS", code="XOS")
NATO = ActorRef(name="NATO", actor_id="nato", kind="organization", country=None, code="IGOWSTNAT")

TEXT_1 = (
    "Varenia shelled Ostmark on Friday. Ostmark accused Varenia of lying. "
    "Varenia did not meet Ostmark. NATO backed Varenia. Varenia arrested protesters. "
    "Varenia threatened Ostmark again. \"We will respond,\" said President Anna Velska."
)
HOSTILE_TITLE = "Talks <script>alert('t')</script> stall"
TEXT_3 = (
    "Ostmark attacked Varenia. Henrik Aalund said \"<script>alert(1)</script> we are 100% sure\". "
    "A post read <img src=x onerror=alert(2)> and <a href=\"javascript:alert(3)\">this</a>."
)


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _sentence(text: str, at: int) -> str:
    start = text.rfind(". ", 0, at) + 2 if text.rfind(". ", 0, at) != -1 else 0
    end = text.find(". ", at)
    return text[start : end + 1 if end != -1 else len(text)]


def _event(article: str, text: str, n: int, trigger: str, src: ActorRef, tgt: ActorRef | None, cameo: str, plover: str | None,
           goldstein: float, quad: int, date: str | None, modality: str = "asserted") -> Event:
    start, end = _span(text, trigger)
    return Event(
        id=f"{article}-e{n}", article_id=article, source=src, target=tgt, cameo=cameo, cameo_root=cameo[:2], plover=plover,
        goldstein=goldstein, quad_class=quad, date=date, modality=modality, start=start, end=end,
        sentence=_sentence(text, start), confidence=0.9, coder="test",
    )


def events_of(article: str, text: str) -> list[Event]:
    """The events of TEXT_1 (also used for its republished copy)."""
    return [
        _event(article, text, 0, "shelled", VARENIA, OSTMARK, "195", "ASSAULT", -10.0, 4, "2024-03-01"),
        _event(article, text, 1, "accused", OSTMARK, VARENIA, "112", "ACCUSE", -2.0, 3, "2024-03-03"),
        _event(article, text, 2, "did not meet", VARENIA, OSTMARK, "036", "CONSULT", 4.0, 1, "2024-03-02", modality="negated"),
        _event(article, text, 3, "backed", NATO, VARENIA, "051", "SUPPORT", 3.4, 1, "2024-03-02"),
        _event(article, text, 4, "arrested", VARENIA, VARENIA, "173", "COERCE", -5.0, 4, "2024-03-02"),
        _event(article, text, 5, "threatened", VARENIA, OSTMARK, "130", "THREATEN", -4.4, 3, None),
    ]


def build(path: Path) -> dict[str, Any]:
    """Write the store; return the ids the tests refer to."""
    with Store.open(path) as store:
        a1 = Article(id="a1", source="a1.txt", site="Wire", title="Border clash", published="2024-03-01", text=TEXT_1)
        q_start, q_end = _span(TEXT_1, "We will respond,")
        s_start, s_end = _span(TEXT_1, "Anna Velska")
        records_1: list[Any] = [
            *events_of("a1", TEXT_1),
            Quote(id="a1-q0", article_id="a1", text="We will respond", kind="direct", speaker=VELSKA, speaker_text="Anna Velska",
                  speaker_start=s_start, speaker_end=s_end, cue="said", start=q_start, end=q_end, sentence=_sentence(TEXT_1, q_start)),
            ActorRecord(article_id="a1", mentions=[_span(TEXT_1, "Anna Velska")], **VELSKA.model_dump()),
            ActorRecord(article_id="a1", mentions=[_span(TEXT_1, "Varenia")], **VARENIA.model_dump()),
            ActorRecord(article_id="a1", mentions=[_span(TEXT_1, "Ostmark")], **OSTMARK.model_dump()),
            Timex(article_id="a1", text="Friday", start=_span(TEXT_1, "Friday")[0], end=_span(TEXT_1, "Friday")[1], kind="date", value="2024-03-01"),
        ]
        store.add(a1, records_1)
        # the same story republished a day later: a near-duplicate whose events must not count twice
        a2 = Article(id="a2", source="a2.txt", site="Other", title="Border clash (copy)", published="2024-03-02", text=TEXT_1)
        store.add(a2, events_of("a2", TEXT_1))
        a3 = Article(id="a3", source="a3.txt", site="Wire", title=HOSTILE_TITLE, published="2024-03-05", text=TEXT_3,
                     url="javascript:alert('url')")
        q3_start, q3_end = _span(TEXT_3, "<script>alert(1)</script> we are 100% sure")
        a_start, a_end = _span(TEXT_3, "Henrik Aalund")
        store.add(a3, [
            _event("a3", TEXT_3, 0, "attacked", OSTMARK, VARENIA, "190", "ASSAULT", -10.0, 4, "2024-03-05"),
            Quote(id="a3-q0", article_id="a3", text=TEXT_3[q3_start:q3_end], kind="direct", speaker=AALUND, speaker_text="Henrik Aalund",
                  speaker_start=a_start, speaker_end=a_end, cue="said", start=q3_start, end=q3_end, sentence=_sentence(TEXT_3, q3_start)),
            Quote(id="a3-q1", article_id="a3", text="this", kind="indirect", speaker=None, speaker_text="a post",
                  start=_span(TEXT_3, "this")[0], end=_span(TEXT_3, "this")[1], sentence=_sentence(TEXT_3, _span(TEXT_3, "this")[0])),
            ActorRecord(article_id="a3", mentions=[(a_start, a_end)], **AALUND.model_dump()),
        ])
    return {"db": path}
