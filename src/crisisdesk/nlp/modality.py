"""Whether the text asserts an event, denies it, supposes it or announces it; and who reported it.

"Russia attacked" is asserted, "Russia did not attack" and "Moscow has no such plans" negated,
"Russia could attack" and "should Putin decide to attack" hypothetical, "Scholz will visit
Moscow" future. The cue words are data (data/lexicons/event_verbs.yaml, `modality`).
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

# How far up the tree a governing cue is looked for: verb -> xcomp head -> ccomp head covers
# "said it would be ready to attack"; deeper chains were wrong more often than right in the
# sentences we tuned on (PLOVER odd ids, our own examples).
MAX_CLIMB = 4
# Prepositions that only place an event in time: the verb above them does not govern it.
TIME_PREPS = {"before", "after", "since", "during", "until", "till", "amid", "following"}
TIME_MARKS = TIME_PREPS | {"when", "while", "as", "once"}
TIME_ADVERBS = {"when", "whenever", "once"}
# The farthest a word may stand after the opening mark of a quoted text (a headline) for it to be inside it.
QUOTED_TEXT_WORDS = 8
# Verbs that link a subject to what it is said to be: "an invasion remains distinctly possible".
LINKING_VERBS = {"be", "remain", "seem", "appear", "look", "become", "grow", "stay"}
# The longest quotation read as scare quotes around an event noun, and the marks that open or close one.
SCARE_QUOTE_WORDS = 3
OPENING_QUOTES = {"“", "‘"}
CLOSING_QUOTES = {"”", "’"}
# Prepositions that join a noun of fear, plan or possibility to the event it is about ("fears about
# an invasion", "the prospect of war", "concerns over an attack").
NOUN_OBJECT_PREPS = {"of", "about", "over", "for", "regarding", "concerning"}


@lru_cache(maxsize=1)
def cues() -> dict[str, set[str]]:
    """The modality cue lists of event_verbs.yaml, as sets."""
    from .event_patterns import bundled_lexicon

    raw = bundled_lexicon().get("modality") or {}
    return {k: {str(w).lower() for w in v} for k, v in raw.items()}


def _aux(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass"}}


def _negated_here(tok: Token) -> bool:
    c = cues()
    for child in tok.children:
        if child.dep_ == "neg" or child.lower_ in c["negation"] and child.dep_ in {"advmod", "det", "neg"}:
            return True
        # "Nobody wants a war", "no troops crossed", "neither Russia nor Ukraine has attacked": a
        # negative subject denies the event.
        if child.dep_ in {"nsubj", "nsubjpass"} and (
            child.lower_ in c["negative_subjects"]
            or any(g.dep_ == "det" and g.lower_ == "no" or g.dep_ in {"det", "preconj"} and g.lower_ == "neither" for g in child.children)
        ):
            return True
        # "launched no attack", "has no plans of aggression": a negated object denies the act.
        if child.dep_ == "dobj" and any(g.dep_ == "det" and g.lower_ == "no" for g in child.children):
            return True
    return False


def _hypothetical_here(tok: Token) -> bool:
    c = cues()
    auxes = _aux(tok)
    if auxes & c["hypothetical_aux"] and not _reported_future(tok, auxes):
        return True
    if any(ch.dep_ == "advmod" and ch.lower_ in c["hypothetical_adverbs"] for ch in tok.children):
        return True
    if tok.dep_ == "xcomp" and tok.head.lemma_ == "have" and tok.head.pos_ == "VERB" and any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in tok.children):
        # "has troops in place to launch an attack": what someone has the means to do is not done.
        return True
    if tok.dep_ == "advcl":
        marks = {ch.lower_ for ch in tok.children if ch.dep_ in {"mark", "advmod", "aux"}}
        if marks & c["condition_marks"]:
            return True
        # Inverted condition: "should Putin decide to attack".
        if _inverted_condition(tok, {"should", "were", "had"}):
            return True
    return _condition_marked(tok) or _after_condition_phrase(tok)


def _condition_marked(tok: Token) -> bool:
    """Whether a verb's clause opens with a conjunction of condition ("if it invades", "unless they withdraw")."""
    return any(ch.lower_ in cues()["condition_marks"] and ch.dep_ == "mark" for ch in tok.children)


