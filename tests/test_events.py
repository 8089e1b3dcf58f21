"""The event coder on sentences we wrote about the examples' invented states, Varenia (XVR) and Ostmark (XOS)."""

from __future__ import annotations

import pytest

from .conftest import EXAMPLE_ACTORS


@pytest.fixture(scope="module")
def coded():
    """Code a text (published Monday 2022-02-14) and return its events."""
    from crisisdesk.nlp.pipeline import load_pipeline
    from crisisdesk.settings import get_settings

    nlp = load_pipeline(get_settings().spacy_model, str(EXAMPLE_ACTORS))

    def run(text: str, published: str = "2022-02-14"):
        doc = nlp.make_doc(text)
        doc._.published = published
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        return doc._.events

    return run


def _key(actor) -> str | None:
    return None if actor is None else (actor.country or actor.code)


def _triples(events) -> set[tuple]:
    return {(_key(e.source), _key(e.target), e.cameo, e.modality) for e in events}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Varenia attacked Ostmark.", ("XVR", "XOS", "190", "asserted")),
        ("Varenia could attack Ostmark.", ("XVR", "XOS", "190", "hypothetical")),
        ("Varenia did not attack Ostmark.", ("XVR", "XOS", "190", "negated")),
        ("Ostmark was shelled by Varenian forces.", ("XVR", "XOS", "194", "asserted")),
        ("The EU imposed sanctions on Varenia.", ("IGOEUREEC", "XVR", "163", "asserted")),
        ("Ostmark held talks with Varenia in Geneva.", ("XOS", "XVR", "040", "asserted")),
        ("Ostmark urged Varenia to pull back its troops.", ("XOS", "XVR", "0256", "asserted")),
        ("Ostmark demanded an urgent meeting with Varenia.", ("XOS", "XVR", "108", "asserted")),
        ("Ostmark threatened to impose sanctions on Varenia.", ("XOS", "XVR", "1312", "asserted")),
        ("Ostmark accused Varenia of provocations.", ("XOS", "XVR", "112", "asserted")),
        ("Velska will visit Lindhaven on Tuesday.", ("XVR", "XOS", "042", "future")),
        ("Varenia's build-up on the border with Ostmark continued.", ("XVR", "XOS", "154", "asserted")),
        ("Kardova said Varenia had no plans to invade Ostmark.", ("XVR", "XOS", "192", "negated")),
        ("Kardova said Varenia did not plan to invade Ostmark.", ("XVR", "XOS", "192", "negated")),  # a denial, no threat
        ("Kardova said Varenia does not intend to occupy Ostmark.", ("XVR", "XOS", "192", "negated")),
        ("Varenia would not negotiate with Ostmark, Velska said.", ("XVR", "XOS", "120", "asserted")),
    ],
)
def test_events_code_source_target_code_and_modality(coded, text: str, expected: tuple) -> None:
    assert expected in _triples(coded(text))


def test_events_compound_subject_codes_both_directions(coded) -> None:
    triples = {(s, t, c) for s, t, c, _ in _triples(coded("Varenia and Ostmark agreed to a ceasefire."))}
    assert {("XVR", "XOS", "0871"), ("XOS", "XVR", "0871")} <= triples


def test_events_call_held_by_compound_subject_codes_both_directions(coded) -> None:
    triples = {(s, t, c) for s, t, c, _ in _triples(coded("Velska and Aalund agreed in a call that talks remained possible."))}
    assert {("XVR", "XOS", "041"), ("XOS", "XVR", "041")} <= triples


def test_events_warning_of_sanctions_is_an_asserted_threat(coded) -> None:
    events = coded("The EU warned Varenia of crippling sanctions.")
    assert ("IGOEUREEC", "XVR", "1312", "asserted") in _triples(events)


def test_events_event_noun_repeating_a_verb_event_is_not_counted_twice(coded) -> None:
    events = coded("Velska will visit Lindhaven on Tuesday. Ostmark awaits the results of Velska's Lindhaven visit.")
    assert len([e for e in events if e.cameo == "042"]) == 1


def test_events_reported_event_is_coded_once_with_its_reporter(coded) -> None:
    events = coded("Ostmark said Varenian forces on the border with Ostmark were still growing.")
    assert [(_key(e.source), _key(e.target), e.cameo) for e in events] == [("XVR", "XOS", "154")]
    event = events[0]
    assert _key(event.reported_by) == "XOS"
    assert event.location is not None and event.location.country == "XOS" and "border" in event.location.name


def test_events_denied_action_is_negated_not_asserted(coded) -> None:
    events = coded("Varenia denied that its forces attacked Ostmark.")
    attacks = [e for e in events if e.cameo.startswith("19")]
    assert attacks and all(e.modality == "negated" for e in attacks)


def test_events_no_such_plans_denies_the_attack_just_mentioned(coded) -> None:
    events = coded("Ostmark fears an attack by Varenia. Kardova has repeatedly said it has no such plans.")
    denial = [e for e in events if "plans" in e.trigger]
    assert denial and denial[0].cameo.startswith("19") and denial[0].modality == "negated"
    assert not [e for e in events if e.cameo.startswith(("13", "19")) and e.modality == "asserted" and _key(e.source) == "XVR"]


def test_events_future_visit_takes_the_date_of_its_time_expression(coded) -> None:
    event = next(e for e in coded("Velska will visit Lindhaven on Tuesday.") if e.cameo == "042")
    assert event.timex is not None and event.timex.value == "2022-02-15"
    assert event.cameo_intent == "036"  # CAMEO's own reading of an announced visit


@pytest.mark.parametrize(
    "text",
    [
        "Ostmark said it was ready.",  # a statement about nobody
        "The weather was cold in Lindhaven.",
        "Varenian officials want respect and take their time.",  # common verbs with PETRARCH defaults
        "Ostmark said Varenia's deeds do not match its words.",  # "match" is no fight
        "Varenian soldiers shot a propaganda video in Ostmark.",  # nor is shooting a film
        "Velska's speech struck a chord with Ostmark voters.",  # an idiom of "strike"
    ],
)
def test_events_no_event_without_a_who_and_whom(coded, text: str) -> None:
    assert coded(text) == []


def test_events_evidence_offsets_point_at_the_trigger(coded) -> None:
    text = "Yesterday Varenia attacked Ostmark."
    event = coded(text)[0]
    assert text[event.start : event.end] == event.trigger == "attacked"
    assert event.sentence == text and 0 < event.confidence <= 1


def test_events_records_follow_the_contract(coded) -> None:
    from crisisdesk.nlp.pipeline import doc_records, load_pipeline
    from crisisdesk.records import Article, Event
    from crisisdesk.settings import get_settings

    nlp = load_pipeline(get_settings().spacy_model, str(EXAMPLE_ACTORS))
    text = "Ostmark urged Varenia to pull back its troops. Varenia attacked Ostmark on Sunday."
    article = Article(id="a1", source="test", text=text, published="2022-02-14")
    doc = nlp.make_doc(text)
    doc._.published = article.published
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    events = [r for r in doc_records(article, doc, ["event"]) if isinstance(r, Event)]
    appeal = next(e for e in events if e.cameo == "0256")
    attack = next(e for e in events if e.cameo == "190")
    assert appeal.plover is None and appeal.quad_class == 1  # CAMEO 02 has no PLOVER type
    assert (attack.plover, attack.quad_class, attack.goldstein) == ("ASSAULT", 4, -10.0)
    assert attack.date == "2022-02-13" and attack.date_basis == "text"
    assert appeal.date == "2022-02-14" and appeal.date_basis == "published"
    assert attack.coder.startswith("crisisdesk.events.v2")


def test_events_user_verb_dictionary_with_unknown_codes_is_refused(tmp_path) -> None:
    from crisisdesk.nlp.event_patterns import PatternFileError
    from crisisdesk.nlp.events import EventCoder

    verbs = tmp_path / "verbs.txt"
    verbs.write_text("---  GREET   [999]  ---\nGREET\n", "utf-8")
    with pytest.raises(PatternFileError, match="999"):
        EventCoder(verbs_file=str(verbs))
    assert EventCoder(verbs_file=str(verbs), strict=False).book.entries("greet", "greet")[0].code == "999"


