"""Event triggers: the verbs, light-verb phrases and nouns of a sentence that carry an event, with their CAMEO code.

A verb is coded by the verb-pattern dictionary (nlp/event_patterns.py); a light verb by the event
noun it carries ("held talks", "imposed sanctions"); an event noun by its own entry ("Russia's
build-up"). A verb of intent, appeal, demand, refusal or threat takes its code from the action it
governs ("urged Russia to pull back" is 0256). Who acts and on whom is decided afterwards, in
nlp/events.py, from the roles of nlp/event_roles.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .codebook import lookup
from .event_patterns import (
    Coding,
    PatternBook,
    base_forms,
    code_verb,
    compose,
    family_of,
    participle_adjective,
    relative_object,
)
from .event_roles import subjects
from .modality import cues, infinitive
from .quote_clauses import RELATIVE_PRONOUNS

# Prepositions through which a verb of intent governs its action: "called for talks", "agreed to a ceasefire".
COMPOSE_PREPS = {"for", "to", "on"}
# Auxiliaries that make a reported clause a demand ("X said Y must step back", CAMEO 10) or an
# appeal ("should", CAMEO 02): PLOVER calls demands "stronger or more forceful" than appeals.
APPEAL_AUX = {"must": "10", "should": "02", "ought": "02"}
# The CAMEO roots whose codes name an action to come: appeal, intent, demand, refusal, threat.
INTENT_ROOTS = {"02", "03", "10", "12", "13"}
# CAMEO 0874 "retreat or surrender militarily": force posture told in reverse (lexicon withdrawal_cues).
WITHDRAWAL_CODE = "0874"
# Forces sent to protect or reinforce someone: CAMEO "provide military protection or peacekeeping".
PROTECTION_CODE = "074"
# A refusal to say, comment or confirm is CAMEO 011 "decline comment", no rejection (12).
REFUSAL_FAMILY, DECLINE_COMMENT_CODE = "12", "011"
# CAMEO 154 "mobilize or increase armed forces": forces moved up to a border.
BUILD_UP_CODE = "154"
# Confidence of a trigger: a specific pattern is more reliable than a verb's default code, an
# explicit target more than none or an inferred one. Set by hand on the PLOVER odd ids and our
# golden examples, where pattern-coded events were right about 0.8 of the time and defaults 0.6.
CONF_PATTERN, CONF_DEFAULT, CONF_NOUN = 0.85, 0.7, 0.6


@dataclass
class Trigger:
    """A coded trigger before its actors are attached."""

    token: Token  # the verb or noun that carries the event
    code: str
    reverse: str | None
    evidence: list[Token]
    pattern: str | None
    confidence: float
    noun: Token | None = None  # the event noun of a light-verb phrase or a nominal event
    family: str | None = None  # 02/03/10/12/13 for verbs of appeal, intent, demand, refusal, threat
    src_tokens: list[Token] | None = None  # who acts, when the parse around the trigger does not say
    tgt_tokens: list[Token] | None = None
    mod: str | None = None  # a modality fixed by the construction ("no such plans": negated)
    composed: bool = False
    needs_action: bool = False  # a call with neither a party to phone nor an action asked for is no event


# -- triggers ----------------------------------------------------------------------------------------
def noun_entry(book: PatternBook, noun: Token) -> dict | None:
    nouns = book.lexicon.get("nouns") or {}
    entry = nouns.get(noun.lemma_.lower()) or nouns.get(noun.lower_)
    if entry is None and noun.i >= 2 and noun.doc[noun.i - 1].text == "-":
        # spaCy splits "build-up" into three tokens; the noun is the last.
        entry = nouns.get(f"{noun.doc[noun.i - 2].lower_}-{noun.lower_}")
    if entry is None:
        return None
    entry = entry if isinstance(entry, dict) else {"code": str(entry)}
    senses = entry.get("by_context")
    if senses:
        # The noun's modifiers and the verb it hangs on ("hunger strike", "went on strike") pick its sense.
        verb = governing_verb(noun)
        context = [c.lemma_.lower() for c in noun.children if c.dep_ in {"amod", "compound", "poss"}]
        context += [verb.lemma_.lower()] if verb is not None else []
        code = next((senses[w] for w in context if w in senses), None)
        if code is not None:
            return {**entry, "code": str(code)}
    # A noun with no sense of its own ("operation") is an event only where its context says which.
    return entry if entry.get("code") is not None else None


def _light_noun(book: PatternBook, verb: Token) -> tuple[Token, str, bool] | None:
    """The event noun a light verb carries ("held talks", "imposed sanctions"), its code, and whether the table names it."""
    light = book.lexicon.get("light_verbs") or {}
    lemma = verb.lemma_.lower()
    if lemma not in light:
        lemma = next((b for b in base_forms(verb.text) if b in light), lemma)
    if lemma not in light:
        return None
    table = light[lemma] or {}
    antecedent = relative_object(verb)
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"} and c.lower_ not in RELATIVE_PRONOUNS]
    for obj in objects + ([antecedent] if antecedent is not None else []):
        # "a package of sanctions", "a round of talks": the event noun sits under a measure word.
        # "a mediation effort": or it modifies a generic head noun.
        heads = [obj, *[p for prep in obj.children if prep.dep_ == "prep" and prep.lower_ == "of" for p in prep.children if p.dep_ == "pobj"]]
        if obj.lemma_.lower() in book.words("generic_event_heads"):
            heads += [c for c in obj.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
        for noun in heads:
            code = table.get(noun.lemma_.lower()) or table.get(noun.lower_)
            if code:
                return noun, str(code), True
            entry = noun_entry(book, noun)
            if entry is not None and table.get("*"):
                return noun, str(entry["code"]), False
    return None


def verb_trigger(book: PatternBook, verb: Token) -> Trigger | None:
    lemma = verb.lemma_.lower()
    if not book.entries(lemma, verb.lower_) and lemma not in (book.lexicon.get("light_verbs") or {}) and not any(
        b in (book.lexicon.get("light_verbs") or {}) for b in base_forms(verb.text)
    ):
        return None
    if verb.tag_ == "VBG" and verb.dep_ == "pcomp" and any(
        c.dep_ == "dobj" and c.i == verb.i + 1 and c.lemma_.lower() in book.words("gerund_compound_nouns")
        and not any(g.dep_ in {"det", "amod", "compound", "poss", "nummod"} for g in c.children)
        for c in verb.children
    ):
        return None  # "moved rocket launchers into firing position": a noun read as a verb and its object
    if participle_adjective(verb):
        return None  # "hit Russia with punishing sanctions": a word of the noun, no act of punishing
    if lemma in book.words("naming_verbs") and any(c.dep_ == "oprd" for c in verb.children):
        return None  # "called it a baseless slur": a naming, not a call or an appeal
    if lemma in book.words("assertive_demand_verbs") and _indicative_clause(book, verb):
        return None  # "insisted that the rhetoric is not true": a claim, no demand; its clause is coded as reported
    if lemma in book.words("complement_required_verbs") and _bare(verb):
        return None  # "his reputation declines": a fall, no refusal
    if lemma in book.words("question_verbs") and _question(verb):
        return None  # "'Do you see any scenario ...?' Bash asked Blinken", "asked him about the sanctions": a question, no appeal
    # An inherited subject ("forces continuing to arrive") is part of what the patterns see before the verb.
    inherited = [t for s in subjects(verb) if s.head != verb for t in s.subtree if t.i < verb.i]
    coding: Coding | None = code_verb(book, verb, inherited)
    light = _light_noun(book, verb)
    if light is not None and (light[2] or coding is None or coding.pattern is None or coding.code is None or light[0] not in coding.matched):
        noun, code, _ = light
        if code.startswith("15") and _withdrawn(book, verb):
            code = WITHDRAWAL_CODE
        elif code.startswith("15") and _protective(book, verb):
            code = PROTECTION_CODE
        return Trigger(verb, code, None, [verb, noun], f"light verb: {verb.lemma_} + {noun.lemma_}", CONF_PATTERN, noun=noun)
    family = family_of(book, verb.lemma_.lower(), coding)
    if coding is not None and coding.code is None and family is not None and coding.pattern is None:
        # "have sworn to fight": a verb of intent coded only through the action it governs.
        needs = (lemma in book.object_required or lemma in book.words("action_required_verbs")) and len(coding.verb.words) == 1
        return Trigger(verb, f"{family}0", None, [verb], None, CONF_DEFAULT, family=family, needs_action=needs)
    if coding is None or coding.code is None:
        bare = (book.lexicon.get("bare_verb_codes") or {}).get(lemma)
        if bare is not None and _bare(verb):
            return Trigger(verb, str(bare), None, [verb], f"bare verb: {lemma}", CONF_DEFAULT)
        return None
    conf = CONF_PATTERN if coding.pattern is not None else CONF_DEFAULT
    near = [t for t in coding.matched if abs(t.i - verb.i) <= 4]
    code = WITHDRAWAL_CODE if coding.code.startswith("15") and _withdrawn(book, verb) else coding.code
    if code == WITHDRAWAL_CODE and _toward_border(book, verb):
        code = BUILD_UP_CODE  # "accuses Russia of pulling troops to the border": forces come, not go
    needs = family is not None and coding.pattern is None and lemma in book.words("action_required_verbs")
    return Trigger(verb, code, coding.reverse, [verb, *near], coding.pattern.text if coding.pattern else None, conf, family=family, needs_action=needs)


def _toward_border(book: PatternBook, verb: Token) -> bool:
    """Whether a verb moves something to a border ("pulling troops to the border with Ukraine"); "withdrawing
    near the border" is where the withdrawal is."""
    return any(
        c.dep_ == "prep" and c.lower_ in TOWARD_PREPS - {"near"} and any(p.lower_ in book.words("withdrawal_cues", "origins") for p in c.children if p.dep_ == "pobj")
        for c in verb.children
    )