def _inverted_condition(tok: Token, openers: set[str]) -> bool:
    """Whether a verb's clause is a condition told by inversion: its first auxiliary, one of `openers`,
    comes before the verb and its subject ("should Putin decide to attack")."""
    first = min((ch for ch in tok.children if ch.dep_ == "aux"), key=lambda t: t.i, default=None)
    return first is not None and first.lower_ in openers and first.i < tok.i and any(ch.dep_ == "nsubj" and ch.i > first.i for ch in tok.children)


def _after_condition_phrase(verb: Token) -> bool:
    """ "in case it invades", "in the event Russia attacks": a condition the parser seldom marks as one."""
    subj = next((ch for ch in verb.children if ch.dep_ in {"nsubj", "nsubjpass"} and ch.i < verb.i), None)
    if subj is None:
        return False
    first = subj.left_edge.i
    before = verb.doc[max(first - 4, 0) : first].text.lower()
    return any(before.endswith(p) for p in cues()["condition_phrases"])


def _reported_future(tok: Token, auxes: set[str]) -> bool:
    """ "She said she would travel to Kardova on Thursday": reported speech turns "will" into "would"."""
    if not auxes & {"would", "'d"} or auxes & (cues()["hypothetical_aux"] - {"would", "'d"}):
        return False
    if any(ch.dep_ == "advcl" and any(m.lower_ in cues()["condition_marks"] for m in ch.children) for ch in tok.children):
        return False
    return tok.dep_ == "ccomp" and tok.head.lemma_.lower() in cues()["plain_reporting"]


def _future_here(tok: Token) -> bool:
    c = cues()
    auxes = _aux(tok)
    if auxes & c["future_aux"] or _reported_future(tok, auxes):
        return True
    # "is to visit", "is going to visit", "is due to visit"
    head = tok.head
    if tok.dep_ == "xcomp" and head.lower_ == "about":
        return True  # "was about to invade"
    return tok.dep_ == "xcomp" and head.lemma_.lower() in {"be", "go"} and head != tok


def _called_false(noun: Token, c: dict[str, set[str]]) -> bool:
    """Whether a report noun is the subject of a copula that calls it false ("the claims ... are false", "were lies")."""
    verb = noun.head
    if noun.dep_ != "nsubj" or verb.lemma_ != "be":
        return False
    return any(ch.dep_ in {"acomp", "attr"} and ch.lower_ in c["false_words"] for ch in verb.children)


def _denying_noun(noun: Token, c: dict[str, set[str]]) -> bool:
    """Whether a noun denies the event it is about: a denial, or a report called false ("a false report",
    "the claims ... are false")."""
    if noun.lemma_.lower() in c["denial_nouns"]:
        return True
    return noun.lower_ in c["report_nouns"] and (_called_false(noun, c) or any(a.dep_ == "amod" and a.lower_ in c["false_words"] for a in noun.children))


