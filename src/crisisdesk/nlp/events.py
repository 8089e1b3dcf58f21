"""Code political events from dependency parses: who did what to whom, with CAMEO and PLOVER codes.

Triggers (nlp/event_triggers.py) are verbs found in the verb-pattern dictionary
(nlp/event_patterns.py), light-verb phrases ("held talks", "imposed sanctions") and event nouns
with their own actors ("Russia's build-up", "talks between Russia and NATO"). Actors and places come from nlp/event_roles.py,
modality and reporters from nlp/modality.py. A verb of intent, appeal, demand, refusal or threat
takes its code from the action it governs ("urged Russia to pull back" is 0256, an appeal for
de-escalation); an action its own actor announces is coded as CAMEO codes announcements ("would
not negotiate" is a refusal, 12; "would retaliate" a threat, 13). A reported event is coded
once, with the reporter in `reported_by`; the saying is not a second event.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .. import __version__
from ..records import ActorRef
from .actors import COMPASS_WORDS, generic, mention_at
from .codebook import lookup
from .event_dates import since_clause, timex_index
from .event_patterns import (
    PatternBook,
    PatternFileError,
    compose,
    load_book,
    unknown_codes,
)
from .event_roles import (
    DOCUMENT_NOUNS,
    INTENT_NOUNS,
    MEDIA_SECTOR,
    Place,
    actor,
    actors_of,
    entity_text,
    location,
    noun_roles,
    passive,
    prep_objects,
    sentence_countries,
    subjects,
    target_tiers,
)
from .event_triggers import (
    WITHDRAWAL_CODE,
    Trigger,
    appeals_in_reports,
    by_protesters,
    cameo_root,
    compose_intents,
    governing_verb,
    in_exercise,
    no_such_plans,
    noun_entry,
    noun_trigger,
    quad_class,
    verb_trigger,
)
from .kb import KnowledgeBase, load_kb
from .modality import (
    MAX_CLIMB,
    announcement,
    cues,
    denying_verb,
    falsely_reported,
    infinitive,
    inner_reporter,
    modality,
    reporting_verb,
)
from .timex import TimexMatch, after_publication

CODER_NAME = "crisisdesk.events.v2"
CODER = f"{CODER_NAME} ({__version__})"
# Evidence words farther than this from the trigger are left out of the event's span (its `trigger`).
EVIDENCE_WINDOW = 6
# Roots of events that go to a place: visits and meetings, force posture, force ("visited Kyiv", "advanced into Gondor").
MOVEMENT_ROOTS = {"04", "15", "18", "19", "20"}
# Verbs whose "of"/"for" clause is an allegation they report: "accused Varenia of massing troops".
ACCUSING = {"accuse", "blame", "charge", "condemn", "criticize", "criticise", "denounce", "fault", "suspect"}
# Roots in which every one of several sources takes part with the others as well: a meeting ("the
# ministers of Varenia and Ostmark held talks with EU mediators"). Praise, aid or agreement with a
# named party is not given to each other ("France and Germany welcomed ties with Iran": PETRARCH's
# compound tests code only X -> Iran).
MUTUAL_ROOTS = {"04"}
# Roots of acts that several sources with no other party do with each other: intents and agreements
# to cooperate (03, 05, 06), meetings (04), concessions such as a ceasefire (08). Other acts of a
# compound subject are each source's own ("Russia and China refused"); fights join them through
# `reciprocal_verbs` ("Ukrainian and Russian forces clashed").
RECIPROCAL_ROOTS = {"03", "04", "05", "06", "08"}
# More sources than this are a roll-call ("leaders of Denmark, Finland, Estonia ... attended"), not
# parties to one another's act: PETRARCH's compound examples have two or three.
MAX_MUTUAL_SOURCES = 3
# Confidence of an event beyond its trigger's (event_triggers.CONF_*): an explicit target more than
# none or an inferred one, an asserted event more than another. Set by hand on the PLOVER odd ids and
# our golden examples.
CONF_NO_TARGET, CONF_INFERRED_TARGET, CONF_NOT_ASSERTED = 0.9, 0.6, 0.9
CONF_UNLINKED = 0.3
# Roots of words addressed to someone (appeals, demands, disapproval, rejections, threats): their object
# is the addressee, where a material act's is its means ("moved 40,000 soldiers").
ADDRESSED_ROOTS = {"02", "10", "11", "12", "13"}
# Links from an announced action up to the verb announcing it ("declared he was ready to dispatch").
ANNOUNCED_DEPS = {"xcomp", "ccomp", "acomp", "conj"}
# CAMEO roots of relations between two parties: without a target such an event says little and,
# on the PLOVER odd ids, was wrong more often than right, so it is not coded.
RELATIONAL_ROOTS = {"01", "02", "04", "05", "06", "07"}
# Roots whose missing target the coder infers: the other country of the story's dyad ("Varenia
# offered to withdraw some artillery units" in a Varenia-Ostmark story).
INFER_TARGET_ROOTS = {"02", "03", "08", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"}
# Roots whose place names their target when the text names none ("eased measures in Montenegro",
# "imposed a curfew in Algiers"): concessions, threats, protests, force and coercion happen to a place.
PLACE_TARGET_ROOTS = {"08", "13", "14", "15", "17", "18", "19", "20"}
# Of those, the roots of conflict, whose other party is also inferred from a single other country in
# the sentence; for cooperation and concessions that country was too often a third party (a
# German admiral resigning over remarks about Russia).
SENTENCE_INFER_ROOTS = {"11", "12", "13", "14", "15", "16", "17", "18", "19", "20"}
# Roots of acts only a state's authorities do (arrest, detain, ban, expel): passive without an agent,
# their source is the police of the place where they happen ("was arrested in Lebanon").
AUTHORITY_ROOTS = {"17"}
# Roots of acts done to people, whose people named only by kind are those of the place ("killed three
# civilians in Kharkiv"); a show of force moves the source's own ("massed troops near Kharkiv").
HARM_ROOTS = {"17", "18", "19", "20"}
# Roots of a reaction to a deed (praise, criticism, rejection), aimed at whoever did it.
REACTION_ROOTS = {"05", "11", "12"}
# Forces sent to a country that takes them in: CAMEO 062 "cooperate militarily".
HOSTED_FORCES_CODE = "062"
# Roots of fighting between two countries: a story that told one between them sends no forces as
# guests ("Russia sent troops to Ukraine" in a story of the invasion).
WAR_ROOTS = {"18", "19", "20"}
# Of those, the acts a state's authorities also do to their own people (arrests, assaults, mass
# violence; fighting, 19, is between armed sides).
REPRESSION_ROOTS = HARM_ROOTS - {"19"}
# Demands, concessions, protests and refusals a country's own people or groups make with no other
# party named are addressed to their government (chosen from the PLOVER odd ids).
DOMESTIC_ROOTS = {"08", "10", "11", "12", "13", "14"}
AUTHORITY_SECTORS = {"COP", "GOV", "JUD", "SPY"}
STATE_SECTORS = AUTHORITY_SECTORS | {"MIL", "LEG", None}
# Roots of force whose object may be the source's own forces, sent or moved: the means, not the target.
MEANS_ROOTS = {"15", "18", "19", "20"}
# Roots of violence, whose toll ("shelled Juba, killing 20") is part of the attack, not a second event,
# and whose unnamed doer ("a roadside bombing killed ...") CAMEO codes as the place's unidentified
# armed forces (UAF), as the PLOVER gold's dev half does.
VIOLENT_ROOTS = HARM_ROOTS - AUTHORITY_ROOTS
# CAMEO 145 "protest violently, riot": force used by protesters (lexicon protester_nouns).
VIOLENT_PROTEST_CODE = "145"
EXERCISE_CODE = "150"
HOSTAGE_CODE = "181"  # abduct, hijack, or take hostage
PROTEST_ROOT = "14"
SITE_PREPS = {"outside", "at", "near", "before", "opposite"}  # where a protest stands  # demonstrate military power: what an exercise's force is
# An actor denying its own conflict act ("Russia says it has no plans to invade Ukraine") makes a
# statement: CAMEO's denial (016), as PETRARCH codes "denied the build-up" a statement. The act itself
# stays, negated.
DENIAL_CODE = "016"
# Threats and force are denied; "did not rule out provocations" (a negated rejection) denies nothing.
DENIED_ROOTS = {"13", "15", "16", "17", "18", "19", "20"}
# A story is about a dyad when its two most mentioned countries hold this share of all country
# mentions, the second with at least this many: then an event of one with no target in its sentence
# is taken to be aimed at the other. Set on our golden examples (two-country crisis stories) and
# checked on the PLOVER odd ids, single sentences where it falls back to the sentence's countries.
DYAD_SHARE, DYAD_MIN_MENTIONS = 0.6, 2


@dataclass
class EventMatch:
    """An event found in a document."""

    source: ActorRef
    target: ActorRef | None
    cameo: str
    modality: str
    reported_by: ActorRef | None
    start: int
    end: int
    sentence: str
    confidence: float
    timex: TimexMatch | None
    location: Place | None
    trigger: str
    pattern: str | None = None  # the dictionary pattern that gave the code, as evidence
    cameo_intent: str | None = None  # CAMEO's code for an announced action ("will visit" -> 036), else None


def patterns() -> dict:
    """The hand-written lexicons (nouns, light verbs, reporting verbs, modality cues) of event_verbs.yaml."""
    return load_book(None).lexicon  # the key the coder caches the bundled book under



# -- the coder ---------------------------------------------------------------------------------------
class EventCoder:
    """spaCy component: sets doc._.events from the parse, actor mentions and time expressions."""

    def __init__(self, kb: KnowledgeBase | None = None, verbs_file: str | None = None, paired: bool = False, strict: bool = True, unlinked: bool = False) -> None:
        self.kb = kb or load_kb()
        self.book = load_book(verbs_file)
        self.paired = paired
        self.unlinked = unlinked
        if verbs_file is not None and strict:
            unknown = unknown_codes(self.book)
            if unknown:
                raise PatternFileError(
                    f"codes not in the CAMEO codebook: {', '.join(sorted(unknown)[:12])}",
                    source=verbs_file,
                    hint="event records need CAMEO codes; correct the dictionary (strict=False codes them anyway, for tests only)",
                )

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = code_events(doc, self.kb, self.book, self.paired, self.unlinked)
        return doc


def code_events(
    doc: Doc, kb: KnowledgeBase | None = None, book: PatternBook | None = None, paired: bool = False, unlinked: bool = False
) -> list[EventMatch]:
    """All events of a parsed document with actors linked (doc._.actor_mentions) and times (doc._.timexes).

    `paired`: also code the reverse of paired codes ("A visited B" gives B hosted A, 043), as
    PETRARCH does; by default only symmetric pairs (meetings, agreements) are coded both ways.
    `unlinked`: code events whose source the linker left unresolved, with a placeholder actor
    (a diagnostic that separates event-coding misses from actor-linking misses).
    """
    kb = kb or load_kb()
    book = book or load_book(None)
    coder = _SentenceCoder(doc, kb, book, paired, unlinked)
    events: list[EventMatch] = []
    for sent in doc.sents:
        events.extend(coder.code(sent))
    return _without_nominal_repeats(events)


def _without_nominal_repeats(events: list[EventMatch]) -> list[EventMatch]:
    """An event noun naming an event the story already told is not a second event.

    "Scholz will visit Moscow ... Scholz's Moscow visit", or "Russia's invasion of Ukraine" in
    every paragraph of a story: the first telling counts, a verb's before a noun's.
    """

    def key(e: EventMatch) -> tuple:
        # By country: "Russia's invasion" and "Putin's invasion" are one event.
        return (e.source.country or e.source.actor_id, (e.target.country or e.target.actor_id) if e.target else None, e.cameo[:2])

    told = {key(e) for e in events if not (e.pattern or "").startswith("event noun")}
    # "insisted on its demands that the government grant ...": a noun with no target of its own
    # repeats the verb event of its sentence with the same source and root.
    told_here = {(e.sentence, *key(e)[:1], key(e)[2]) for e in events if not (e.pattern or "").startswith("event noun")}
    out = []
    for e in events:
        if (e.pattern or "").startswith("event noun"):
            if key(e) in told or (e.target is None and (e.sentence, key(e)[0], key(e)[2]) in told_here):
                continue
            told.add(key(e))
        out.append(e)
    return out


class _SentenceCoder:
    """Codes the sentences of one document in order, remembering the last conflict triggers."""

    def __init__(self, doc: Doc, kb: KnowledgeBase, book: PatternBook, paired: bool, unlinked: bool = False) -> None:
        self.doc, self.kb, self.book, self.paired, self.unlinked = doc, kb, book, paired, unlinked
        self.timexes = timex_index(doc)  # once per document, not once per event
        lex = book.lexicon
        self.reporting = {str(v).lower() for v in lex.get("reporting_verbs") or []}
        self.soft = {str(v).lower() for v in lex.get("soft_reporting_verbs") or []}
        self.earlier: list[Trigger] = []
        self.at_war: set[frozenset[str]] = set()  # country pairs the story told fighting between, asserted
        self.dyad = _dyad(doc)
        self.topic_verbs = {str(v).lower() for v in lex.get("topic_object_verbs") or []}
        self.blind_weapons = {str(v).lower() for v in lex.get("unattributed_attack_nouns") or []}

    def code(self, sent: Span) -> list[EventMatch]:
        """The events of one sentence."""
        triggers: dict[int, Trigger] = {}
        toks = list(sent)
        for tok in toks:
            if (tok.pos_ == "VERB" or tok.pos_ == "AUX" and tok.dep_ not in {"aux", "auxpass"}) and tok.dep_ not in {"amod", "compound"}:
                trig = verb_trigger(self.book, tok)
                if trig is not None:
                    triggers[tok.i] = trig
        folded = compose_intents(self.book, triggers)
        for i, trig in list(triggers.items()):
            if trig.needs_action and not trig.composed:
                del triggers[i]  # "called Varenia's president": no appeal without what is asked
                continue
            # "decided to attack", "continued to arrive": the action is the event, its governor is not.
            if trig.family is None and not trig.composed and trig.token.pos_ in {"VERB", "AUX"} and any(
                c.dep_ == "xcomp" and c.i in triggers and c.i not in folded for c in trig.token.children
            ):
                del triggers[i]
        folded |= appeals_in_reports(self.book, triggers, self.reporting)
        used_nouns = {t.noun.i for t in triggers.values() if t.noun is not None} | folded
        # "broke off talks with Ukraine": a noun a verb's pattern matched is part of that event.
        used_nouns |= {e.i for t in triggers.values() if t.pattern is not None for e in t.evidence if e.pos_ == "NOUN"}
        for tok in toks:
            if tok.pos_ in {"NOUN", "PROPN"} and tok.i not in used_nouns and tok.i not in triggers:
                trig = noun_trigger(self.book, tok)
                if trig is not None:
                    triggers[tok.i] = trig
        no_such_plans(toks, triggers, self.earlier)
        # A verb of saying whose clause holds a coded event is not an event of its own.
        reporters: set[int] = set()
        for i, trig in triggers.items():
            if i in folded or trig.mod == "negated" and trig.src_tokens is not None:
                continue
            verb = trig.token if trig.token.pos_ in {"VERB", "AUX"} else governing_verb(trig.token)
            rep = reporting_verb(verb, self.reporting | self.soft) if verb is not None else None
            if rep is not None:
                reporters.add(rep.i)
        out: list[EventMatch] = []
        for i, trig in sorted(triggers.items()):
            if i in folded and trig.token.i == i and not trig.composed:
                continue
            if _background(self.book, trig, triggers):
                continue
            lemma = trig.token.lemma_.lower()
            if i in reporters and not trig.composed and (lemma in self.reporting or lemma in self.soft and not _direct_target(trig.token)):
                continue
            out.extend(self._events_of(sent, trig))
        self.earlier = [t for t in triggers.values() if quad_class(t.code) in {3, 4}] or self.earlier
        self.at_war |= {
            frozenset((e.source.country, e.target.country))
            for e in out
            if e.modality == "asserted" and cameo_root(e.cameo) in WAR_ROOTS and e.target is not None
            and e.source.country and e.target.country and e.source.country != e.target.country
        }
        return _dedupe(out)

    def _reporter(self, trig: Token) -> ActorRef | None:
        verb = trig if trig.pos_ in {"VERB", "AUX"} else governing_verb(trig)
        if verb is None:
            return None
        if _alleged(verb):
            # "Ostmark accused Varenia of massing troops": the massing is Ostmark's allegation.
            for subj in subjects(verb.head.head):
                found = actors_of(self.doc, subj, self.kb)
                if found:
                    return found[0][0]
        rep = reporting_verb(verb, self.reporting | self.soft) or inner_reporter(verb, self.reporting)
        if rep is None:
            return None if _beside_saying(verb, self.reporting) else _quote_speaker(self.doc, trig.idx)
        if rep.lower_ == "according":
            for pobj in prep_objects(rep, {"to"}):
                found = actors_of(self.doc, pobj, self.kb)
                if found:
                    return found[0][0]
            return None
        for subj in subjects(rep):
            found = actors_of(self.doc, subj, self.kb)
            if found:
                return found[0][0]
        return _quote_speaker(self.doc, trig.idx)

    def _roles(self, trig: Trigger) -> tuple[list[tuple[ActorRef, float]], list[tuple[ActorRef, float]]]:
        doc, kb, tok = self.doc, self.kb, trig.token
        if tok.pos_ in {"NOUN", "PROPN"} and trig.src_tokens is None:
            entry = noun_entry(self.book, tok) or {}
            src_toks, tgt_toks = noun_roles(doc, kb, tok, entry.get("compound") == "target", meeting=trig.code[:2] in {"04", "05", "14"})
            loose_src = True
        else:
            src_toks = trig.src_tokens if trig.src_tokens is not None else subjects(tok)
            tgt_toks = []
            # "Russian aircraft killed ...": a nationality adjective names the source's country, as in PETRARCH.
            loose_src = True
        sources = _unique([a for s in src_toks for a in actors_of(doc, s, kb, loose=loose_src)])
        if not sources and self.unlinked:
            sources = [(_placeholder(t), CONF_UNLINKED) for t in src_toks if t.pos_ in {"NOUN", "PROPN", "PRON"}]
        if tok.pos_ in {"NOUN", "PROPN"} and trig.src_tokens is None:
            tiers = [tgt_toks]
        elif trig.tgt_tokens is not None:
            tiers = [trig.tgt_tokens]
        else:
            tiers = target_tiers(tok, trig.noun, asks=trig.family in {"02", "10"}, topic_verbs=self.topic_verbs, reaction=cameo_root(trig.code) in REACTION_ROOTS)
            if trig.noun is not None:
                entry = noun_entry(self.book, trig.noun) or {}
                tiers.insert(3, noun_roles(doc, kb, trig.noun, entry.get("compound") == "target")[1])
        source_ids = {s[0].actor_id for s in sources}
        if self.unlinked:
            # Diagnostic: the first target word the parse offers, linked or not.
            for tier in tiers:
                found = [a for t in tier for a in actors_of(doc, t, kb, loose=True)]
                words = [t for t in tier if t.pos_ in {"NOUN", "PROPN", "PRON"}]
                if found or words:
                    return sources, _unique(found) or [(_placeholder(words[0]), CONF_UNLINKED)]
            return sources, []
        for tier in tiers:
            # The event noun's own modifier may name the other side ("agreed to US mediation"); where it names
            # the source ("had Russian cyber attacks") the source check below drops it. (An identity test meant
            # to leave the noun out never held: spaCy makes a new Token object at each access.)
            targets = [a for t in tier for a in actors_of(doc, t, kb, loose=True) if not _own(t, a[0], sources, cameo_root(trig.code))]
            targets = [t for t in _unique(targets) if t[0].actor_id not in source_ids and _informative(t[0])]
            # The source itself under another name ("the first trip by a senior Ostmark official") is no
            # target: the next tier may name one.
            targets = [t for t in targets if not (sources and _itself(sources[0][0], t[0]))]
            if sources and len(targets) > 1:
                # Of several targets, those of the source's own side are dropped ("recalled Ostmark's ambassador from Kardova").
                targets = [t for t in targets if not _same_side(sources[0][0], t[0])] or targets
            if targets:
                return sources, targets
        return sources, []

    def _events_of(self, sent: Span, trig: Trigger) -> list[EventMatch]:
        doc, kb, tok = self.doc, self.kb, trig.token
        is_noun = tok.pos_ in {"NOUN", "PROPN"}
        sources, targets = self._roles(trig)
        if not sources and not is_noun and passive(tok) and cameo_root(trig.code) in AUTHORITY_ROOTS:
            # "was arrested in Lebanon": an arrest without its agent is made by the authorities of the place.
            here, _ = location(kb, doc, tok)
            if here is not None and here.country:
                sources = [(kb.country_ref(here.country, "COP"), CONF_INFERRED_TARGET)]
        if not is_noun and cameo_root(trig.code) in VIOLENT_ROOTS:
            # "An explosion in Kharkiv killed ...": the place of a blast is not who set it off.
            sources = self._unattributed(tok) or sources
        if not sources:
            return []
        if trig.code.startswith("01") and (tok.tag_ in {"VBG", "VBN"} or infinitive(tok)):
            # "to explain Moscow's troop movements", "referring to Russians": a purpose or an aside, not a statement made.
            return []
        targets = [t for t in targets if not _itself(sources[0][0], t[0])]
        movement = trig.code[:2] in MOVEMENT_ROOTS or trig.code == WITHDRAWAL_CODE
        place, border_country = location(kb, doc, tok, movement)
        if trig.noun is not None and place is None:
            place, border_country = location(kb, doc, trig.noun, movement)
        anchor = tok if not is_noun else (governing_verb(tok) or tok)
        timex = self.timexes.get(anchor.i)
        if timex is None and not is_noun and since_clause(tok):
            return []  # dated to the day of publication it would read as news; undated it says nothing
        published = doc._.published
        # Compared as periods, not strings: "2022-W06" (last week) sorts after "2022-02-14" as text.
        future_date = after_publication(timex, str(published) if published else None)
        mod = trig.mod or modality(tok, future_date, climb=1 if trig.family is not None else MAX_CLIMB)
        if mod == "asserted" and _future_time_clause(tok):
            mod = "future"  # "will visit Kyiv on Monday before he travels to Moscow": the travel is to come too
        reporter = self._reporter(tok)
        host = None
        if cameo_root(trig.code) == "15" and not is_noun and announcement(tok) in {"will", "would", None}:
            host = self._host(tok, sources, targets, exercise=(trig.noun or tok) if trig.code == EXERCISE_CODE else None)
        hosted = host is not None
        if host is not None:
            # "The US will send 3,000 troops to Poland": forces going to a country are no threat to it,
            # unless sent on a condition ("would send troops to Ukraine if Kyiv attacked"); its host takes
            # them in, as PETRARCH's SEND codes it
            code, intent = HOSTED_FORCES_CODE, None
            targets = targets or [(kb.country_ref(host), CONF_INFERRED_TARGET)]
        else:
            code, mod, intent = self._announced(trig, trig.code, mod, reporter, sources[0][0])
        if code != trig.code and not hosted and timex is None and not is_noun:
            # "In 2014 Kadyrov declared he was ready to dispatch fighters": the threat or intent is the
            # declaring, and takes its date, not the day of publication.
            timex = self._announcement_time(tok)
        if code == trig.code and not is_noun and self._foreseeing(trig):
            code = str(self.book.lexicon["pessimistic_warnings"]["code"])  # "warned that the number is an undercount"
        if not is_noun and cameo_root(code) in {"18", "19"} and by_protesters(self.book, tok):
            code = VIOLENT_PROTEST_CODE  # "demonstrators hurled stones at police": a riot (CAMEO 145)
        if not is_noun and cameo_root(code) in {"18", "19", "20"} and in_exercise(self.book, tok):
            code = EXERCISE_CODE  # "launches a rocket during military exercises": a show of force
        if not is_noun and cameo_root(code) == "19" and tok.lemma_.lower() in self.book.words("encircling_verbs") and self._whole_country_object(tok):
            code = EXERCISE_CODE  # "Russian troops have effectively surrounded Ukraine": forces posted around a country
        if code == WITHDRAWAL_CODE:
            unarmed = self.book.lexicon.get("withdrawal_cues", {}).get("unarmed_sectors") or {}
            sector = next((x for s in sources if (x := _sector(s[0])) in unarmed), None)
            if sector is not None:
                if unarmed[sector] is None:
                    return []  # "people have left their homes to get out of the conflict": no retreat
                code = str(unarmed[sector])  # "Shell will withdraw from all joint projects with Russia"
                if not targets:
                    targets = self._left_party(tok, {s[0].actor_id for s in sources})
        root = cameo_root(code)
        if not targets and not is_noun and root in VIOLENT_ROOTS and len(sources) == 1 and sources[0][0].country and self._rebel_object(tok):
            # "accused Kyiv of shelling separatist areas": the rebels of the place, or of the shelling side's
            # country, are hit, not the accuser
            home = place.country if place is not None and place.country else sources[0][0].country
            targets = [(kb.country_ref(home, "REB"), CONF_INFERRED_TARGET)]
        if not targets and place is not None and place.country and not is_noun and root in HARM_ROOTS:
            targets = self._placed_people(tok, place.country)
        if not targets and border_country is not None and border_country not in {s[0].country for s in sources}:
            targets = [(kb.country_ref(border_country), CONF_INFERRED_TARGET)]
        if not targets and place is not None and place.country and root in PLACE_TARGET_ROOTS and place.country not in {s[0].country for s in sources}:
            # "Serbia eased emergency measures in Montenegro": where a coercion or concession happens is its target.
            targets = [(kb.country_ref(place.country), CONF_INFERRED_TARGET)]
        if not targets and root == PROTEST_ROOT and not is_noun:
            targets = self._protest_site(tok)
        domestic = len(sources) == 1 and sources[0][0].country and sources[0][0].sector not in STATE_SECTORS
        if not targets and domestic and root == PROTEST_ROOT and self._at_home(sent, sources[0][0].country, place):
            # "many Russians protesting in Moscow" over the invasion of Ukraine: people protesting at home, or
            # against their own leaders, protest to their own government, whatever other country the sentence names.
            targets = [(kb.country_ref(sources[0][0].country, "GOV"), CONF_INFERRED_TARGET)]
        if not targets and len(sources) == 1 and root in INFER_TARGET_ROOTS:
            # An accuser is often the victim: only a bystander's report keeps its country out of the inference.
            bystander = None if _alleged(tok) else reporter
            targets = self._inferred_target(sent, sources[0][0], bystander, sentence_level=root in SENTENCE_INFER_ROOTS, story_level=is_noun or root not in ADDRESSED_ROOTS or not self._unnamed_addressee(tok))
        if not targets and domestic and root in DOMESTIC_ROOTS:
            # "Young Algerians blocked roads to press their demands", "the union called off its strike": a
            # group of a country that names no other party addresses its own government (PLOVER's coding).
            targets = [(kb.country_ref(sources[0][0].country, "GOV"), CONF_INFERRED_TARGET)]
        if is_noun and not targets and trig.src_tokens is None and not _stands_alone(tok):
            return []
        if (
            not is_noun
            and tok.lemma_.lower() in self.book.words("contest_verbs")
            and all(s[0].kind == "person" for s in sources)
            and (all(t[0].kind == "person" for t in targets) if targets else any(c.dep_ == "dobj" and c.ent_type_ == "PERSON" for c in tok.children))
        ):
            return []  # "when he defeated Donald Trump in 2020": one person beating another is an election or a game
        if code == HOSTAGE_CODE and not is_noun and self._whole_country_object(tok):
            return []  # "Putin is holding Ukraine hostage": no one takes a whole country hostage but in a figure
        if root in RELATIONAL_ROOTS and not targets and len(sources) < 2 and trig.mod != "negated":
            return []
        near = [t for t in trig.evidence if abs(t.i - tok.i) <= EVIDENCE_WINDOW] or [tok]
        first, last = min(near, key=lambda t: t.i), max(near, key=lambda t: t.i)
        start, end = first.idx, last.idx + len(last)
        trigger_text = doc[first.i : last.i + 1].text  # the text from start to end, without building doc.text
        pairs: list[tuple[tuple[ActorRef, float], tuple[ActorRef, float] | None]] = []
        # "Johnson and Biden agreed": each did it with the other. Only acts two sides do together, and
        # only a few sides: "India, Pakistan, China, Iran ... have refused to cut ties with Moscow" or
        # nine leaders who "attended" are no refusals or visits among themselves.
        mutual = 1 < len(sources) <= MAX_MUTUAL_SOURCES and (
            root in MUTUAL_ROOTS or not targets and (root in RECIPROCAL_ROOTS or tok.lemma_.lower() in self.book.words("reciprocal_verbs") or _joint(self.book, tok))
        )
        for src in sources:
            if targets:
                pairs.extend((src, t) for t in targets)
            if mutual:
                # "Medinsky and the Russian delegation met with their Ukrainian counterparts": one side
                # meeting another is no meeting of its own members.
                pairs.extend((src, other) for other in sources if other[0].actor_id != src[0].actor_id and not (targets and _same_side(src[0], other[0])))
            elif not targets:
                pairs.append((src, None))
        out = []
        for src, tgt in pairs:
            codes = [(code, src, tgt)]
            if tgt is not None and trig.reverse and targets and (self.paired or trig.reverse == trig.code) and code == trig.code:
                codes.append((trig.reverse, tgt, src))
            for c, s, t in codes:
                out.append(
                    EventMatch(
                        source=s[0],
                        target=t[0] if t else None,
                        cameo=c,
                        modality=mod,
                        reported_by=reporter if reporter is not None and reporter.actor_id != s[0].actor_id else None,
                        start=start,
                        end=end,
                        sentence=sent.text,
                        confidence=_confidence(trig, s, t, mod),
                        timex=timex,
                        location=place,
                        trigger=trigger_text,
                        pattern=trig.pattern,
                        cameo_intent=intent if c == code else None,
                    )
                )
        if (
            mod == "negated"
            and cameo_root(code) in DENIED_ROOTS
            and (_own_denial(trig, reporter, sources[0][0]) or self._denies_own(tok, sources[0][0]))
            and not falsely_reported(tok)
        ):
            seen = set()
            for src, tgt in pairs:
                # The one who speaks denies: "Peskov said Russia would not invade" is Peskov's denial.
                denier = reporter or src[0]
                key = (denier.actor_id, tgt[0].actor_id if tgt else None)
                if key in seen:
                    continue
                seen.add(key)
                out.append(
                    EventMatch(
                        source=denier, target=tgt[0] if tgt else None, cameo=DENIAL_CODE, modality="asserted", reported_by=None,
                        start=start, end=end, sentence=sent.text, confidence=_confidence(trig, src, tgt, "asserted"),
                        # Made when it was reported, not on the day of the act it denies ("will not invade on Wednesday").
                        timex=None, location=None, trigger=trigger_text, pattern=f"denial of: {trig.pattern or tok.lemma_}", cameo_intent=None,
                    )
                )
        return out

    def _foreseeing(self, trig: Trigger) -> bool:
        """Whether a warning only foresees trouble: no addressee, no pattern of its own, no repercussion named."""
        verb = trig.token
        if verb.lemma_.lower() not in self.book.words("pessimistic_warnings", "verbs") or trig.pattern is not None or trig.composed:
            return False
        if cameo_root(trig.code) != "13" or any(c.dep_ in {"dobj", "dative"} for c in verb.children):
            return False
        words = self.book.words("pessimistic_warnings", "repercussions")
        # "warned that Kardova would draw its own conclusions if Ostmark kept reinforcing": a condition set
        # on the other side is coercion, whatever the words.
        conditions = self.book.words("pessimistic_warnings", "conditions")
        return not any(t.lemma_.lower() in words or t.lower_ in words or t.dep_ == "mark" and t.lower_ in conditions for t in verb.subtree if t != verb)

    def _left_party(self, verb: Token, source_ids: set[str]) -> list[tuple[ActorRef, float]]:
        """The party a company leaves: "pulled out of Russia", "withdraw from joint projects with Russia"."""
        places = prep_objects(verb, {"from", "of"}) + [p for prt in verb.children if prt.dep_ == "prt" for p in prep_objects(prt, {"of"})]
        places += [p for obj in list(places) for p in prep_objects(obj, {"with", "in"})]
        found = [a for t in places for a in actors_of(self.doc, t, self.kb, loose=True) if a[0].actor_id not in source_ids]
        return _unique(found)[:1]

    def _protest_site(self, verb: Token) -> list[tuple[ActorRef, float]]:
        """The authority a protest stands before: "protested outside the Russian embassy" is aimed at Russia's government."""
        sites = [p for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in SITE_PREPS for p in prep_objects(verb, {prep.lower_})]
        # "in front of the embassy": the site is one "of" phrase down
        sites += [o for p in prep_objects(verb, {"in"}) if p.lower_ == "front" for o in prep_objects(p, {"of"})]
        found = [a for site in sites if (a := actor(self.doc, site, self.kb)) is not None and a[0].sector in AUTHORITY_SECTORS]
        return [(ref, min(conf, CONF_INFERRED_TARGET)) for ref, conf in found[:1]]

    def _at_home(self, sent: Span, country: str, place: Place | None) -> bool:
        """Whether an act happens in its actor's own country, or its sentence names that country's government."""
        if place is not None and place.country:
            return place.country == country
        return any(
            sent.start <= m.start < sent.end and m.actor.country == country and m.actor.sector in AUTHORITY_SECTORS
            for m in self.doc._.actor_mentions or []
        )

    def _whole_country_object(self, verb: Token) -> bool:
        """Whether a verb's object is a country or a region by its name ("holding Ukraine hostage", which the
        parser may read as "Ukraine hostage")."""
        objects = [t for o in verb.children if o.dep_ == "dobj" for t in (o, *(c for c in o.children if c.dep_ == "compound"))]
        return any(s.kind == "country" for o in objects for s in self.kb.surfaces.get(entity_text(self.doc, o.i) or o.text, []))

    def _denies_own(self, tok: Token, source: ActorRef) -> bool:
        """Whether the event's own actor is the one denying it: "Russia has denied any intention to invade"."""
        verb = denying_verb(tok)
        return verb is not None and any(_same_party(a, source) for s in subjects(verb) for a, _ in actors_of(self.doc, s, self.kb))

    def _placed_people(self, verb: Token, country: str) -> list[tuple[ActorRef, float]]:
        """ "killed three civilians in Kharkiv", "detained protesters in Moscow": people named only by their
        kind are those of the event's place (CAMEO's UKRCVL, RUSCVL)."""
        out = []
        for obj in (c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}):
            for t in [obj, *obj.conjuncts]:
                m = mention_at(self.doc, t)
                if m is not None and m.actor.sector and generic(m.actor):
                    out.append((self.kb.country_ref(country, m.actor.sector), CONF_INFERRED_TARGET))
        return _unique(out)

    def _unattributed(self, verb: Token) -> list[tuple[ActorRef, float]]:
        """ "A roadside bombing near Samarra killed a soldier": a blast no one is named for is the unidentified armed forces (UAF) of its place."""
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None and passive(verb) and not any(c.dep_ == "agent" for c in verb.children):
            # "civilians have been killed in a suicide car bombing in Baghdad": the blast is in a phrase.
            subj = next((p for c in verb.children if c.dep_ == "prep" and c.lower_ in {"in", "by"} for p in c.children if p.dep_ == "pobj"), None)
        if subj is None or subj.lemma_.lower() not in self.blind_weapons or actor(self.doc, subj, self.kb, loose=True):
            return []
        here, _ = location(self.kb, self.doc, subj, movement=True)
        if here is None:
            here, _ = location(self.kb, self.doc, verb)
        if here is None or not here.country:
            return []
        return [(self.kb.country_ref(here.country, "UAF"), CONF_INFERRED_TARGET)]

    def _host(self, verb: Token, sources: list[tuple[ActorRef, float]], targets: list[tuple[ActorRef, float]], exercise: Token | None = None) -> str | None:
        """The country forces are sent to when it is the very country that is the target ("send troops to
        Poland"), not a border or a front of it ("to the border with Ukraine", "to Ukraine's border"), nor a
        country the story told the sender fighting; with `exercise` (the verb or its light noun, "drills"),
        also the country exercises are held in ("will hold drills in Belarus"), which CAMEO's 062 names
        joint exercises."""
        countries = {t[0].country for t in targets if t[0].country}
        source = next((s.country for s, _ in sources if s.country), None)
        heads = [verb] if exercise is None else [verb, exercise]
        preps = {"to"} if exercise is None else {"to", "in"}
        for prep in (c for h in heads for c in h.children):
            if prep.dep_ not in {"prep", "dative"} or prep.lower_ not in preps:
                continue
            for pobj in prep.children:
                # the state itself, named as such: "to Crimea" or "to Kharkiv" is a place in a country, no host
                if pobj.dep_ != "pobj" or any(c.lower_ in COMPASS_WORDS for c in pobj.children):
                    continue  # "to eastern Ukraine" is a part of the country, entered
                name = (entity_text(self.doc, pobj.i) or pobj.text).removeprefix("the ")
                for x in self.kb.surfaces.get(name, []):
                    named = x.kind == "country" and (x.key in countries or prep.lower_ == "in" and not countries)
                    # an enemy takes no guests
                    if named and x.key != source and frozenset((source, x.key)) not in self.at_war:
                        return x.key
        return None

    def _rebel_object(self, verb: Token) -> bool:
        """Whether a verb's object is held or peopled by rebels ("shelling separatist areas", "rebel-held towns")."""
        words = self.book.words("rebel_modifiers")
        return any(
            t.lower_ in words or t.lower_.split("-")[0] in words  # "rebel-held" may come as "rebel - held"
            for obj in verb.children
            if obj.dep_ == "dobj"
            for m in obj.children
            if m.dep_ in {"amod", "compound"}
            for t in m.subtree
        )

    def _unnamed_addressee(self, verb: Token) -> bool:
        """Whether a verb is addressed to people it names only by kind ("warned other countries", "warned
        citizens against marching"): its other party is those people, not the story's other country."""
        for obj in (c for c in verb.children if c.dep_ in {"dobj", "dative"}):
            m = mention_at(self.doc, obj)
            if m is not None and generic(m.actor) or m is None and obj.lemma_.lower() in self.book.words("unnamed_parties"):
                return True
        return False

    def _inferred_target(self, sent: Span, source: ActorRef, reporter: ActorRef | None, sentence_level: bool, story_level: bool = True) -> list[tuple[ActorRef, float]]:
        """The other party of an event that names none: the one other country of the sentence, else of the story's
        dyad (`story_level`)."""
        # The reporter's country is not the other party ("Washington warned that Russia was ready to strike");
        # a news outlet's is no party at all ("..., the Washington Post reported").
        skip = {source.country, reporter.country if reporter is not None and reporter.sector != MEDIA_SECTOR else None}
        others = {k: v for k, v in sentence_countries(self.doc, sent, self.kb).items() if k not in skip}
        if len(others) == 1 and sentence_level:
            return [(next(iter(others.values())), CONF_INFERRED_TARGET)]
        if story_level and not others and self.dyad is not None and source.country is not None and source.country in self.dyad:
            other = self.dyad[1] if source.country == self.dyad[0] else self.dyad[0]
            return [(self.kb.country_ref(other), CONF_INFERRED_TARGET * CONF_INFERRED_TARGET)]
        return []

    def _announced(self, trig: Trigger, code: str, mod: str, reporter: ActorRef | None, source: ActorRef) -> tuple[str, str, str | None]:
        """CAMEO's reading of an action its actor announces: a refusal (12), a threat (13), an intent (03)."""
        if trig.composed or trig.family is not None or trig.token.pos_ not in {"VERB", "AUX"} or cameo_root(code) in {"01", "02", "10", "12", "13"}:
            return code, mod, None
        own = reporter is None or _same_party(reporter, source)
        if own and reporter is None and not self._own_clause(trig.token, source):
            return code, mod, None  # "Ukraine expects that Russia will attack": a forecast by another, no threat
        kind = announcement(trig.token)
        if kind is None or not own:
            return code, mod, None
        conflict = quad_class(code) in {3, 4}
        if cameo_root(code) == "03" and kind != "refusal":
            return code, mod, None
        if kind == "refusal":
            if conflict:
                # "will not attack" is no refusal of anything: the attack stays, negated.
                return code, mod, None
            new = compose(self.book, "12", code)
            return (new, "asserted", new) if new else (code, mod, None)
        if mod == "negated":
            return code, mod, None  # "Russia has denied that it is planning to invade": a denial, no threat
        if kind == "readiness":
            new = compose(self.book, "13" if conflict else "03", code)
            return (new, "asserted", new) if new else (code, mod, None)
        if conflict or kind == "unless":
            # "would retaliate against Ostmark", "will withdraw unless ...": a threat.
            new = compose(self.book, "13", code)
            return (new, "asserted", new) if new else (code, mod, None)
        if kind == "if":
            new = compose(self.book, "03", code)
            return (new, "asserted", new) if new else (code, mod, None)
        # "Scholz will visit Moscow": kept as the visit, future; CAMEO would say intent to meet (036).
        return code, mod, compose(self.book, "03", code)


    def _announcement_time(self, tok: Token) -> TimexMatch | None:
        """The time of the clause that announces an action ("declared [in 2014] he was ready to ...")."""
        for _ in range(MAX_CLIMB):
            if tok.head == tok or tok.dep_ not in ANNOUNCED_DEPS:
                return None
            tok = tok.head
            if tok.i in self.timexes:
                return self.timexes[tok.i]
        return None

    def _own_clause(self, tok: Token, source: ActorRef) -> bool:
        """Whether a clause ("Russia will attack") is told by its own actor, not held by another ("Ukraine expects", "many fear")."""
        while tok.dep_ in {"xcomp", "conj"} and tok.head != tok and tok.head.pos_ in {"VERB", "AUX"}:
            tok = tok.head  # "the West fears Moscow is planning to invade": the clause is the plan's
        if tok.dep_ != "ccomp" or tok.head.pos_ not in {"VERB", "AUX", "ADJ"}:
            return True
        verb = tok.head
        if verb.pos_ == "ADJ" and verb.dep_ == "acomp":
            verb = verb.head  # "officials are worried Putin will use ...": the fear is the subject's of "are"
        holder = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if holder is None and verb.dep_ == "conj":  # "is watching TV and is hoping ...": the first verb's subject
            holder = next((c for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if holder is None or holder.lower_ in {"it", "there"}:
            return True
        m = mention_at(self.doc, holder)
        if m is None:
            # "Western nations say they will impose sanctions": a sayer the linker misses speaks of itself;
            # "many fear Russia will invade" holds a forecast.
            return verb.lemma_.lower() in cues()["plain_reporting"]
        return m.actor.actor_id == source.actor_id or m.actor.country is not None and m.actor.country == source.country


def _beside_saying(verb: Token, reporting: set[str]) -> bool:
    """Whether an event's clause is coordinated with a saying, not inside what is said: "Western officials
    say an invasion could be imminent, but Russia has denied any intention to invade" (the denial is
    Russia's own, whatever span a quotation finder gave the officials)."""
    tok = verb
    for _ in range(MAX_CLIMB):
        if tok.dep_ == "conj" and tok.head.lemma_.lower() in reporting and any(c.dep_ == "nsubj" for c in tok.children):
            return True
        if tok.head == tok or tok.dep_ in {"ccomp", "parataxis"}:
            return False
        tok = tok.head
    return False


def _own_denial(trig: Trigger, reporter: ActorRef | None, source: ActorRef) -> bool:
    """Whether a negated act is denied by its own actor ("Moscow has said it has no such plans", "Peskov
    said Russia would not invade"), not told as not done ("Russia did not attack on Monday") or by another."""
    if trig.mod == "negated" and trig.src_tokens is not None:
        return True  # "it has no such plans": the owner of the plans speaks
    return reporter is not None and _same_party(reporter, source)


def _sector(ref: ActorRef) -> str | None:
    """An actor's sector, multinationals (CAMEO's MNC codes) included; a person of no known role is a civilian."""
    if ref.sector:
        return ref.sector
    code = ref.code or ""
    if code.startswith("MNC"):
        return "MNC"
    if len(code) > 3 or code and code != ref.country:
        return code[-3:]  # "ELI", "IGOUNO": a role the code gives
    return "CVL" if ref.kind == "person" else None


def _same_party(a: ActorRef, b: ActorRef) -> bool:
    """Whether two actors are one party: the same actor, or of the same country ("the Kremlin" and "Russia")."""
    return a.actor_id == b.actor_id or a.country is not None and a.country == b.country


def _confidence(trig: Trigger, src: tuple[ActorRef, float], tgt: tuple[ActorRef, float] | None, mod: str) -> float:
    """An event's confidence: its trigger's, times its actors' (no target counts as CONF_NO_TARGET), lower when not asserted."""
    conf = trig.confidence * min(src[1], tgt[1] if tgt else CONF_NO_TARGET) * (1.0 if mod == "asserted" else CONF_NOT_ASSERTED)
    return round(max(0.05, min(conf, 1.0)), 3)


def _joint(book: PatternBook, tok: Token) -> bool:
    """Whether an act is told as done together: "held joint drills", "patrolled jointly", "accused each
    other", "delayed their meeting" (a meeting of the subjects')."""
    words = book.words("joint_words")
    objects = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}] + ([tok] if tok.pos_ in {"NOUN", "PROPN"} else [])
    objects += [p for c in tok.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    for o in objects:
        if o.lower_ in {"other", "another"} and any(c.lower_ in {"each", "one"} for c in o.children):
            return True
        for c in o.children:
            if c.dep_ in {"amod", "compound"} and c.lower_ in words:
                return True
            if c.dep_ == "poss" and c.lower_ == "their" and o.lemma_.lower() in book.words("relation_nouns"):
                return True
    return any(c.dep_ == "advmod" and c.lower_ in words for c in tok.children)


def _future_time_clause(verb: Token) -> bool:
    """Whether a present-tense clause of time tells of what is to come: "before it invades", "until they
    withdraw", or "when they meet" on a verb in the future."""
    if verb.tag_ not in {"VBZ", "VBP"}:
        return False
    marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
    # "The moment Russia starts a war, ...": a noun of time opens the clause as "when" does, parsed
    # either as the clause's modifier or as the noun its clause describes.
    time_nouns = {"moment", "minute", "instant", "day", "second"}
    if any(c.dep_ == "npadvmod" and c.lemma_.lower() in time_nouns and c.i < verb.i for c in verb.children):
        marks.add("when")
    if verb.dep_ == "relcl" and verb.head.lemma_.lower() in time_nouns and verb.head.dep_ == "npadvmod":
        marks.add("when")
        main = verb.head.head
    elif verb.dep_ == "advcl":
        main = verb.head
    elif verb.dep_ == "ROOT" and marks:
        # "Once Russia invades Ukraine, sanctions will follow", parsed with the main clause under the condition
        under = next((c for c in verb.children if c.dep_ in {"ccomp", "conj"} and c.i > verb.i), None)
        if under is None:
            return False
        main = under
    else:
        return False
    if marks & {"before", "until"}:
        return True  # "rallying democracies to stand up to Russia before it invades Ukraine": not yet
    if not marks & {"after", "when", "once", "as"}:
        return False
    return any(c.dep_ == "aux" and c.lower_ in {"will", "shall", "'ll"} for c in main.children)


def _dyad(doc: Doc) -> tuple[str, str] | None:
    """The two countries a story is about, when its country mentions are dominated by two."""
    counts: dict[str, int] = {}
    for m in doc._.actor_mentions or []:
        if m.actor.country:
            counts[m.actor.country] = counts.get(m.actor.country, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) < 2:
        return None
    total = sum(counts.values())
    (a, na), (b, nb) = ranked[0], ranked[1]
    if nb >= DYAD_MIN_MENTIONS and (na + nb) / total >= DYAD_SHARE:
        return a, b
    return None


def _habitual(verb: Token) -> bool:
    """A habit, no event of a day: "Russia routinely holds exercises", "they have always moved forces
    back and forth". The past ("often shelled the town in 2021") tells a series of events and stays;
    the caller keeps words ("has always denied"), a stance restated."""
    if not any(c.dep_ == "advmod" and c.lower_ in cues()["habitual_adverbs"] for c in verb.children):
        return False
    return verb.tag_ in {"VBZ", "VBP"} or verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in {"has", "have", "'ve"} for c in verb.children)