def _bare(verb: Token) -> bool:
    """Whether a verb stands without object, complement or passive ("The minister accepted, according to ...")."""
    return all(c.dep_ in BARE_DEPS or c.dep_ == "prep" and (c.lower_ == "according" or _of_time(c)) for c in verb.children)


def _of_time(prep: Token) -> bool:
    """Whether a prepositional phrase tells only when ("on Thursday", "in March")."""
    objs = [p for p in prep.children if p.dep_ == "pobj"]
    return bool(objs) and all(p.ent_type_ in TIME_ENTS for p in objs)


def _indicative_clause(book: PatternBook, verb: Token) -> bool:
    """Whether a verb's "that" clause states a fact ("insisted the talks were over") rather than asks
    for one ("insisted that NATO must stop", "insisted that they withdraw")."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None:
        return False
    auxes = {c.lower_ for c in clause.children if c.dep_ in {"aux", "auxpass"}}
    if auxes & book.words("obligation_aux"):
        return False
    return clause.tag_ in {"VBD", "VBZ"} or bool(auxes & book.words("indicative_aux"))


def _question(verb: Token) -> bool:
    """Whether a verb of asking asks a question rather than for something: it follows a question mark
    or asks "about" something, and asks nobody to do anything."""
    if any(c.dep_ in {"xcomp", "ccomp"} for c in verb.children) or any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children):
        return False
    if any(c.dep_ == "prep" and c.lower_ == "about" for c in verb.children):
        return True
    # The question may end the sentence before: '"... involved?" Bash asked Blinken.'
    return any(t.text == "?" for t in verb.doc[max(verb.sent.start - 2, 0) : verb.i])


def by_protesters(book: PatternBook, verb: Token) -> bool:
    """Whether a verb's subject is protesters ("demonstrators", "thousands of protesters", "the crowd")."""
    nouns = book.words("protester_nouns")
    for subj in (c for c in verb.children if c.dep_ == "nsubj"):
        heads = [subj, *(p for prep in subj.children if prep.dep_ == "prep" and prep.lower_ == "of" for p in prep.children if p.dep_ == "pobj")]
        if any(h.lemma_.lower() in nouns for h in heads):
            return True
    return False