def test_events_ministers_of_two_countries_act_as_both(coded) -> None:
    triples = {(s, t, c) for s, t, c, _ in _triples(coded("The foreign ministers of Varenia and Ostmark held talks in Geneva."))}
    assert {("XVR", "XOS", "040"), ("XOS", "XVR", "040")} <= triples


@pytest.mark.parametrize(
    "text",
    [
        "Varenia moved 40,000 soldiers to the frontier.",  # its own soldiers are no target
        "Ostmark will not trade its own villages for a promise of calm.",
        "Government spokesman Jonas Pettersen told reporters that the talks would go on.",
    ],
)
def test_events_bare_sector_nouns_and_own_people_are_no_target(coded, text: str) -> None:
    events = coded(text)
    assert all(e.target is None or e.target.country for e in events)
    assert not [e for e in events if e.target is not None and e.target.country == e.source.country]


def test_events_coordinated_nationality_adjectives_are_two_sources(coded) -> None:
    triples = {(s, t, c) for s, t, c, _ in _triples(coded("Varenian and Ostmark warships launched joint exercises."))}
    assert {("XVR", "XOS"), ("XOS", "XVR")} <= {(s, t) for s, t, _ in triples}


@pytest.mark.parametrize(
    ("text", "roots"),
    [
        # the toll of an attack is part of it
        ("Varenian forces shelled the village, killing two Ostmark farmers.", ["19"]),
        # a clause that describes a noun is background
        ("Ostmark condemned the Varenian army, which had shelled a border post.", ["11"]),
        # a purpose is part of the action it explains
        ("Ostmark protesters blocked the bridge to protest against Varenia.", ["14"]),
        # an event noun that is the topic or backdrop of its clause is a reference, not a report
        ("Talks between Ostmark and Varenia stalled over the Varenian build-up on the border.", ["04", "04"]),
        ("Ostmark recalled its ambassador amid Varenia's build-up on the border.", ["16"]),
    ],
)
def test_events_background_clauses_are_not_events_of_their_own(coded, text: str, roots: list[str]) -> None:
    assert [e.cameo[:2] for e in coded(text)] == roots


def test_events_arrest_without_agent_is_made_by_the_place_authorities(coded) -> None:
    events = [e for e in coded("Two Varenian journalists were arrested in Lindhaven on Monday.") if e.cameo.startswith("17")]
    assert events and events[0].source.country == "XOS"


def test_events_issuer_of_a_declaration_makes_its_demand(coded) -> None:
    events = coded("Ostmark issued a declaration demanding that Varenia withdraw its troops.")
    assert ("XOS", "XVR") in {(_key(e.source), _key(e.target)) for e in events if e.cameo.startswith("10")}


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Varenia annexed the island in 2014 and seized its port.", "seized"),  # a conjoined verb
        ("Ostmark has been divided since 2014, when Varenia seized the island.", "seized"),  # a clause describing the date
        ("Ostmark expelled Varenian diplomats in 2014, accusing Varenia of espionage.", "accusing"),  # a participle of the verb
        ("Varenia invaded Ostmark and seized the island in 2014.", "invaded"),  # the time told after the last conjunct
        ("Brandt said the threat of attack has loomed over the country since 2014, the year Varenia seized the island.", "seized"),  # "the year" is 2014
    ],
)
def test_events_retold_history_shares_the_time_of_its_clause(coded, text: str, trigger: str) -> None:
    from crisisdesk.nlp.timex import event_date

    events = [e for e in coded(text) if e.trigger.startswith(trigger)]
    assert events, "the event is coded"
    assert all(e.timex is not None and e.timex.value.startswith("2014") for e in events)
    assert all(event_date(e.timex, "2022-02-14") == (None, "text-period") for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "The allies say Varenia is the aggressor, having already invaded Ostmark.",  # a prior event given as a reason
        "Ostmark has been raising concerns about Varenia invading Lindhaven.",  # the topic of a clause
        "Disgraced and destroyed, the Varenian spokeswoman wrote on Tuesday.",  # a fronted participle befell the subject
    ],
)
def test_events_cited_and_topical_attacks_are_not_reported_attacks(coded, text: str) -> None:
    assert not [e for e in coded(text) if e.cameo[:2] in {"11", "19"} and e.modality == "asserted"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a failed use of force is told as not done, not as a refusal
        ("Varenian forces failed to take control of Lindhaven.", ("XVR", "XOS", "192", "negated")),
        # projectiles that hit or strike are weapons employed
        ("Varenian rockets struck Lindhaven overnight.", ("XVR", "XOS", "195", "asserted")),
        ("Varenian missiles hit a government building in Lindhaven.", ("XVR", "XOS", "195", "asserted")),
        # armed groups surrender militarily as armies do
        ("Varenian rebels surrendered to Ostmark forces.", ("XVR", "XOS", "0874", "asserted")),
        # upgrading ties is diplomatic cooperation, as upgrading relations is in PETRARCH's dictionary
        ("Varenia and Ostmark upgraded their diplomatic ties.", ("XVR", "XOS", "050", "asserted")),
        # preventing or dispersing a demonstration is coercion, not a delay or a protest
        ("Varenian police prevented the demonstration in Kardova.", ("XVR", "XVR", "1721", "asserted")),
        ("Varenian police dispersed the protesters in Kardova.", ("XVR", "XVR", "175", "asserted")),
        # a reduced relative clause the parse takes for the subject ("operating in Kardova")
        ("The Red Cross operating in Kardova said Varenian forces must pull back.", ("NGOHLH", "XVR", "1056", "asserted")),
    ],
)
def test_events_failed_force_and_projectiles_are_coded_as_such(coded, text: str, expected: tuple) -> None:
    assert expected in _triples(coded(text))