def _background(book: PatternBook, trig: Trigger, triggers: dict[int, Trigger]) -> bool:
    """Whether a trigger only describes or follows from another: not an event of its own.

    "Hamas, which advocates ...", "the channel disputed by A and B": a clause that describes a noun;
    "blocked roads to press their demands": the purpose of a coded action; "shelled Juba, killing 20":
    the toll of a coded attack. Chosen from the PLOVER odd ids, whose gold codes one event a sentence.
    """
    tok = trig.token
    if trig.composed or trig.src_tokens is not None:
        return False
    if tok.pos_ in {"NOUN", "PROPN"}:
        # "references to past US invasions", "previous attacks": history cited, not news
        return _topic_noun(book, tok) or any(c.dep_ == "amod" and c.lower_ in book.words("past_modifiers") for c in tok.children)
    if tok.pos_ not in {"VERB", "AUX"}:
        return False
    head = tok.head
    if any(c.dep_ == "aux" and c.lower_ == "having" for c in tok.children):
        return True  # "having already invaded Crimea": a prior event cited as a reason
    if quad_class(trig.code) in {2, 4} and _habitual(head if tok.dep_ == "conj" else tok):
        return True
    if tok.dep_ == "relcl" and head.pos_ == "NOUN" and head.ent_type_ not in {"DATE", "TIME"} and (
        head.lemma_.lower() in cues()["manner_nouns"] or head.dep_ == "pobj" and head.head.lower_ in cues()["topic_prepositions"]
    ):
        # "complaints about the way it moves its forces", "talks about the weapons the US sent": the
        # clause describes a topic, as the topic's own event noun would ("since 2014, when Varenia
        # seized the island" dates its event and stays)
        return True
    if tok.dep_ == "pcomp" and head.lower_ == "as" and tok.tag_ == "VBG":
        return True  # "decried the alliance as threatening Moscow": a characterisation, not an act
    lead = head if tok.dep_ == "conj" else tok
    if lead.dep_ == "advcl" and lead.tag_ == "VBN" and lead.i < lead.head.i and not any(c.dep_ in {"nsubj", "nsubjpass", "agent", "aux", "mark"} for c in lead.children):
        # "Disgraced and destroyed, Zakharova wrote": a fronted participle tells what befell the
        # subject, who is no doer of it; with "by" its doer is named and it stays an event.
        return True
    up = tok
    for _ in range(3):
        if up.dep_ == "pcomp" and up.tag_ == "VBG" and up.head.lower_ in cues()["topic_prepositions"]:
            # "the alarm about Russia invading Ukraine", "about China watching Russia invade": the topic, as with event nouns
            return True
        if up.dep_ not in {"ccomp", "xcomp"}:
            break
        up = up.head
    if tok.dep_ == "relcl" and any(c.dep_ in {"nsubj", "nsubjpass"} and c.tag_ in {"WDT", "WP"} for c in tok.children):
        return True  # "which advocates", "who has vowed"; "a plan Ostmark rejected" is news of its own
    if tok.dep_ == "acl" and tok.tag_ in {"VBN", "VBG"} and head.lemma_.lower() not in INTENT_NOUNS | DOCUMENT_NOUNS:
        return True
    if tok.dep_ != "advcl" or any(c.dep_ == "mark" for c in tok.children) or head.i not in triggers:
        return False
    if infinitive(tok):
        return True  # a purpose
    return tok.tag_ == "VBG" and cameo_root(trig.code) in VIOLENT_ROOTS and cameo_root(triggers[head.i].code) in VIOLENT_ROOTS