def in_exercise(book: PatternBook, verb: Token) -> bool:
    """Whether a verb's act is told as part of an exercise ("launched a rocket during military exercises")."""
    nouns = book.words("exercise_nouns")
    places = [p for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in {"during", "in", "at", "as"} for p in prep.children if p.dep_ == "pobj"]
    # "launched missiles as part of strategic nuclear drills": the exercise is the part's whole
    places += [w for p in places if p.lower_ == "part" for o in p.children if o.dep_ == "prep" and o.lower_ == "of" for w in o.children if w.dep_ == "pobj"]
    return any(p.lemma_.lower() in nouns or p.lower_ in nouns for p in places)


# All a bare verb may govern: its subject, auxiliaries, adverbs, punctuation, joined clauses. Anything
# else ("will not accept week after week of ...", "accepted in principle") is something accepted.
TIME_ENTS = {"DATE", "TIME"}
BARE_DEPS = {"nsubj", "aux", "neg", "punct", "advmod", "cc", "conj", "mark", "advcl"}
TOWARD_PREPS = {"to", "toward", "towards", "into", "near", "closer"}


def _protective(book: PatternBook, verb: Token) -> bool:
    """Whether forces are sent for someone's protection: "sent troops to Estonia to reinforce the ally"."""
    if any(c.dep_ == "prep" and c.lower_ == "into" for c in verb.children):
        return False
    return any(
        c.dep_ in {"advcl", "xcomp"} and c.lemma_.lower() in book.words("protective_purposes") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in verb.children
    )