def infinitive(tok: Token) -> bool:
    """Whether a verb is a "to" infinitive ("to invade")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _purpose(tok: Token) -> bool:
    """ "for Russia to step back", "to explain the movements": an infinitive of purpose or wish is not done yet.

    An infinitive joined to a finite verb ("had made the decision to invade Ukraine, and to target
    Kyiv") is the parser's misreading of two infinitives joined together: still not done.
    """
    if not infinitive(tok):
        return False
    return tok.dep_ in {"advcl", "acl", "relcl", "ccomp", "csubj"} or tok.dep_ == "conj" and tok.head.pos_ in {"VERB", "AUX"} and not infinitive(tok.head)


def _time_marked(clause: Token) -> bool:
    """Whether a clause is one of time: "before his build-up began", "when Russia invaded" (the parser
    often reads "when" as an adverb of the clause, not its mark)."""
    return any(m.dep_ == "mark" and m.lower_ in TIME_MARKS or m.dep_ == "advmod" and m.lower_ in TIME_ADVERBS for m in clause.children)


def _wished(child: Token) -> bool:
    """Whether a noun's dependent is the content of a wish: "demand that Nato rule out", "call to withdraw", "calls for a ceasefire"."""
    if child.dep_ == "prep":
        return child.lower_ == "for"
    return child.dep_ == "acl" and (infinitive(child) or _content_clause(child))


def _content_clause(verb: Token) -> bool:
    """Whether a "that" clause on a noun says its content ("demand that Nato rule out enlargement"), by an
    object of its own: "an offer that Klitschko decried as a joke" is a relative clause the parser marks so."""
    return any(m.dep_ == "mark" for m in verb.children) and any(g.dep_ in {"dobj", "ccomp", "xcomp", "attr", "oprd"} for g in verb.children)


def _open_question(tok: Token, c: dict[str, set[str]]) -> bool:
    """ "how to attack Russian tanks", "when to impose sanctions": an infinitive that asks what to do."""
    return infinitive(tok) and any(m.dep_ in {"advmod", "mark"} and m.lower_ in c["question_words"] for m in tok.children)


def _without(tok: Token) -> bool:
    """Whether a verb is what "without" says was not done ("seized Crimea without firing a shot")."""
    return tok.dep_ == "pcomp" and tok.head.lower_ == "without"


def _no_sign_of(tok: Token, c: dict[str, set[str]]) -> bool:
    """Whether an event noun is what there is "no sign" or "no evidence" of."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "of":
        return False
    noun = prep.head
    if noun.lower_ == "all" and noun.head.lower_ == "at":
        noun = noun.head.head  # "no sign at all of the assault"
    return noun.lemma_.lower() in c["evidence_nouns"] and any(d.dep_ == "det" and d.lower_ == "no" for d in noun.children)


def _quoted_text(tok: Token) -> bool:
    """Whether a word stands in a quotation that is a text named as a thing: the headline "Russia invades
    Ukraine", a banner reading "Stop the war" (a headline is no report of its words)."""
    doc = tok.doc
    opening = next((i for i in range(tok.i - 1, max(-1, tok.i - QUOTED_TEXT_WORDS - 1), -1) if doc[i].is_quote), None)
    if opening is None or doc[opening].text in CLOSING_QUOTES:
        return False
    before = doc[max(tok.sent.start, opening - 4) : opening]
    return any(t.lemma_.lower() in cues()["text_nouns"] for t in before)


def scare_quoted(tok: Token) -> bool:
    """Whether a word stands in a short quotation of its own, the writer's distance from it: a live feed
    of a Russian "invasion", the "Russian aggression" narrative (at most SCARE_QUOTE_WORDS words)."""
    doc = tok.doc
    left = next((i for i in range(tok.i - 1, max(-1, tok.i - SCARE_QUOTE_WORDS - 1), -1) if doc[i].is_quote), None)
    right = next((i for i in range(tok.i + 1, min(len(doc), tok.i + SCARE_QUOTE_WORDS + 1)) if doc[i].is_quote), None)
    if left is None or right is None or right - left - 1 > SCARE_QUOTE_WORDS:
        return False
    inner = doc[left + 1 : right]
    # an opening mark before the words and a closing one after them, not the end of one quotation and
    # the start of the next; and no verb of its own: a quoted clause is what someone said
    return doc[left].text not in CLOSING_QUOTES and doc[right].text not in OPENING_QUOTES and not any(t.pos_ in {"VERB", "AUX"} and t != tok for t in inner) and tok.pos_ in {"NOUN", "PROPN"}


def noun_modality(noun: Token) -> str | None:
    """The modality a noun phrase itself gives its event: "no attack", "any attack", "the planned visit"."""
    c = cues()
    if scare_quoted(noun) or _quoted_text(noun):
        return "hypothetical"
    for child in noun.children:
        low = child.lower_
        if child.dep_ == "det" and low == "no" or child.dep_ == "neg":
            return "negated"
        if child.dep_ == "det" and low in c["hypothetical_determiners"]:
            return "hypothetical"
        if child.dep_ in {"amod", "compound"} and low in c["future_modifiers"]:
            return "future"
        if child.dep_ in {"amod"} and low in c["hypothetical_modifiers"]:
            return "hypothetical"
    return None


def _clause_modality(noun: Token) -> str | None:
    """The modality an event noun takes from its clause: "if there is Russian aggression", "did not launch an attack".

    Objects and predicates share their verb's negation, condition, modal and tense; a subject only
    its condition ("if an invasion happens"), since "an invasion would be costly" may speak of a
    real one.
    """
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and head.head.lemma_.lower() in cues()["instance_nouns"]:
        return _clause_modality(head.head)  # "an act of Russian aggression may take place": the act's clause
    if head.pos_ not in {"VERB", "AUX"} or noun.dep_ not in {"dobj", "attr", "nsubj", "nsubjpass"}:
        return None
    if noun.dep_ in {"nsubj", "nsubjpass"}:
        marks = {ch.lower_ for ch in head.children if ch.dep_ == "mark"}
        if marks & cues()["condition_marks"]:
            return "hypothetical"
        if head.lemma_ in LINKING_VERBS and any(ch.dep_ == "acomp" and ch.lower_ in cues()["hypothetical_modifiers"] | cues()["hypothetical_adjectives"] for ch in head.children):
            return "hypothetical"  # "Russia's invasion into Ukraine is imminent", "an attack is likely"
        if noun.dep_ == "nsubj" and head.lemma_.lower() in cues()["aspect_verbs"]:
            # "the invasion could begin", "an attack will come": the event's own happening, with its modal.
            return "negated" if _negated_here(head) else "hypothetical" if _hypothetical_here(head) else "future" if _future_here(head) else None
        # "a Russian invasion would be a disaster": an indefinite event under a modal is supposed;
        # "the invasion could lead to famine" speaks of a real one.
        indefinite = any(ch.dep_ == "det" and ch.lower_ in {"a", "an"} for ch in noun.children)
        return "hypothetical" if indefinite and _aux(head) & cues()["hypothetical_aux"] else None
    if _negated_here(head):
        return "negated"
    if _hypothetical_here(head):
        return "hypothetical"
    if _future_here(head):
        return "future"
    return None


def modality(trigger: Token, published_future: bool = False, climb: int = MAX_CLIMB) -> str:
    """asserted, negated, hypothetical or future for the event a verb or noun triggers.

    The event's own clause decides first; then the words that govern it: a denial or negated
    report ("did not believe Russia would attack") makes it negated, a threat, fear, plan,
    condition or possibility hypothetical or future. `published_future` says the event's date
    lies after the article's publication date; `climb` bounds how many governors are read (a
    threat or demand is a speech act of its own clause: "prepared what they warn ..." is a warning).
    """
    c = cues()
    tok = trigger
    result: str | None = None
    if _without(tok) or _no_sign_of(tok, c):
        return "negated"  # "seized Crimea without firing a shot", "no sign at all of the Russian assault"
    if tok.pos_ in {"NOUN", "PROPN"}:
        result = noun_modality(tok) or _clause_modality(tok)
    elif _quoted_text(tok):
        result = "hypothetical"  # the headline "Russia invades Ukraine"
    elif _negated_here(tok):
        result = "negated"
    elif _hypothetical_here(tok):
        result = "hypothetical"
    elif _future_here(tok):
        result = "future"
    elif tok.lemma_.lower() in c["future_light_verbs"]:
        result = "future"  # "preparing an assault", "planned an attack": the assault is still to come
    if result == "negated":
        return result
    # Climb the governors: xcomp/ccomp/advcl/acl chains and a noun's verb ("prevent an invasion").
    child = tok
    for _ in range(climb):
        head = child.head
        if head == child:
            break
        lemma = head.lemma_.lower()
        if child.dep_ == "prep" and child.lower_ in TIME_PREPS or child.dep_ == "advcl" and _time_marked(child):
            if child.dep_ == "advcl" and head.pos_ in {"VERB", "AUX"} and _hypothetical_here(head):
                # "would have imposed costs until they withdrew": the clause of time is as unreal as its
                # main clause ("will visit before he travels" is future: _future_time_clause)
                result = result or "hypothetical"
            elif child.dep_ == "advcl" and child.tag_ in {"VBP", "VBZ"} and any(m.dep_ == "advmod" and m.lower_ in TIME_ADVERBS for m in child.children):
                # "That's a world war when Americans and Russians start shooting at each other": a "when"
                # clause in the present tense tells what holds whenever it happens, not what happened, or
                # what is to come with its main clause ("will impose sanctions when Russia invades")
                result = result or ("future" if head.pos_ in {"VERB", "AUX"} and _future_here(head) else "hypothetical")
            break  # "anticipated this before his build-up (began)": a time anchor, not what the verb governs
        if head.pos_ in {"VERB", "AUX"} and child.dep_ in {"xcomp", "ccomp", "advcl", "dobj", "pobj", "conj", "prep", "acl", "relcl"}:
            # "ruled out sending troops"; not "did not rule out", nor a verb coordinated with it ("did not
            # rule out provocations and warned that ..."), which it does not govern
            ruled_out = _phrasal(head) in c["refusal_phrasals"] and child.dep_ != "conj" and not _negated_here(head)
            if lemma in c["denial_verbs"] or ruled_out:
                return "negated"  # "denied massing troops"
            if child.dep_ == "ccomp" and _false_report(head, c):
                return "negated"  # "after Bloomberg mistakenly announced that Russia had invaded Ukraine"
            if child.dep_ != "conj" and _negated_here(head) and (lemma in c["report_verbs_negatable"] or child.dep_ == "xcomp" or lemma == "be"):
                return "negated"
            if lemma in c["hypothetical_governors"] and child.dep_ != "conj":
                result = result or "hypothetical"
            elif lemma in c["future_governors"] and child.dep_ == "xcomp":
                result = result or "future"
            elif lemma in c["aim_verbs"] and child.dep_ == "prep" and child.lower_ in c["aim_preps"]:
                result = result or "future"  # "an operation aimed at seizing power"
            elif child.dep_ in {"xcomp", "attr", "ccomp"} and any(s.dep_ == "nsubj" and s.lemma_.lower() in c["intent_nouns"] for s in head.children):
                result = result or "future"  # "Putin's goal appears to be seizing Kyiv", "the plan is to encircle"
            if child.dep_ in {"prep", "pcomp", "dobj"} and head.dep_ == "advcl" and _hypothetical_here(head):
                result = result or "hypothetical"  # "if Russia succeeds in invading": inside a condition
            if child.dep_ in {"xcomp", "conj"} or child.dep_ == "advcl" and head.pos_ == "VERB" or child.dep_ == "ccomp" and lemma in c["perception_verbs"]:
                # "could decide to attack": the governor's own modal carries over.
                if _hypothetical_here(head) and not (child.dep_ == "advcl" and not _hypothetical_here(child)):
                    result = result or "hypothetical"
                elif _future_here(head):
                    result = result or "future"
        elif head.pos_ == "NOUN" and child.dep_ == "relcl" and any(m.dep_ == "mark" for m in child.children):
            # "a false report that Varenia had invaded": a content clause the parser hangs on as a relative one
            if _denying_noun(head, c):
                return "negated"
            if head.lemma_.lower() in c["wish_nouns"] and _content_clause(child):
                result = result or "hypothetical"
        elif head.pos_ in {"NOUN"} and (child.dep_ in {"acl", "advcl", "compound"} or child.dep_ == "prep" and child.lower_ in NOUN_OBJECT_PREPS):
            if noun_modality(head) == "hypothetical":
                result = result or "hypothetical"  # "alleged incidents of Ukraine's attacks", "possible cases of shelling"
            # "no plans to visit", "the threat of an invasion", "the possibility of an attack"
            if any(g.dep_ == "det" and g.lower_ == "no" for g in head.children) and head.lemma_.lower() in c["intent_nouns"]:
                return "negated"
            if _denying_noun(head, c):
                return "negated"  # "his denials that the forces are preparing to invade", "the claims of a pullback are false"
            if head.lemma_.lower() in c["hypothetical_nouns"] or head.lemma_.lower() in c["wish_nouns"] and _wished(child):
                result = result or "hypothetical"
            elif head.lemma_.lower() in c["intent_nouns"]:
                result = result or "future"
        elif head.pos_ == "ADJ" and head.lemma_.lower() in c["hypothetical_adjectives"]:
            result = result or "hypothetical"
        if child.dep_ in {"ccomp"} and head.lemma_.lower() not in c["hypothetical_governors"] | c["denial_verbs"] | c["perception_verbs"] | c["causative_verbs"] and not (
            head.dep_ == "acl" and head.head.pos_ == "NOUN"  # "a headline claiming Russia had invaded": the noun's claim
        ):
            break  # what is seen happens as the seeing does: "we need to see the troops moved elsewhere" is not done
        child = head
    if result is None and (_purpose(tok) or _open_question(tok, c)):
        result = "hypothetical"
    if result is None and published_future:
        result = "future"
    return result or "asserted"


def reporting_verb(trigger: Token, reporting: set[str]) -> Token | None:
    """The verb of saying that reports an event ("the Pentagon said Russian forces were growing"), if any."""
    tok = trigger
    for _ in range(MAX_CLIMB):
        head = tok.head
        if head == tok:
            return None
        if tok.dep_ in {"ccomp", "parataxis"} and head.lemma_.lower() in reporting:
            return head
        # "Russian forces, the Pentagon said, were growing": the report hangs off the event verb.
        if tok.dep_ not in {"ccomp", "xcomp", "conj", "advcl", "dobj", "pobj", "prep", "acl", "relcl", "acomp", "attr"}:
            return None
        tok = head
    return None


def _false_report(verb: Token, c: dict[str, set[str]]) -> bool:
    """Whether a verb of saying carries an adverb that makes what it reports false ("mistakenly")."""
    return any(a.dep_ == "advmod" and a.lower_ in c["false_report_adverbs"] for a in verb.children)


def falsely_reported(trigger: Token) -> bool:
    """Whether an event is what a report said wrongly ("Bloomberg mistakenly announced that Russia had
    invaded"): negated, but no one denies it."""
    c = cues()
    tok = trigger
    for _ in range(MAX_CLIMB):
        if tok.head == tok:
            return False
        if tok.dep_ == "ccomp" and _false_report(tok.head, c):
            return True
        tok = tok.head
    return False


def _phrasal(verb: Token) -> str:
    """A verb with its particle, as the lexicons write it ("rule_out")."""
    prt = next((c for c in verb.children if c.dep_ == "prt"), None)
    return f"{verb.lemma_.lower()}_{prt.lower_}" if prt is not None else verb.lemma_.lower()


def denying_verb(trigger: Token) -> Token | None:
    """The verb that denies an event it governs ("Russia has denied any intention to invade"), if any;
    not a failure ("failed to take the city"), which tells the act as not done."""
    c = cues()
    denying = c["denial_verbs"] - c["failure_verbs"]
    tok = trigger
    for _ in range(MAX_CLIMB):
        head = tok.head
        if head == tok or tok.dep_ not in {"xcomp", "ccomp", "dobj", "pobj", "prep", "acl"}:
            return None
        if head.pos_ in {"VERB", "AUX"} and head.lemma_.lower() in denying:
            return head
        tok = head
    return None


def inner_reporter(trigger: Token, reporting: set[str]) -> Token | None:
    """A saying verb hanging below the event's own verb: "Russia attacked, officials said" or "according to X"."""
    for child in trigger.children:
        if child.dep_ in {"parataxis", "advcl"} and child.lemma_.lower() in reporting and child.i > trigger.i:
            return child
        if child.dep_ == "prep" and child.lower_ == "according":
            return child
    return None


def announcement(trigger: Token) -> str | None:
    """How an actor announces its own action, which CAMEO codes as an intent, threat or refusal.

    "will not negotiate" refusal; "is ready to observe a ceasefire" readiness; "will withdraw
    unless ..." unless; "will lift sanctions if ..." if; "would retaliate" would; "will visit",
    "plans to visit" will.
    """
    c = cues()
    if trigger.pos_ not in {"VERB", "AUX"}:
        return None
    auxes = _aux(trigger)
    announcing = auxes & (c["future_aux"] | {"would", "'d"}) or any(a in auxes for a in ("going",))
    head = trigger.head
    if trigger.dep_ == "xcomp" and head.pos_ == "ADJ" and head.lemma_.lower() in c["readiness_adjectives"]:
        return "refusal" if _negated_here(head.head) or _negated_here(head) else "readiness"
    # Plotting is not announcing: "Russia is plotting to attack" is someone's allegation, not a threat.
    if trigger.dep_ == "xcomp" and head.lemma_.lower() in c["future_governors"] - {"agree", "promise", "pledge", "vow", "expect", "set", "go", "plot", "scheme"}:
        if _aux(head) & c["speculative_aux"] or _condition_marked(head) or _inverted_condition(head, {"should"}):
            # "Russia may be preparing to invade": a guess at its plans; "should it decide to strike",
            # "if it decided to invade": a condition. No announcement.
            return None
        announcing = True
    if not announcing:
        return None
    if _negated_here(trigger) or trigger.dep_ == "xcomp" and _negated_here(head):
        return "refusal"  # "will not attack", "does not plan to occupy": a denial, no threat
    for child in trigger.children:
        if child.dep_ == "advcl":
            marks = {m.lower_ for m in child.children if m.dep_ in {"mark", "advmod"}}
            if "unless" in marks:
                return "unless"
            if "if" in marks:
                return "if"
    if auxes & {"would", "'d"}:
        return "would"
    return "will"