@pytest.mark.parametrize(
    "text",
    [
        "Varenian soldiers are demonstrating courage in Ostmark.",
        "Varenia has met stiffer resistance from Ostmark's army.",
    ],
)
def test_events_other_senses_of_event_verbs_are_no_events(coded, text: str) -> None:
    assert not {e.cameo[:2] for e in coded(text)} & {"04", "14"}


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # each of a compound subject welcomes the named other side, not each other
        (
            "Varenia and Ostmark welcomed the resumption of diplomatic ties with the EU.",
            {("XVR", "IGOEUREEC"), ("XOS", "IGOEUREEC")},
            {("XVR", "XOS"), ("XOS", "XVR")},
        ),
        # a reaction to a deed is aimed at its doer, not at the place where it happened
        ("The EU condemned an attack by Varenian soldiers in eastern Ostmark on Thursday.", {("IGOEUREEC", "XVR")}, {("IGOEUREEC", "XOS")}),
        # the source under another name is no target; the next candidate is
        (
            "Foreign Minister Sofie Brandt visited Kardova on Thursday, the first trip by a senior Ostmark official to the Varenian capital in years.",
            {("XOS", "XVR")},
            set(),
        ),
        # a subject the parse splits in two ("Old foes" + "Varenia and Ostmark")
        ("Old foes Varenia and Ostmark have renewed diplomatic ties.", {("XVR", "XOS"), ("XOS", "XVR")}, set()),
    ],
)
def test_events_targets_of_compound_subjects_and_reactions(coded, text: str, expected: set, absent: set) -> None:
    pairs = {(_key(e.source), _key(e.target)) for e in coded(text)}
    assert expected <= pairs
    assert not absent & pairs


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # a blast no one is named for: the unidentified armed forces (UAF) of its place, also "the town of X"
        ("A roadside bombing near the town of Samarra killed two soldiers.", "IRQUAF"),
        ("An explosion in Kharkiv killed three civilians.", "UKRUAF"),
        ("Three civilians were killed in a car bombing in Kharkiv.", "UKRUAF"),  # the blast in a phrase of a passive
        # a weapon with its owner named keeps the owner
        ("A Varenian missile hit Lindhaven.", "XVR"),
    ],
)
def test_events_blast_without_a_named_doer_is_its_places_unidentified_forces(coded, text: str, source: str) -> None:
    assert source in {e.source.code for e in coded(text)}


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        # a week, quarter or month is compared as a period with the publication day (2022-02-14)
        ("Varenian troops attacked Ostmark last week.", "asserted"),
        ("Varenia shelled Ostmark this week.", "asserted"),
        ("Varenian troops attacked Ostmark in January.", "asserted"),
        ("Velska will visit Lindhaven next week.", "future"),
    ],
)
def test_events_past_periods_do_not_make_an_event_future(coded, text: str, modality: str) -> None:
    assert modality in {e.modality for e in coded(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a state's police coerce their own people: the protesters are the target, and no protest is coded
        ("Varenian police detained protesters in Kardova on Sunday.", ("XVR", "XVR", "173", "asserted")),
        # people named only by kind are those of the place where they were harmed
        ("An explosion in Kharkiv killed three civilians.", ("UKR", "UKR", "193", "asserted")),
    ],
)
def test_events_people_harmed_at_home_are_the_target(coded, text: str, expected: tuple) -> None:
    assert expected in _triples(coded(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # force posture told in reverse is a pullback, placed at the border the forces leave
        ("Varenia was sending some of its troops back to base.", ("XVR", None, "0874")),
        ("Varenia was moving military hardware away from the border with Ostmark.", ("XVR", "XOS", "0874")),
        ("Varenia sent troops to the border with Ostmark.", ("XVR", "XOS", "154")),
        ("Varenia was moving troops from the border with Ostmark.", ("XVR", "XOS", "0874")),
        ("Varenian troops returned to their bases after the drills.", ("XVR", None, "0874")),
        # forces pulled to a border come; forces moved back and forth go nowhere
        ("Ostmark accused Varenia of pulling troops to the border.", ("XVR", "XOS", "154")),
        ("Velska said some Varenian troops were withdrawing near the border with Ostmark.", ("XVR", "XOS", "0874")),
        # the part acts as the whole its "of" phrase names
        ("Varenia said some of its troops were returning to their permanent bases.", ("XVR", None, "0874")),
        # leaving one border for another is no pullback
        ("Varenia moved troops from its northern border to the border with Ostmark.", ("XVR", "XOS", "154")),
    ],
)
def test_events_troops_going_back_are_a_pullback_not_a_build_up(coded, text: str, expected: tuple) -> None:
    got = {(_key(e.source), _key(e.target) if e.target else None, e.cameo) for e in coded(text)}
    assert expected in got


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Ostmark discussed anti-Varenian sanctions.", ("XVR", "163")),  # sanctions against Varenia, not by it
        ("Ostmark rejected the Varenian aggression narrative.", ("XVR", "190")),  # a modifier names no event
        ("Varenian attack helicopters were seen near Kardova.", ("XVR", "190")),
    ],
)
def test_events_anti_modifiers_and_qualifying_event_nouns_make_no_source(coded, text: str, absent: tuple) -> None:
    assert absent not in {(_key(e.source), e.cameo) for e in coded(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a country's own people naming no other party address their government
        ("Ostmark workers protested on Monday.", ("XOS", "XOS", "GOV")),
        ("Thousands of Varenian students demonstrated on Monday.", ("XVR", "XVR", "GOV")),
        ("The Ostmark teachers' union called off its strike.", ("XOS", "XOS", "GOV")),
    ],
)
def test_events_domestic_protests_and_demands_address_their_own_government(coded, text: str, expected: tuple) -> None:
    got = {(e.source.country, e.target.country, e.target.sector) for e in coded(text) if e.target is not None}
    assert expected in got


def test_events_a_demand_noun_under_its_verb_is_not_a_second_event(coded) -> None:
    events = coded("The Varenian rebels insisted on their demands that Ostmark's government grant them more rights.")
    assert [e for e in events if e.cameo.startswith("10") and e.target is not None]
    assert not [e for e in events if e.cameo.startswith("10") and e.target is None]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Varenian prisoners began a hunger strike.", "142"),
        ("Ostmark workers staged a general strike.", "143"),
        ("Varenia launched missile strikes on Lindhaven.", "195"),
    ],
)
def test_events_strike_nouns_take_their_sense_from_context(coded, text: str, code: str) -> None:
    assert code in {e.cameo for e in coded(text)}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Sofie Brandt contributed to this report.", None),  # a byline's credit line
        ("The Ostmark government delivered a report to Varenia.", "010"),
    ],
)
def test_events_a_byline_credit_line_is_no_statement(text: str, code) -> None:
    import spacy

    from crisisdesk.nlp.event_patterns import code_verb, load_book
    from crisisdesk.settings import get_settings

    doc = spacy.load(get_settings().spacy_model)(text)
    verb = next(t for t in doc if t.dep_ == "ROOT")
    coding = code_verb(load_book(), verb)
    assert (coding.code if coding else None) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ostmark called the claims a provocation.", None),  # a naming
        ("Ostmark's president called Varenia's president on Saturday.", "041"),  # a phone call, no "call on"
        ("Ostmark called on Varenia to pull back.", "0256"),
    ],
)
def test_events_call_names_phones_or_appeals(coded, text: str, code) -> None:
    codes = {e.cameo for e in coded(text) if e.source.country == "XOS"}
    assert codes == ({code} if code else set())


@pytest.mark.parametrize(
    "text",
    [
        "The Varenian currency hit a record low against the dollar.",  # a market figure, no attack
        "Varenia has decried the alliance as threatening Ostmark.",  # a characterisation, no threat
        "The Varenian central bank is fighting rampant inflation.",  # a problem fought, nobody's force
        "Velska said Varenia would raise rates to quell inflation.",  # a problem curbed, no crackdown
        "The Varenian crisis dominated the headlines in Ostmark.",  # prevailing in a figure
        "Varenia will dominate Ostmark's politics for years.",
        "Velska's announcement shattered the peace deal with Ostmark.",  # a deal broken, no force
        "Velska hit the nail on the head about Ostmark.",
        "Let's hope Ostmark hangs tough against Varenia.",
        "Varenian troops are hanging out near Ostmark's border.",
    ],
)
def test_events_figures_of_speech_are_no_conflict(coded, text: str) -> None:
    assert not [e for e in coded(text) if e.cameo[:2] in {"13", "17", "19"}]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Varenia's president authorised an invasion of Ostmark.", "192"),  # the act authorised
        ("Varenia began a military operation in Ostmark in response to appeals by its allies.", "190"),
        ("Varenian forces have pressed into Ostmark.", "190"),  # an advance, not a demand
    ],
)
def test_events_acts_begun_authorised_or_pressed_are_the_acts(coded, text: str, code: str) -> None:
    assert code in {e.cameo for e in coded(text) if e.source.country == "XVR"}


def test_events_a_failing_offensive_is_no_refusal(coded) -> None:
    assert not [e for e in coded("Ostmark said that Varenia's offensive was failing.") if e.cameo.startswith("12")]


@pytest.mark.parametrize(
    ("text", "coded_as_fight"),
    [
        ("Thousands of Ostmark civilians have died.", False),  # a death names no attacker
        ("Brandt said the Varenian war on Ostmark is a barbarity.", False),  # the war named, not reported
        ("Varenia launched a war against Ostmark.", True),
        ("Two Ostmark soldiers died in clashes with Varenian forces.", True),
    ],
)
def test_events_deaths_and_the_named_war_are_no_new_fighting(coded, text: str, coded_as_fight: bool) -> None:
    assert bool([e for e in coded(text) if e.cameo.startswith("19")]) == coded_as_fight


def test_events_proposing_measures_is_no_threat(coded) -> None:
    events = coded("Varenia proposed mutual limits on military drills and confidence-building measures with Ostmark.")
    assert not [e for e in events if e.cameo.startswith("13")]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ostmark broke off diplomatic relations with Varenia.", "161"),
        ("Varenia broke off talks with Ostmark.", "164"),
    ],
)
def test_events_breaking_off_relations_is_one_reduction_of_relations(coded, text: str, code: str) -> None:
    assert [e.cameo for e in coded(text) if e.source.country in {"XOS", "XVR"} and e.target is not None] == [code]