def _withdrawn(book: PatternBook, verb: Token) -> bool:
    """Whether a verb of force posture tells forces going back ("sent back to base", "moved away from the border")."""
    for child in verb.children:
        if child.dep_ in {"prt", "advmod"} and child.lower_ in book.words("withdrawal_cues", "particles"):
            # "moved forces back and forth" go nowhere
            return not any(c.lower_ == "forth" for c in child.subtree) and verb.doc[child.i + 1 : child.i + 3].text.lower() != "and forth"
        if child.dep_ == "prep" and child.lower_ == "to" and any(p.lower_ in book.words("withdrawal_cues", "destinations") for p in child.children if p.dep_ == "pobj"):
            return True
        if child.dep_ == "prep" and child.lower_ == "from" and any(p.lower_ in book.words("withdrawal_cues", "origins") for p in child.children if p.dep_ == "pobj"):
            # "moved troops from its eastern border to the Ukrainian frontier" goes somewhere else
            return not any(c.dep_ == "prep" and c.lower_ in TOWARD_PREPS for c in verb.children)
        if child.dep_ == "nsubj" and child.lemma_.lower() in book.words("withdrawal_cues", "subject_nouns"):
            return True
    return False


def _predicate_nouns(verb: Token) -> list[Token]:
    """Event nouns a verb of warning names through a copula: "warned (that) it would be a package of sanctions"."""
    copulas = [c for c in verb.children if c.dep_ == "ccomp" and c.lemma_ == "be"]
    if verb.dep_ == "csubj" and verb.head.lemma_ == "be":
        copulas.append(verb.head)  # "what they warn would be a package of sanctions"
    out = []
    for cop in copulas:
        for attr in (c for c in cop.children if c.dep_ == "attr"):
            out.append(attr)
            out.extend(p for prep in attr.children if prep.dep_ == "prep" and prep.lower_ == "of" for p in prep.children if p.dep_ == "pobj")
    return out