def _topic_noun(book: PatternBook, noun: Token) -> bool:
    """Whether an event noun is the topic or backdrop of its clause ("talks over its buildup", "amid the
    invasion", "united against Russian aggression"): a reference to an event told elsewhere, not a report.

    Counted as news, these references repeat a standing fact in every article that mentions it (the
    build-up in each story of February 2022), which is GDELT's best-known bias.
    """
    while noun.dep_ == "conj" and noun.head != noun:
        noun = noun.head
    if noun.dep_ == "compound" and noun.head.pos_ == "NOUN":
        head = noun.head
        return head.lemma_.lower() not in cues()["measure_nouns"] and noun_entry(book, head) is None
    part = noun
    while part.dep_ == "pobj" and part.head.lower_ == "of" and part.head.head.pos_ in {"PRON", "DET", "NUM"}:
        part = part.head.head  # "any of Russia's demands"
    if part.dep_ == "pobj" and part.head.lower_ == "to" and part.head.head.lemma_.lower() in cues()["reply_words"]:
        return True  # "a written response to Russia's demands", "accede to its demands": the demands were made before
    return noun.dep_ == "pobj" and noun.head.lower_ in cues()["topic_prepositions"]


def _same_side(source: ActorRef, target: ActorRef) -> bool:
    """Whether a target belongs to the source's own country ("Ostmark recalled Ostmark's ambassador")."""
    return source.country is not None and source.country == target.country