def test_events_a_clause_of_time_takes_the_time_of_its_main_clause(coded) -> None:
    from crisisdesk.nlp.timex import event_date

    events = coded("Ostmark broke off cooperation with Varenia in 2014 after Varenia seized the island.")
    seized = [e for e in events if e.trigger.startswith("seized")]
    assert seized and all(event_date(e.timex, "2022-02-14") == (None, "text-period") for e in seized)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Thousands of Varenian demonstrators hurled stones at police in Kardova.", "145"),  # a riot
        ("Varenian troops fired on Ostmark soldiers.", "190"),
    ],
)
def test_events_violence_by_protesters_is_a_riot(coded, text: str, code: str) -> None:
    assert code in {e.cameo for e in coded(text)}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The EU dispatched inspectors to Varenia.", "090"),  # sending inspectors investigates
        ("Varenia received OSCE observers.", "0862"),  # hosting them allows international involvement
    ],
)
def test_events_inspectors_sent_investigate_and_hosted_allow_involvement(coded, text: str, code: str) -> None:
    assert code in {e.cameo for e in coded(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a forecast held by another party is the act, future, not a threat by its actor
        ("Ostmark expects that Varenia will attack Lindhaven in the spring.", ("190", "future")),
        # the actor's own word stays a threat
        ("Varenia said it would retaliate against Ostmark.", ("138", "asserted")),
    ],
)
def test_events_a_forecast_by_another_is_no_threat(coded, text: str, expected: tuple) -> None:
    assert expected in {(e.cameo, e.modality) for e in coded(text) if e.source.country == "XVR"}


def test_events_a_clause_of_time_under_a_future_verb_is_future_and_keeps_its_own_day(coded) -> None:
    events = coded("Ostmark's president will visit Varenia on Monday before he travels to Lindhaven.")
    travels = [e for e in events if e.trigger.startswith("travels")]
    assert travels and all(e.modality == "future" and e.timex is None for e in travels)


@pytest.mark.parametrize(
    ("text", "absent_roots"),
    [
        ("Varenia has shielded itself from sanctions by increasing its foreign currency reserves.", {"15"}),  # money, not troops
        ("Varenia has recently seized the initiative on regional security.", {"17"}),  # an idiom, no seizure
        ("The Varenian president sometimes cracks jokes about Ostmark.", {"18"}),
        ("The Ostmark village is surrounded on three sides by the Varenian region of Dalmor.", {"19"}),  # geography
        ("Varenia fired back with a sharply worded objection to Ostmark's drills.", {"19"}),  # a retort
    ],
)
def test_events_idioms_of_force_verbs_are_no_force(coded, text: str, absent_roots: set) -> None:
    assert not [e for e in coded(text) if e.cameo[:2] in absent_roots]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # the complement of a verb of seeing under a modal is no encirclement yet
        ("Brandt said it would see a Varenian advance coming down from the north and encircling Kardova.", "encircling"),
        # an infinitive the parser joins to a finite verb is still a plan
        ("Brandt said the Varenian president had made the decision to invade Ostmark, and to target its capital Kardova.", "target"),
    ],
)
def test_events_seen_or_decided_acts_are_not_asserted(coded, text: str, trigger: str) -> None:
    found = [e for e in coded(text) if e.trigger.startswith(trigger)]
    assert found and all(e.modality != "asserted" for e in found)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Ostmark's army has changed its tactics since Varenia seized the island.", False),  # an old event, undated
        ("Ostmark's army has changed its tactics since Varenia seized the island in 2014.", True),  # dated by the text
    ],
)
def test_events_an_undated_since_clause_is_not_news_of_the_day(coded, text: str, kept: bool) -> None:
    assert bool([e for e in coded(text) if e.trigger.startswith("seized")]) == kept


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Varenia carried out a special military operation in Ostmark.", "190"),  # the operation's modifier says it is military
        ("The Varenian president authorized a special military operation in Ostmark.", "190"),
        ("Ostmark firefighters launched a rescue operation in Kardova.", None),  # no attack
        ("Varenian forces resumed their offensive against Kardova.", "190"),  # the offensive goes on, no threat
        ("Varenian forces have escalated their attacks on Ostmark cities.", "190"),
        ("The Varenian president ordered his troops into Ostmark.", "190"),  # the order is the act
        ("Varenian forces closed in on Kardova.", "190"),  # an advance, no closure
        ("Varenian invaders have been pushing in on the town for days.", "190"),
        ("Varenian troops encircled Kardova.", "190"),  # a siege, no show of force
    ],
)
def test_events_military_operations_and_advances_are_force(coded, text: str, code: str | None) -> None:
    events = coded(text)
    if code is None:
        assert not [e for e in events if e.cameo[:2] in {"18", "19", "20"}]
    else:
        assert code in {e.cameo for e in events if e.source.country == "XVR" and e.modality == "asserted"}


@pytest.mark.parametrize(
    ("text", "mutual"),
    [
        ("Varenia and Ostmark agreed to a ceasefire.", True),  # an agreement is made with each other
        ("Varenian and Ostmark forces clashed near Kardova.", True),  # a reciprocal verb
        ("Varenian and Ostmark troops held joint military drills.", True),  # told as joint
        ("Varenia and Ostmark accused each other of violating the truce.", True),
        ("Varenia and Ostmark have delayed their meeting.", True),  # a meeting of both
        ("Varenia and Ostmark refused.", False),  # each its own refusal
        ("Varenia and Ostmark increased their military spending.", False),
    ],
)
def test_events_compound_subjects_act_on_each_other_only_in_joint_acts(coded, text: str, mutual: bool) -> None:
    pairs = {(_key(e.source), _key(e.target)) for e in coded(text)}
    assert ({("XVR", "XOS"), ("XOS", "XVR")} <= pairs) == mutual


def test_events_a_roll_call_of_sources_is_no_web_of_events(coded) -> None:
    events = coded("Leaders of Varenia, Ostmark, Denmark and Finland attended a summit.")
    assert not [e for e in events if e.target is not None and e.target.country in {"XVR", "XOS"} and e.source.country in {"XVR", "XOS"}]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Varenian workers stopped work on the first day of a strike.", "143"),  # a strike, not its end
        ("Varenian dockers shunned work on Monday to protest against the new tax.", "143"),
        ("Varenian militants set fire to the offices of the Ostmark administrators.", "1712"),  # property destroyed
        ("Varenian forces were engaged in ethnic cleansing against Ostmark villagers.", "203"),  # CAMEO 203
    ],
)
def test_events_strikes_arson_and_ethnic_cleansing_take_their_own_codes(coded, text: str, code: str) -> None:
    assert code in {e.cameo for e in coded(text) if e.source.country == "XVR"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ostmark accepted a formula for ending its fisheries dispute with Varenia.", "030"),  # an agreement
        ("Ostmark has been sharing expertise with Varenia.", "064"),  # information shared
        ("Ostmark has reneged on its commitment to Varenia.", "120"),  # a promise rejected
        ("The Ostmark opposition began collecting signatures to force a referendum.", "140"),  # a petition
    ],
)
def test_events_agreements_sharing_reneging_and_petitions_are_coded(coded, text: str, code: str) -> None:
    assert code in {e.cameo for e in coded(text) if e.source.country == "XOS"}


@pytest.mark.parametrize(
    "text",
    [
        "Varenia has denied that it is planning to invade Ostmark.",  # a denial, no threat
        "Brandt repeated her denials that Varenian forces are preparing to invade Ostmark.",
        "Ostmark fears Varenia is planning to invade Lindhaven.",  # a fear held by another, no threat
    ],
)
def test_events_denied_or_feared_plans_are_no_threats(coded, text: str) -> None:
    events = [e for e in coded(text) if e.source.country == "XVR"]
    # The act stays negated; a denial by its own actor is a statement of its own (016), not the act.
    assert events and not [e for e in events if e.cameo.startswith("13") or e.modality == "asserted" and e.cameo != "016"]