def _action_of(book: PatternBook, verb: Token, triggers: dict[int, Trigger]) -> tuple[Token, str, Token | None] | None:
    """The action a verb of intent governs: an xcomp verb, a "that" clause, or an event noun object; with the clause's subject."""
    if verb.lemma_.lower() in set(book.lexicon.get("noun_only_families") or []):
        # "warned that Russia would attack" is a report, not a threat by the warner; "warned of sanctions" is one.
        for noun in [*(c for c in verb.children if c.dep_ == "dobj"), *(p for c in verb.children if c.dep_ == "prep" and c.lower_ in {"of", "about"} for p in c.children if p.dep_ == "pobj"), *_predicate_nouns(verb)]:
            entry = noun_entry(book, noun)
            if entry is not None:
                return noun, str(entry["code"]), None
        return None
    for child in verb.children:
        if (child.dep_ == "xcomp" or _infinitive_clause(child)) and child.i in triggers:
            return child, triggers[child.i].code, None
        if child.dep_ == "ccomp" and child.i in triggers:
            # "demanded that Varenia pull its units back": Varenia is the one asked
            subj = next((c for c in child.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            return child, triggers[child.i].code, subj
        if child.dep_ == "dobj" or child.dep_ == "prep" and child.lower_ in COMPOSE_PREPS:
            # "demanded a meeting", "called for talks", "threatened sanctions"
            cands = [child] if child.dep_ == "dobj" else [p for p in child.children if p.dep_ == "pobj"]
            for noun in cands:
                entry = noun_entry(book, noun)
                if entry is not None:
                    return noun, str(entry["code"]), None
    return None


def compose_intents(book: PatternBook, triggers: dict[int, Trigger]) -> set[int]:
    """Fold an action into the verb of intent, appeal, demand, refusal or threat that governs it; return the folded actions."""
    folded: set[int] = set()
    for trig in list(triggers.values()):
        if trig.family is None:
            continue
        if trig.pattern is not None and cameo_root(trig.code) not in INTENT_ROOTS:
            # A specific pattern outside the intent families knows better: "agreed to a ceasefire" is 0871.
            continue
        if trig.family == REFUSAL_FAMILY and any(
            c.dep_ == "xcomp" and c.lemma_.lower() in book.words("comment_verbs") for c in trig.token.children
        ):
            trig.code, trig.composed = DECLINE_COMMENT_CODE, True  # "refused to say whether he approved": no rejection
            continue
        found = _action_of(book, trig.token, triggers)
        if found is None:
            continue
        tok, code, asked = found
        if trig.token.lemma_.lower() in book.lexicon["modality"].get("failure_verbs", ()) and quad_class(code) == 4:
            # "failed to take the city": the attack is told as not done (negated), not refused.
            del triggers[trig.token.i]
            continue
        new = compose(book, trig.family, code)
        if new:
            trig.code, trig.reverse, trig.composed = new, None, True
            trig.evidence.append(tok)
            trig.noun = tok if tok.pos_ in {"NOUN", "PROPN"} else trig.noun
            if asked is not None:
                trig.tgt_tokens = [asked, *asked.conjuncts]
        folded.add(tok.i)
    return folded


def appeals_in_reports(book: PatternBook, triggers: dict[int, Trigger], reporting: set[str]) -> set[int]:
    """ "NATO said both capitals must step back": a reported "must"/"should" action is the sayer's appeal (CAMEO 02)."""
    folded: set[int] = set()
    for i, trig in list(triggers.items()):
        tok = trig.token
        if tok.pos_ not in {"VERB", "AUX"} or tok.dep_ != "ccomp" or trig.family is not None or trig.composed:
            continue
        modal = next((APPEAL_AUX[c.lower_] for c in tok.children if c.dep_ == "aux" and c.lower_ in APPEAL_AUX), None)
        if modal is None or _negated(tok):
            continue
        rep = tok.head
        if rep.lemma_.lower() not in reporting:
            continue
        new = compose(book, modal, trig.code)
        subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if new and subj is not None:
            triggers[i] = Trigger(rep, new, None, [rep, tok], f"appeal: {rep.lemma_} ... {tok.lemma_}", CONF_DEFAULT, src_tokens=subjects(rep), tgt_tokens=[subj, *subj.conjuncts], mod="asserted", composed=True)
            folded.add(rep.i)
    return folded


def _infinitive_clause(tok: Token) -> bool:
    """ "offered on Wednesday to mediate": an infinitive the parser hung on as an adverbial clause."""
    return tok.dep_ == "advcl" and infinitive(tok)


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def noun_trigger(book: PatternBook, noun: Token) -> Trigger | None:
    entry = noun_entry(book, noun)
    if entry is None or noun.pos_ not in {"NOUN", "PROPN"}:
        return None
    evidence = [noun.doc[noun.i - 2], noun] if noun.i >= 2 and noun.doc[noun.i - 1].text == "-" else [noun]
    name = noun.doc[evidence[0].i : noun.i + 1].text.lower()
    return Trigger(noun, str(entry["code"]), None, evidence, f"event noun: {name}", CONF_NOUN, noun=noun)


def no_such_plans(toks: list[Token], triggers: dict[int, Trigger], earlier: list[Trigger]) -> None:
    """ "Moscow has repeatedly said it has no such plans": the plans deny the conflict action just mentioned."""
    intent_nouns = cues()["intent_nouns"]
    for tok in toks:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in intent_nouns or tok.i in triggers:
            continue
        if not any(c.lower_ == "such" for c in tok.children) or not any(c.lower_ in {"no", "not"} for c in [*tok.children, *tok.head.children]):
            continue
        before = [t for i, t in sorted(triggers.items()) if i < tok.i and quad_class(t.code) in {3, 4}]
        before = before or [t for t in earlier if quad_class(t.code) in {3, 4}]
        if not before:
            continue
        # "such plans" mostly stands for the gravest action just mentioned: an attack before an alert.
        antecedent = max(reversed(before), key=lambda t: cameo_root(t.code) in {"18", "19", "20"})
        owner = subjects(tok.head) if tok.dep_ == "dobj" else []
        triggers[tok.i] = Trigger(tok, antecedent.code, None, [tok], f"denied plan: {antecedent.token.lemma_}", CONF_NOUN, src_tokens=owner, tgt_tokens=[], mod="negated")



def cameo_root(code: str) -> str:
    """The CAMEO root of a code; a code of a user dictionary unknown to the codebook keeps its first two digits."""
    try:
        return lookup(code).root
    except KeyError:
        return code[:2]


def quad_class(code: str) -> int:
    """The quad class of a code, 0 for a code unknown to the codebook."""
    try:
        return lookup(code).quad_class
    except KeyError:
        return 0


def governing_verb(tok: Token) -> Token | None:
    for anc in tok.ancestors:
        if anc.pos_ in {"VERB", "AUX"}:
            return anc
    return None