def _own(tok: Token, target: ActorRef, sources: list[tuple[ActorRef, float]], root: str | None = None) -> bool:
    """A source's own people or things ("withdrew its troops", "its own villages", "massed troops") are not its target."""
    if not target.country or not any(s[0].country == target.country for s in sources):
        return False
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children):
        return True
    if root in MEANS_ROOTS and target.sector == "MIL" and any(s[0].country == target.country and s[0].sector in {None, "GOV"} for s in sources):
        return True  # "Putin ordered Russian troops into eastern Ukraine": his forces are the means, not the target
    m = mention_at(tok.doc, tok)
    # A state's authorities do coerce and assault their own people ("Russian police detained protesters").
    repression = root in REPRESSION_ROOTS and sources[0][0].sector in AUTHORITY_SECTORS and target.sector not in STATE_SECTORS
    # "Rebels fought with government troops in Mali": in a fight, rebels and the state's forces are two sides
    # of one country (sent or backed, "denied sending troops to the rebels", the rebels' country is no more
    # than the sentence's one country)
    rebellion = root in WAR_ROOTS and (sources[0][0].sector == "REB") != (target.sector == "REB")
    return m is not None and m.via == "context" and not repression and not rebellion


def _itself(source: ActorRef, target: ActorRef) -> bool:
    """A country acting on itself, or a body on its own kind ("Russia ... Russia"), is no target."""
    if source.country is None or source.country != target.country:
        return False
    return (source.kind == "country" and target.kind == "country") or (source.sector is not None and source.sector == target.sector)