@pytest.mark.parametrize(
    ("text", "denial"),
    [
        ("Varenia says it has no plans to attack Ostmark.", ("XVR", "XOS")),
        ("Varenia has denied that it is planning to invade Ostmark.", ("XVR", "XOS")),
        ("Velska said Varenian troops would not attack Ostmark.", ("XVR", "XOS")),  # the speaker denies
        ("Varenia did not attack Ostmark on Monday.", None),  # told as not done: no one denies
        ("Ostmark said Varenia did not attack its positions.", None),  # another's report
        ("Varenia did not rule out possible provocations by Ostmark, Velska said.", None),  # no rejection denies force
        ("Varenia has denied any intention to invade Ostmark.", ("XVR", "XOS")),  # the denying verb's own subject
        # a denial coordinated with another's saying is the denier's own, not what the others say
        ("Ostmark officials say an invasion could be imminent, but Varenia has denied any intention to invade Ostmark.", ("XVR", "XOS")),
        ("Ostmark denied that Varenia had attacked the city.", None),  # a denial by another
        ("Varenia failed to capture the Ostmark capital.", None),  # a failure is no denial
        ("Varenia has denied planning an invasion of Ostmark.", ("XVR", "XOS")),  # a planned invasion is a threat (138)
        ("Varenian state media falsely claimed that Varenia had attacked Ostmark.", None),  # a false report, no denial
    ],
)
def test_events_own_denial_is_a_denial_statement(coded, text: str, denial: tuple[str, str] | None) -> None:
    events = coded(text)
    found = [(e.source.country, e.target.country if e.target else None) for e in events if e.cameo == "016"]
    assert found == ([denial] if denial else [])
    assert all(e.modality == "negated" for e in events if e.cameo[:2] in {"13", "19"})
    if denial and "Velska" in text:
        assert next(e for e in events if e.cameo == "016").source.sector == "GOV"


@pytest.mark.parametrize(
    "text",
    [
        "Ostmark sent a written response to Varenia's demands.",
        "Ostmark would not accede to any of Varenia's demands.",
    ],
)
def test_events_demands_answered_are_no_new_demands(coded, text: str) -> None:
    assert not [e for e in coded(text) if e.cameo.startswith("10") and e.source.country == "XVR"]


@pytest.mark.parametrize(
    ("text", "appeal"),
    [
        ('"Will the talks go on?" Brandt asked the Varenian president.', False),  # a question put
        ("Brandt asked the Varenian president about the troops.", False),
        ("Ostmark asked Varenia to withdraw its troops.", True),  # asking somebody to act is an appeal
    ],
)
def test_events_questions_asked_are_no_appeals(coded, text: str, appeal: bool) -> None:
    assert bool([e for e in coded(text) if e.cameo.startswith("02")]) == appeal


@pytest.mark.parametrize(
    ("text", "demand"),
    [
        ("Varenian officials insisted that the reports from Ostmark were simply not true.", False),  # a claim
        ("Varenia insisted that Ostmark must stop its military exercises near the border.", True),  # something asked for
    ],
)
def test_events_insisting_on_a_fact_is_no_demand(coded, text: str, demand: bool) -> None:
    assert bool([e for e in coded(text) if e.cameo.startswith("10") and e.source.country == "XVR"]) == demand


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ostmark has cut its ties with Varenia.", "161"),  # relations reduced, as "severed ties"
        ("Ostmark has cut its aid to Varenia.", "162"),
    ],
)
def test_events_cutting_ties_or_aid_reduces_relations(coded, text: str, code: str) -> None:
    assert code in {e.cameo for e in coded(text) if e.source.country == "XOS"}


def test_events_one_side_meeting_another_is_no_meeting_of_its_members(coded) -> None:
    events = coded("The Varenian president and the Varenian foreign minister met with Ostmark's president in Geneva.")
    pairs = {(_key(e.source), _key(e.target)) for e in events if e.cameo.startswith("04")}
    assert ("XVR", "XOS") in pairs and ("XVR", "XVR") not in pairs


def test_events_the_party_of_an_infinitives_object_is_the_target(coded) -> None:
    # two sources: no target is inferred from the sentence's other country, the parse must name it
    events = coded("Denmark and Ostmark have refused to cut their ties with Varenia.")
    assert ("XOS", "XVR") in {(_key(e.source), _key(e.target)) for e in events if e.cameo.startswith("12")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The West has threatened sweeping sanctions against Russia.", ("WST", "RUS", "13")),
        ("Russia accused the West of hysteria.", ("RUS", "WST", "11")),
        ("Western leaders warned Moscow of severe consequences.", ("WST", "RUS", "13")),
    ],
)
def test_events_the_west_is_a_party(coded, text: str, expected: tuple[str, str, str]) -> None:
    found = [(e.source.code[:3], e.target.code[:3] if e.target else None, e.cameo[:2]) for e in coded(text)]
    assert expected in found
    # the record contract's country is a state's ISO code: a region keeps only its CAMEO code
    assert all(e.source.country is None for e in coded(text) if e.source.code.startswith("WST"))


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # "any attack" in a sentence about Western sanctions is not an attack on the West
        ("Western allies have prepared sanctions in response to any attack, although Moscow has repeatedly said it has no such plans.", "WST"),
        ("NATO said Moscow had shattered peace on the European continent.", "EUR"),
        ("Russian troops seized Europe's largest nuclear power plant on Friday.", "EUR"),
    ],
)
def test_events_a_region_does_not_stand_in_for_an_unnamed_target(coded, text: str, region: str) -> None:
    events = coded(text)
    assert events and all(e.target is None or not (e.target.code or "").startswith(region) for e in events)


@pytest.mark.parametrize("noun", ["invasion", "offensive", "attack"])
def test_events_a_planned_use_of_force_is_a_threat_not_the_act(coded, noun: str) -> None:
    """PETRARCH codes a planned attack as a threat of force (138): an invasion or offensive planned too."""
    events = coded(f"Varenia is planning an {noun} of Ostmark." if noun != "attack" else "Varenia is planning an attack on Ostmark.")
    assert [e.cameo for e in events if e.source.country == "XVR"] == ["138"]


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("Varenian forces fired missiles during military exercises near the border.", "15"),
        ("Varenian forces fired missiles in drills near Ostmark.", "15"),
        ("Varenian forces fired missiles at Ostmark on Thursday.", "19"),
    ],
)
def test_events_force_used_in_an_exercise_is_a_show_of_force(coded, text: str, root: str) -> None:
    assert [e.cameo[:2] for e in coded(text) if e.source.country == "XVR"] == [root]


@pytest.mark.parametrize(
    ("text", "hostage"),
    [
        ("The Varenian leader is effectively holding Ostmark hostage to press his demands.", False),  # a figure
        ("Varenian gunmen took three Ostmark aid workers hostage.", True),
    ],
)
def test_events_a_whole_country_is_taken_hostage_only_in_a_figure(coded, text: str, hostage: bool) -> None:
    assert any(e.cameo == "181" for e in coded(text)) is hostage


def test_events_people_protesting_their_own_leaders_protest_to_their_government(coded) -> None:
    """Not to the other country the sentence names: the protest is over Ostmark, at home."""
    events = coded("Thousands of Varenians who oppose Velska's war in Ostmark have been protesting in cities across the country.")
    protests = [e for e in events if e.cameo.startswith("14")]
    assert protests and all(e.target is not None and e.target.code == "XVRGOV" for e in protests)


def test_events_a_protest_outside_an_embassy_is_aimed_at_its_government(coded) -> None:
    events = [e for e in coded("Hundreds of Ostmark students protested outside the Varenian embassy on Monday.") if e.cameo.startswith("14")]
    assert events and all(e.target is not None and e.target.code == "XVRGOV" for e in events)


@pytest.mark.parametrize(
    ("text", "root", "absent"),
    [
        # "according to" tells who says so: its "accord" is no treaty that was struck
        ("A Varenian missile struck a council building in Kardova, according to the governor.", "19", "030"),
    ],
)
def test_events_attribution_phrases_are_no_part_of_the_pattern(coded, text: str, root: str, absent: str) -> None:
    codes = {e.cameo for e in coded(text)}
    assert absent not in codes
    assert any(c.startswith(root) for c in codes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare "accepted" agrees to what was put to it; with an object the patterns decide
        ("She invited Varenia to talks in Geneva. Varenia accepted, according to officials.", ("XVR", "030")),
        ("Varenia accepted in principle.", None),
        ("Varenia accepted the result.", None),
        ("The Varenian people will not accept week after week of losses.", None),
    ],
)
def test_events_a_bare_acceptance_is_an_agreement(coded, text: str, expected) -> None:
    got = {(_key(e.source), e.cameo) for e in coded(text) if e.trigger.startswith("accept")}
    assert got == ({expected} if expected else set())


