"""The TempEval-3 scorer of benchmarks/timex.py on cases computed by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.timex import Span, match, read_system_output, read_timeml, score

GOLD = [Span(0, 6, "DATE", "2013-03-22"), Span(20, 34, "TIME", "2013-03-24TMO"), Span(50, 57, "DURATION", "P3W")]


def test_timex_scorer_strict_relaxed_value_type_by_hand() -> None:
    system = [Span(0, 6, "DATE", "2013-03-22"), Span(20, 26, "DATE", "2013-03-24"), Span(70, 75, "DATE", "2013")]
    figures = score([(GOLD, system)])
    # 1 exact extent, 2 overlapping, 1 right value, 1 right type, 3 gold and 3 system timexes.
    assert figures["strict_f1"] == pytest.approx(2 * 1 / 6, abs=1e-4)
    assert figures["relaxed_f1"] == pytest.approx(2 * 2 / 6, abs=1e-4)
    assert figures["value_f1"] == pytest.approx(2 * 1 / 6, abs=1e-4)
    assert figures["type_f1"] == pytest.approx(2 * 1 / 6, abs=1e-4)
    assert (figures["strict_precision"], figures["relaxed_recall"]) == (pytest.approx(1 / 3, abs=1e-4), pytest.approx(2 / 3, abs=1e-4))


def test_timex_scorer_matches_one_to_one() -> None:
    # Two system pieces over one gold "Sunday morning": one match, the other is a false positive.
    system = [Span(20, 26, "TIME", "2013-03-24TMO"), Span(27, 34, "TIME", "2013-03-24TMO")]
    pairs = match(GOLD, system)
    assert len(pairs) == 1
    assert score([(GOLD, system)])["relaxed_f1"] == pytest.approx(2 * 1 / 5, abs=1e-4)


def test_timex_scorer_prefers_exact_extent_over_first_overlap() -> None:
    system = [Span(20, 26, "TIME", "x"), Span(20, 34, "TIME", "2013-03-24TMO")]
    assert match(GOLD[1:2], system) == [(GOLD[1], system[1])]


@pytest.mark.parametrize(("gold", "system", "expected"), [([], [], 0.0), (GOLD, [], 0.0), (GOLD, GOLD, 1.0)])
def test_timex_scorer_edge_cases(gold: list[Span], system: list[Span], expected: float) -> None:
    assert score([(gold, system)])["value_f1"] == expected


TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>x</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22" functionInDocument="CREATION_TIME">March 22, 2013</TIMEX3></DCT>
<TEXT>
The talks <EVENT eid="e1">ended</EVENT> <TIMEX3 tid="t1" type="DATE" value="2013-03-22">Friday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION" value="P3W">three weeks</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_timex_scorer_reads_gold_timeml_offsets(tmp_path: Path) -> None:
    path = tmp_path / "doc.tml"
    path.write_text(TIMEML, "utf-8")
    doc = read_timeml(path)
    assert doc.dct == "2013-03-22"
    assert [(doc.text[t.start : t.end], t.type, t.value) for t in doc.timexes] == [
        ("Friday", "DATE", "2013-03-22"), ("three weeks", "DURATION", "P3W")]


def test_timex_scorer_reads_tool_output_against_gold_text(tmp_path: Path) -> None:
    gold_path = tmp_path / "doc.tml"
    gold_path.write_text(TIMEML, "utf-8")
    doc = read_timeml(gold_path)
    out = tmp_path / "out.tml"
    tagged = doc.text.replace("Friday", '<TIMEX3 tid="t3" type="DATE" value="2013-03-22">Friday</TIMEX3>')
    out.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n{tagged}\n</TimeML>\n', "utf-8")
    spans = read_system_output(out, doc.text)
    assert [(doc.text[s.start : s.end], s.value) for s in spans] == [("Friday", "2013-03-22")]