def _alleged(tok: Token) -> bool:
    """Whether a verb is the allegation of an accusation ("accused Varenia of massing troops")."""
    return tok.dep_ == "pcomp" and tok.head.head.lemma_.lower() in ACCUSING


def _placeholder(tok: Token) -> ActorRef:
    """An actor the linker did not resolve, named by its words (diagnostics only: `unlinked=True`)."""
    words = " ".join(t.text for t in tok.subtree if t.i <= tok.i)[:60]
    return ActorRef(name=words, actor_id=f"unlinked-{tok.i}", kind="group", country=None, sector=None, code=None)


def _informative(target: ActorRef) -> bool:
    """A body the linker knows nothing about ("the Palais des Nations") is no target."""
    return target.kind != "organization" or bool(target.country or target.code)


def _unique(found: list[tuple[ActorRef, float]]) -> list[tuple[ActorRef, float]]:
    seen: set[str] = set()
    out = []
    for ref, conf in found:
        if ref.actor_id not in seen:
            seen.add(ref.actor_id)
            out.append((ref, conf))
    return out




def _quote_speaker(doc: Doc, start: int) -> ActorRef | None:
    for q in doc._.quotes or []:
        if q.start <= start < q.end and q.speaker is not None:
            return q.speaker
    return None


def _direct_target(verb: Token) -> bool:
    return any(c.dep_ in {"dobj", "dative"} for c in verb.children)