def test_events_a_newspaper_reporting_is_no_party_to_the_event(coded) -> None:
    # the outlet's country is not kept out of the other party, as a government reporting would be
    events = coded("Varenia has threatened to leave the talks if Ostmark deploys new missiles, the Washington Post reported.")
    assert ("XVR", "XOS") in {(_key(e.source), _key(e.target)) for e in events if e.cameo.startswith("13")}


def test_events_an_announced_threat_takes_the_date_of_its_announcement(coded) -> None:
    events = coded("In 2014 Velska declared she was ready to send troops to Ostmark.")
    assert [(e.cameo[:2], e.timex.value if e.timex else None) for e in events] == [("13", "2014")]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Varenia recognised two breakaway regions of Ostmark as independent states.", "054"),
        ("Varenian athletes have been competing under a neutral flag.", None),
        ("Varenia moved its forces back and forth on Monday.", "154"),  # no pullback
    ],
)
def test_events_recognition_sport_and_shuttling(coded, text: str, code) -> None:
    assert [e.cameo for e in coded(text)] == ([code] if code else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a refusal to say is declining comment (011, kept only with an addressee), no rejection; a
        # refusal to discuss rejects talks (125)
        ("Velska refused to say whether Varenia would attack Ostmark.", set()),
        ("Varenia refused to discuss its armoured units with Ostmark.", {"125"}),
        # meeting an objective is no meeting
        ("Varenian commanders failed to meet their objectives in Ostmark.", set()),
    ],
)
def test_events_refusals_to_say_and_objectives_met(coded, text: str, expected: set) -> None:
    got = {e.cameo for e in coded(text) if e.cameo[:2] in {"01", "04", "12"}}
    assert got == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # being committed to something, or committing means to it, is a pledge (030)
        ("Velska said Varenia is committed to the peace process.", ("XVR", "030")),
        ("Ostmark committed 500 million euros to Varenia.", ("XOS", "030")),
    ],
)
def test_events_a_commitment_is_an_intent_to_cooperate(coded, text: str, expected: tuple) -> None:
    assert expected in {(_key(e.source), e.cameo) for e in coded(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # mobilizing is force posture only with forces, or none, to mobilize
        ("Ostmark mobilized its reservists.", {("XOS", "154")}),
        ("Ostmark mobilized on Thursday.", {("XOS", "150")}),
        ("Ostmark has mobilized pressure groups abroad.", set()),
    ],
)
def test_events_mobilizing_is_force_posture_only_with_forces(coded, text: str, expected: set) -> None:
    assert {(_key(e.source), e.cameo) for e in coded(text) if e.cameo.startswith("15")} == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Varenian troops have been holding civilians as human shields in Kardova.", "184"),
        ("Ostmark ended mediation efforts between Varenia and the rebels.", "165"),
        ("Varenia halted negotiations with Ostmark.", "164"),
    ],
)
def test_events_human_shields_and_halted_mediation(coded, text: str, code: str) -> None:
    assert code in {e.cameo for e in coded(text)}


def test_events_telling_of_an_attack_is_no_attack_by_the_teller(coded) -> None:
    events = coded("Varenian state media keeps reporting incidents of Ostmark's attacks on Varenia.")
    assert ("XVR", "190") not in {(_key(e.source), e.cameo) for e in events}
    assert ("XOS", "190") in {(_key(e.source), e.cameo) for e in events}


@pytest.mark.parametrize(
    ("text", "seizes"),
    [
        ("Varenian forces took heavy losses near Kardova.", False),
        ("Varenian forces took Kardova on Wednesday.", True),
    ],
)
def test_events_taking_losses_seizes_nothing(coded, text: str, seizes: bool) -> None:
    assert any(e.cameo.startswith("19") or e.cameo.startswith("17") for e in coded(text)) == seizes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a present-tense clause of "before" tells of what is to come
        ("The alliance is rallying to stand up to Varenia before it invades Ostmark.", ("192", "future")),
        ("Ostmark left the talks before Varenia invaded.", ("192", "asserted")),
        # "the moment" and "once" open clauses of time as "when" does
        ("The moment Varenian troops attack Ostmark, the whole game will be over.", ("190", "future")),
        ("Once Varenian troops attack Ostmark, sanctions will follow.", ("190", "future")),
        # troops around a whole country are a show of force; around a town, a siege
        ("Varenian troops have effectively surrounded Ostmark.", ("150", "asserted")),
        ("Varenian troops surrounded Kardova.", ("190", "asserted")),
        # units taking up positions near a border build up, and preparations continued are posture
        ("Varenian units have been taking up positions closer to the border with Ostmark.", ("154", "asserted")),
        ("The Varenian military continued attack preparations along the border with Ostmark.", ("150", "asserted")),
        # missiles launched as part of drills are a show of force
        ("Varenia launched hypersonic missiles as part of strategic nuclear drills.", ("150", "asserted")),
        # a siege continued is a blockade, not a refusal to de-escalate
        ("Varenian forces continued the siege of Kardova.", ("191", "asserted")),
    ],
)
def test_events_build_up_seen_before_an_invasion(coded, text: str, expected: tuple) -> None:
    assert expected in {(e.cameo, e.modality) for e in coded(text) if _key(e.source) == "XVR"}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("They are holding up assault rifles next to a Varenian flag.", "190"),  # a modifier of rifles, no assault
        ("Varenia blew past another off-ramp in the crisis.", "190"),
        ("He is crying while covered in blood in Kardova.", "110"),  # grief, no disapproval
        ("Every day, his reputation as the Varenian president declines.", "120"),  # a fall, no refusal
    ],
)
def test_events_words_that_name_no_fighting(coded, text: str, absent: str) -> None:
    assert absent not in {e.cameo for e in coded(text)}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Varenia annexed the peninsula after seizing it from Ostmark in 2014.", "2014"),
        # "when" as the parser's adverb still makes a clause of time
        ("It began in March 2014 when Varenia annexed the peninsula of Ostmark.", "2014-03"),
        # the means of an act is at the act's time
        ("Varenia responded to the February 2014 ouster by annexing the peninsula of Ostmark.", "2014-02"),
        # a response answers the year the sentence before tells
        ("The conflict began in 2014, when an uprising drove the president of Ostmark from office. Varenia responded by annexing the peninsula of Ostmark.", "2014"),
    ],
)
def test_events_retold_history_takes_the_date_its_sentence_tells(coded, text: str, value: str) -> None:
    events = coded(text)
    assert [(e.cameo, e.timex.value if e.timex else None) for e in events if e.cameo == "192"] == [("192", value)]


STORY = "Varenia has massed troops near Ostmark. Ostmark accused Varenia of provocations. Varenia rejected the claims of Ostmark."


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # a threat addressed to people named by kind is theirs, not the story's other country's
        (STORY + " Velska also threatened countries considering intervening.", None),
        # a material act's object is its means: the story's other country is still its target
        (STORY + " Varenia moved 40,000 more soldiers closer to the frontier.", "XOS"),
    ],
)
def test_events_an_addressee_named_by_kind_keeps_the_story_out(coded, text: str, target) -> None:
    last = [e for e in coded(text) if e.start > len(STORY)]
    assert last and {_key(e.target) if e.target else None for e in last} == {target}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the copula's subject is who did the deed an adjective judges
        ("Varenia and Ostmark are guilty of violating the ceasefire agreement.", ("XVR", None, "196", "asserted")),
        ("Ostmark is responsible for shelling the Varenian border town.", ("XOS", "XVR", "194", "asserted")),
        # a capability is no deed
        ("Varenia is capable of launching attacks against Ostmark.", ("XVR", "XOS", "190", "hypothetical")),
    ],
)
def test_events_a_judged_or_possible_deed_is_the_copula_subjects(coded, text: str, expected: tuple) -> None:
    assert expected in _triples(coded(text))


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # a company leaving a country reduces relations with it; it retreats from nothing
        ("Varenian companies pulled out of Ostmark.", ("XVR", "XOS", "160", "asserted"), "0874"),
        # people leaving a city flee; no event
        ("Residents of Ostmark got out of the city as Varenian troops advanced.", None, "0874"),
        # forces still retreat
        ("Varenian troops pulled out of Ostmark.", ("XVR", None, "0874", "asserted"), "160"),
    ],
)
def test_events_only_forces_retreat_militarily(coded, text: str, expected, absent: str) -> None:
    events = coded(text)
    if expected is not None:
        assert expected in _triples(events)
    assert absent not in {e.cameo for e in events}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Velska hit back, saying there was no such incursion.", "111"),  # a retort
        ("Ostmark's foreign ministry hit back with references to Varenia's own record.", "111"),
        ("Varenian forces hit back, destroying two Ostmark tanks.", "190"),  # forces hit back: force
        ("Varenia hit back at Ostmark troops near the border.", "190"),
    ],
)
def test_events_hitting_back_is_a_retort_unless_forces_are_in_it(coded, text: str, code: str) -> None:
    codes = {e.cameo for e in coded(text) if e.trigger.lower().startswith(("hit", "forces hit"))}
    assert codes == {code}


@pytest.mark.parametrize(
    "text", ["Velska made references to past Varenian invasions of Ostmark.", "Velska cited previous Varenian attacks on Ostmark."]
)
def test_events_a_past_event_noun_is_history_not_news(coded, text: str) -> None:
    assert not [e for e in coded(text) if e.cameo.startswith("19")]


@pytest.mark.parametrize(
    ("text", "threat"),
    [
        ("Velska warned that the Ostmark economy was facing a deep crisis.", False),  # foresees trouble
        ("Velska warned that the death toll in Lindhaven was a vast undercount.", False),
        ("Velska warned Ostmark that its government would face reprisals.", True),  # an addressee
        ("Velska warned that Ostmark would pay a heavy price.", True),  # a repercussion named
        ("Velska warned that Varenia would draw its own conclusions if Ostmark kept reinforcing the river.", True),  # a condition
    ],
)
def test_events_a_warning_is_a_threat_only_when_coercive(coded, text: str, threat: bool) -> None:
    assert any(e.cameo.startswith("13") for e in coded(text)) is threat


def test_events_an_event_overshadowed_is_no_force(coded) -> None:
    assert {e.cameo for e in coded("The talks were overshadowed by Varenia's threats against Ostmark.")} == {"130"}


@pytest.mark.parametrize(
    ("text", "force"),
    [
        ("Velska defeated Sofie Brandt in 2020.", False),  # one person beating another: a contest
        ("Varenia introduced crushing sanctions against Ostmark.", False),  # the sanctions are the event
        ("Varenian forces defeated Ostmark's army near Lindhaven.", True),
    ],
)
def test_events_contests_and_crushing_sanctions_are_no_force(coded, text: str, force: bool) -> None:
    assert any(e.cameo.startswith("19") for e in coded(text)) is force


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        # the remarks deliver no attack; the attack they are about is Varenia's
        ("Velska delivers remarks on Varenia's attack on Ostmark.", {"XVR"}),
        ("Varenia delivered an attack on Ostmark's positions.", {"XVR"}),
    ],
)
def test_events_words_about_an_attack_are_not_the_attack(coded, text: str, sources: set) -> None:
    assert {e.source.code for e in coded(text) if e.cameo.startswith("19")} == sources


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Velska ordered Varenian troops into eastern Ostmark.", "XOS"),  # her own forces are the means
        ("Varenian rebels attacked Varenian troops.", "XVRMIL"),  # rebels fight their state's forces
    ],
)
def test_events_a_states_own_forces_sent_are_the_means_not_the_target(coded, text: str, target: str) -> None:
    assert {e.target.code if e.target else None for e in coded(text) if e.cameo.startswith("19")} == {target}


def test_events_a_topics_own_parties_are_not_the_other_side_of_a_discussion(coded) -> None:
    events = coded("Velska discussed the details of Ostmark's attack.")
    assert not [e for e in events if e.cameo.startswith("04")]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The build-up of Varenian forces near Ostmark continues apace.", "154"),  # a build-up going on
        ("The massing of Varenian troops near Ostmark appears to have continued.", "154"),
        ("Varenian forces continued their advance on Ostmark.", "190"),
    ],
)
def test_events_a_continuing_build_up_is_no_advance(coded, text: str, code: str) -> None:
    assert {e.cameo for e in coded(text) if e.cameo[:2] in {"15", "19"}} == {code}


def test_events_a_firing_position_is_no_firing(coded) -> None:
    events = coded("Varenia has moved rocket launchers into firing position near Ostmark.")
    assert not [e for e in events if e.cameo.startswith("19")]


@pytest.mark.parametrize(
    ("text", "seizure"),
    [
        ("Varenia took over six months to prepare the operation against Ostmark.", False),  # a quantity
        ("Varenian forces took over the Ostmark town of Brenna.", True),
    ],
)
def test_events_over_a_quantity_is_no_take_over(coded, text: str, seizure: bool) -> None:
    assert any(e.cameo.startswith("17") for e in coded(text)) is seizure


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a relative clause's object is the noun it hangs on, with or without the relative word
        ("The sanctions, which the EU imposed on Varenia, hurt its economy.", ("IGOEUREEC", "XVR", "163", "asserted")),
        ("The aid that Ostmark sent to Kardova arrived on Sunday.", ("XOS", "XVR", "070", "asserted")),
        ("The talks that Varenia held with Ostmark ended without result.", ("XVR", "XOS", "040", "asserted")),
        # ... and an object pronoun is never its own clause's subject
        ("Varenia condemned the sanctions that the EU imposed on it.", ("IGOEUREEC", "XVR", "163", "asserted")),
    ],
)
def test_events_relative_clause_objects_are_the_noun_they_describe(coded, text: str, expected: tuple) -> None:
    assert expected in _triples(coded(text))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # an accusation of a crime is no legal action, though PETRARCH's block shares CONVICT's pattern
        ("Ostmark accused Varenia of war crimes.", "1124"),
        ("Ostmark accused Varenia of crimes against civilians.", "1121"),
        # convicting and charging for a crime are
        ("An Ostmark court convicted a Varenian officer of espionage.", "173"),
        ("Ostmark charged a Varenian officer for crimes against civilians.", "173"),
    ],
)
def test_events_accusing_of_a_crime_is_no_legal_action(coded, text: str, code: str) -> None:
    assert code in {e.cameo for e in coded(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Tensions are high due to Varenia's build-up on the border with Ostmark.",
        "Prices rose because of the Varenian attack on Ostmark.",
        "Flights were cancelled owing to the Varenian attack on Ostmark.",
        "Thanks to Ostmark's sanctions against Varenia, its currency fell.",
    ],
)
def test_events_an_event_given_as_a_cause_is_told_elsewhere(coded, text: str) -> None:
    assert not coded(text)


@pytest.mark.parametrize(
    ("text", "coded_as_event"),
    [
        # a habit is no event of a day
        ("Varenia routinely holds military exercises near Ostmark.", False),
        ("Varenia has always moved its forces back and forth.", False),
        ("Varenian forces often shell Ostmark positions.", False),
        # a series told in the past, repeated acts and restated words stay
        ("Varenian forces often shelled Ostmark positions last year.", True),
        ("Varenian forces have repeatedly shelled Ostmark positions.", True),
        ("Varenia has always denied it plans to invade Ostmark.", True),
    ],
)
def test_events_habits_are_no_events(coded, text: str, coded_as_event: bool) -> None:
    assert bool([e for e in coded(text) if e.modality == "asserted"]) is coded_as_event


@pytest.mark.parametrize(
    "text",
    [
        "Velska will not accept complaints about the way Varenia moves its forces on its own territory.",
        "Ostmark complained about the troops that Varenia massed on the border.",
    ],
)
def test_events_a_clause_describing_a_topic_is_no_report(coded, text: str) -> None:
    assert not [e for e in coded(text) if e.cameo.startswith("15")]