def _stands_alone(noun: Token) -> bool:
    """An event noun without a target is still news as the subject or object of a clause ("the build-up continued")."""
    return noun.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "attr"}


def _dedupe(events: list[EventMatch]) -> list[EventMatch]:
    seen: set[tuple] = set()
    out = []
    for e in events:
        key = (e.source.actor_id, e.target.actor_id if e.target else None, e.cameo, e.start)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


@lru_cache(maxsize=512)
def _codebook_fields(code: str) -> tuple:
    entry = lookup(code)
    return (("cameo", code), ("cameo_root", entry.root), ("plover", entry.plover), ("plover_mode", entry.plover_mode), ("goldstein", entry.goldstein), ("quad_class", entry.quad_class))


def codebook_fields(code: str, intent: str | None = None, modality: str | None = None) -> dict:
    """The record fields that follow from a CAMEO code; PLOVER's type follows the announced intent, if any.

    PLOVER codes an announced action by what it announces ("will visit Moscow" is AGREE, "will
    attack" THREATEN), and "all cooperative actions reported in future tense" as AGREE, whoever
    reports them; CAMEO keeps the action's own code with its modality.
    """
    fields = dict(_codebook_fields(code))
    if intent:
        said = _codebook_fields(intent)
        fields.update({k: v for k, v in said if k in {"plover", "plover_mode"}})
    elif modality == "future" and fields["plover"] and fields["quad_class"] in {1, 2}:
        fields.update(plover="AGREE", plover_mode=None)
    return fields