@pytest.mark.parametrize(
    "text",
    ["Varenia has dispatched two groups of mercenaries to Lindhaven.", "Varenia sent paratroopers to the border with Ostmark."],
)
def test_events_armed_men_sent_are_forces_mobilised(coded, text: str) -> None:
    assert ("XVR", "XOS", "154", "asserted") in _triples(coded(text))


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # Lindhaven is Ostmark's capital, Kardova Varenia's: the agreements are named after where they were made
        ("Velska said Varenia was sabotaging the Lindhaven agreements.", "XOS"),
    ],
)
def test_events_a_place_naming_a_venue_is_no_party(coded, text: str, place: str) -> None:
    assert not [e for e in coded(text) if _key(e.target) == place]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ostmark sent 3,000 troops to Kardova to reinforce its ally.", "074"),  # protection, no force posture
        ("Varenia sent troops to the border to pressure Ostmark.", "154"),
    ],
)
def test_events_forces_sent_to_protect_provide_protection(coded, text: str, code: str) -> None:
    assert code in {e.cameo for e in coded(text)}


@pytest.mark.parametrize(
    "text",
    ["Velska ruled out sending troops to Ostmark.", "Velska ruled out sending Varenian troops to Ostmark to help fight Kardova's enemies."],
)
def test_events_what_is_ruled_out_is_not_done(coded, text: str) -> None:
    events = coded(text)
    assert [e.cameo for e in events if e.cameo.startswith("12")]
    assert not [e for e in events if e.cameo[:2] in {"15", "19"} and e.modality == "asserted"]


@pytest.mark.parametrize(
    "text",
    ["Velska accused Ostmark of shelling separatist areas.", "Velska accused Ostmark of shelling rebel-held villages near the border."],
)
def test_events_rebels_hit_are_the_target_not_the_accuser(coded, text: str) -> None:
    shelling = [e for e in coded(text) if e.cameo.startswith("19")]
    assert shelling and all(e.target is not None and e.target.code == "XOSREB" for e in shelling)


@pytest.mark.parametrize(
    ("text", "code", "absent"),
    [
        ("Varenia repeated its demand that Ostmark halt its drills.", "100", "111"),  # repeating is no mocking
        ("Velska mocked Ostmark over its drills.", "111", None),
    ],
)
def test_events_repeating_and_mocking_are_told_apart(coded, text: str, code: str, absent) -> None:
    codes = {e.cameo for e in coded(text)}
    assert code in codes and absent not in codes


@pytest.mark.parametrize(
    ("text", "sanctions"),
    [
        ("Ostmark announced new sanctions against Varenia.", True),  # announcing sanctions imposes them
        ("Velska described the sanctions against Varenia as illegal.", False),  # speaking of them does not
        ("Velska cited the sanctions against Varenia in her speech.", False),
    ],
)
def test_events_speaking_of_an_act_is_not_announcing_it(coded, text: str, sanctions: bool) -> None:
    assert any(e.cameo == "163" for e in coded(text)) is sanctions


@pytest.mark.parametrize(
    ("text", "code", "absent"),
    [
        ("Ostmark hit Varenia with punishing sanctions.", "163", "190"),  # no fight, and no act of punishing
        ("Ostmark hit Varenia with punishing sanctions.", "163", "170"),
        ("Velska will head to Ostmark on Friday.", "042", None),  # guard: heading to a place still travels there
        ("Velska will travel to Ostmark on Friday.", "042", "040"),  # travelling to a place visits it, as flying does
        ("Ostmark has accelerated its exports of gas to Varenia.", None, "042"),  # speeding exports up is no visit
        ("Velska ordered Varenian troops to the border with Ostmark.", "154", "100"),  # troops ordered somewhere move
        ("Ostmark ordered 8,500 troops on higher alert.", "152", "100"),
    ],
)
def test_events_lines_of_a_mixed_block_go_with_their_verb(coded, text: str, code, absent) -> None:
    codes = {e.cameo for e in coded(text)}
    assert (code is None or code in codes) and absent not in codes


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Ostmark officials struggled with the migrants crossing from Varenia.", None, "190"),  # hardship, no fight
        ("Varenia accused Ostmark of magnifying the fears of war.", "112", "190"),  # words made bigger
        ("Varenian and Ostmark delegations met for talks on Monday.", "046", "036"),  # talks held, not intended
        ("New Ostmark sanctions targeted the military of Varenia.", "163", "190"),  # sanctions that hit
        ("Lately Varenia and Ostmark have been speculating about the risks of a war.", None, "040"),  # thinking is no consulting
    ],
)
def test_events_figures_of_speech_are_no_fight(coded, text: str, present, absent: str) -> None:
    codes = {e.cameo for e in coded(text)}
    assert (present is None or present in codes) and absent not in codes


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Rebels fought with government troops in Ostmark.", ("XOSREB", "XOSMIL")),  # two sides of one country
        ("The government forces of Ostmark clashed with rebels.", ("XOSMIL", "XOSREB")),
    ],
)
def test_events_rebels_and_the_state_forces_of_one_country_are_each_others_target(coded, text: str, pair: tuple) -> None:
    assert pair in {(e.source.code, e.target.code if e.target else None) for e in coded(text) if e.cameo.startswith("19")}


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("Varenia condemned the sanctions that Ostmark imposed on it.", ("XVR", "XOS", "111")),  # a reaction aims at the doer
        ("Varenia condemned the sanctions imposed by Ostmark.", ("XVR", "XOS", "111")),
        ("Velska welcomed the aid that Ostmark sent.", ("XVRGOV", "XOS", "051")),
        ("Varenia condemned the Ostmark sanctions.", ("XVR", "XOS", "111")),  # criticism of the imposer, no rally of support (053)
        # a demand's clause says what is demanded: whoever demanded it is the other side, not the clause's subject
        ("The US rejected Moscow's demands that NATO commit to never admitting Ukraine.", ("USA", "RUSGOV", "120")),
    ],
)
def test_events_a_reaction_to_a_deed_aims_at_its_doer(coded, text: str, event: tuple) -> None:
    assert event in {(e.source.code, e.target.code if e.target else None, e.cameo) for e in coded(text)}


def test_events_opposing_sanctions_defends_their_target(coded) -> None:
    """PETRARCH's DEBATE line (040, a consultation) no longer reaches oppose, which shares its block."""
    assert {(e.source.code, e.target.code if e.target else None, e.cameo) for e in coded("Ostmark has opposed sanctions against Varenia.")} == {("XOS", "XVR", "052")}


@pytest.mark.parametrize(
    ("text", "threat"),
    [
        ("Ostmark will send 3,000 troops to Varenia.", False),  # forces going to a country are no threat to it
        ("Varenia will send troops to the border with Ostmark.", True),
        ("Varenia would send troops to Ostmark if Lindhaven attacked.", True),
        ("Varenia will hold military drills in Ostmark next month.", False),
    ],
)
def test_events_forces_announced_for_a_host_are_no_threat_to_it(coded, text: str, threat: bool) -> None:
    assert any(e.cameo.startswith("13") for e in coded(text)) is threat


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ostmark sent 3,000 troops to Varenia.", "062"),  # ... nor force posture against it: its host takes them in
        ("Varenia sent troops to the border with Ostmark.", "154"),
        ("Varenia sent troops to eastern Ostmark.", "154"),  # a part of the country, entered
        ("Varenia held military drills in Ostmark.", "062"),  # a host of exercises takes part in them
        ("Varenia held military drills near the border with Ostmark.", "150"),
        ("Varenia held military drills in Varenia.", "150"),
    ],
)
def test_events_forces_sent_to_a_host_cooperate_with_it(coded, text: str, code: str) -> None:
    assert {e.cameo for e in coded(text)} == {code}


@pytest.mark.parametrize(
    ("story", "code"),
    [
        ("Varenia attacked Ostmark last week. Varenia sent more troops to Ostmark on Thursday.", "154"),  # an enemy takes no guests
        ("Varenia attacked Moldova last week. Ostmark sent more troops to Varenia on Thursday.", "062"),  # another pair's war
        ("Varenia could attack Ostmark. Varenia sent more troops to Ostmark on Thursday.", "062"),  # a war only feared
    ],
)
def test_events_forces_sent_to_a_country_the_story_tells_at_war_are_no_guests(coded, story: str, code: str) -> None:
    assert code in {e.cameo for e in coded(story) if "sent" in e.trigger}
