"""Who does what to whom in a parse: the source, target and place of an event trigger.

Sources are subjects (with their conjuncts: "Johnson and Biden agreed"), the agent of a passive
("was shelled by Russian forces"), or a subject inherited from the governing verb ("vowed to
retaliate", "denied massing troops", "urged Russia to pull back" -> Russia pulls back). Targets
are objects, datives, prepositional objects ("talks with", "sanctions against") and the owner of
an object ("condemned Russia's build-up", "rejected a Varenian proposal"). Places come from
prepositional phrases ("in Kyiv", "on the border with Ukraine") through the knowledge base.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..records import ActorRef
from .actors import (
    PARTITIVE_WORDS,
    Mention,
    generic,
    mention_at,
    names_a_venue,
    resolve_reference,
    stance_prefixed,
)
from .event_patterns import relative_object
from .kb import KnowledgeBase
from .modality import cues, infinitive

# Prepositions whose object can be the target of an event ("talks with", "sanctions against").
# CAMEO's media sector: a news outlet tells of events, it is no party the text leaves unnamed.
MEDIA_SECTOR = "MED"
TARGET_PREPS = {"with", "to", "against", "on", "into", "toward", "towards", "at", "for", "from", "over", "upon", "between", "of"}
# Nouns of settlements named by an "of" phrase ("the town of Samarra", "the city of Mariupol").
TOWN_NOUNS = {"town", "city", "village", "port", "region", "province", "district", "capital", "enclave", "suburb"}
# Prepositions that give a place ("in Kyiv", "on the border with Ukraine").
PLACE_PREPS = {"in", "at", "near", "on", "along", "inside", "outside", "around", "across", "to", "into", "toward", "towards"}
# Prepositions that place any event ("talks in Geneva"); the others of PLACE_PREPS only place
# movements ("a visit to Kyiv") or name a border ("on the border").
STAY_PREPS = {"in", "at", "near", "inside", "outside", "around", "across", "along"}
# Verbs whose object is the subject of their xcomp: "urged Russia to pull back" -> Russia pulls back.
OBJECT_CONTROL = {"urge", "ask", "call", "tell", "order", "force", "allow", "invite", "persuade", "press", "encourage", "warn", "push", "help", "enable", "lead", "get", "want", "accuse", "blame", "charge", "thank", "praise", "condemn", "criticize", "criticise"}
# Verbs whose passive subject acted on itself when no agent is named ("was placed on alert", "were deployed", "were engaged in ethnic cleansing").
SELF_PASSIVES = {"place", "put", "deploy", "station", "mobilize", "mobilise", "mass", "move", "send", "position", "engage", "involve", "commit"}
# Nouns that stand for a border area: "on the border with Ukraine" places an event and names its target.
BORDER_NOUNS = {"border", "borders", "frontier", "front", "boundary"}
# Nouns whose infinitive says what their owner would do: "had no plans to invade", "its decision to withdraw".
INTENT_NOUNS = {"plan", "intention", "intent", "decision", "readiness", "willingness", "attempt", "bid", "threat", "promise", "pledge", "offer", "right", "refusal", "effort", "determination", "desire", "wish"}
# Nouns of texts that say what their issuer says: "issued a declaration demanding" is the issuer's demand.
DOCUMENT_NOUNS = {"declaration", "statement", "letter", "resolution", "communique", "communiqué", "decree", "message", "report", "note", "appeal", "petition"}
# Prepositions that make an event noun part of its verb's event: "agreed in a call", "said during talks".
SETTING_PREPS = {"in", "during", "at", "after", "following"}
# Confidence of actors found by the looser routes: a place name or a nationality adjective stands
# for its country less surely than a linked mention (set by hand on the PLOVER odd ids).
CONF_PLACE, CONF_ADJECTIVE, CONF_REFERENCE = 0.7, 0.7, 0.6


@dataclass
class Place:
    """Where the text says an event happened."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


def entity_text(doc: Doc, i: int) -> str | None:
    """The text of the named entity covering token i (the index is built once per document)."""
    index = doc.user_data.get("crisisdesk_entity_index")
    if index is None or len(index) != len(doc):
        index = [None] * len(doc)
        for e in doc.ents:
            for k in range(e.start, e.end):
                index[k] = e.text
        doc.user_data["crisisdesk_entity_index"] = index
    return index[i]


def place_country(kb: KnowledgeBase, doc: Doc, tok: Token) -> str | None:
    """The country a place word stands for, from the knowledge base's country names and capitals; none
    where the place only names a venue ("the Minsk agreements")."""
    if names_a_venue(doc[tok.i : tok.i + 1]):
        return None
    ent = entity_text(doc, tok.i)
    texts = [ent, ent.removeprefix("the ")] if ent is not None else []
    texts.append(tok.text)
    for text in texts:
        for surface in kb.surfaces.get(text, []):
            if surface.kind in {"country", "capital"}:
                return surface.key
    # A city the actor linker placed ("Kharkiv", "Samarra": gazetteer and Phoenix place names).
    m = mention_at(doc, tok)
    return m.actor.country if m is not None and m.via == "place" else None


def adjective_country(kb: KnowledgeBase, tok: Token) -> str | None:
    """The country of a nationality adjective ("Varenian", "Russian"); none after "pro-", "anti-", "pan-"."""
    if stance_prefixed(tok.doc, tok):
        return None
    for surface in kb.surfaces.get(tok.text, []):
        if surface.kind in {"adjective", "demonym"}:
            return surface.key
    return None


def actor(doc: Doc, tok: Token, kb: KnowledgeBase, loose: bool = False) -> tuple[ActorRef, float] | None:
    """The actor a token names or refers to, with a confidence.

    `loose` (for targets and event nouns) also accepts a place name ("visited Kyiv") and a
    nationality adjective on the token or its modifiers ("a Varenian proposal").
    """
    m: Mention | None = mention_at(doc, tok)
    if m is None and tok.lower_ in PARTITIVE_WORDS and tok.dep_ in {"nsubj", "nsubjpass"}:
        # "some of its troops were returning": the part is of the whole its "of" phrase names
        whole = next((p for prep in tok.children if prep.dep_ == "prep" and prep.lower_ == "of" for p in prep.children if p.dep_ == "pobj"), None)
        if whole is not None:
            return actor(doc, whole, kb, loose)
    if m is not None and generic(m.actor):
        # "the soldiers", "reporters": a sector noun without a country is nobody in particular,
        # unless its owner names one ("its forces").
        m = None
        if tok.pos_ == "NOUN":
            return _owned_agent(doc, tok, kb)
    if m is None and (tok.pos_ == "PRON" or tok.pos_ in {"NOUN", "PROPN"} and tok.dep_ in {"nsubj", "nsubjpass", "poss"}):
        m = resolve_reference(doc, tok)
        if m is not None:
            return m.actor, min(m.confidence, CONF_REFERENCE)
    if m is None and tok.pos_ == "PROPN":
        m = _by_surname(doc, tok)
    if m is None and tok.pos_ == "NOUN":
        owned = _owned_agent(doc, tok, kb)
        if owned is not None:
            return owned
    if m is not None and (m.actor.country or m.actor.code or not loose):
        return m.actor, m.confidence
    if loose:
        code = place_country(kb, doc, tok) if tok.pos_ == "PROPN" else None
        if code is not None:
            return kb.country_ref(code), CONF_PLACE
        for cand in [tok, *[c for c in tok.children if c.dep_ in {"amod", "compound", "nmod"}]]:
            code = adjective_country(kb, cand)
            if code is not None and kb.is_state(code):  # "peace on the European continent" is on no one
                return kb.country_ref(code), CONF_ADJECTIVE
    return (m.actor, m.confidence) if m is not None else None


def _owned_agent(doc: Doc, tok: Token, kb: KnowledgeBase) -> tuple[ActorRef, float] | None:
    """ "its forces", "their troops": a sector noun owned by a pronoun is that sector of the pronoun's country."""
    sector = kb.agents.get(tok.lemma_.lower()) or kb.agents.get(tok.lower_)
    poss = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
    if sector is None or poss is None:
        return None
    m = resolve_reference(doc, poss)
    if m is None or not m.actor.country:
        return None
    return kb.country_ref(m.actor.country, sector), min(m.confidence, CONF_REFERENCE)


def _by_surname(doc: Doc, tok: Token) -> Mention | None:
    """A lone surname the linker left unlinked ("Scholz will visit Moscow") stands for the person named before."""
    for m in reversed(doc._.actor_mentions or []):
        if m.end <= tok.i and m.actor.kind in {"person", "organization"} and doc[m.end - 1].text == tok.text and m.end - m.start > 1:
            return Mention(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok), m.actor, "coref", min(m.confidence, CONF_REFERENCE))
    return None


def actors_of(doc: Doc, tok: Token, kb: KnowledgeBase, loose: bool = False) -> list[tuple[ActorRef, float]]:
    """The actors of a noun phrase: its own, else those of an "of"/"from"/"in" phrase ("doctors from American aid groups")."""
    found = actor(doc, tok, kb, loose)
    out: list[tuple[ActorRef, float]] = []
    if found is not None:
        out.append(found)
        # "Hungarian and Romanian officials", "the Turkish and Greek sides": one actor per adjective;
        # "the foreign ministers of Varenia and Ostmark": one per country of the "of" phrase.
        owners = [c for c in tok.children if c.dep_ in {"amod", "compound", "nmod"}]
        if found[0].sector and found[0].kind != "person":
            owners += [pobj for prep in tok.children if prep.dep_ == "prep" and prep.lower_ in {"of", "from"} for pobj in prep.children if pobj.dep_ == "pobj"]
        for mod in owners:
            # The adjective itself too: when the linker splits "Hungarian and Romanian officials",
            # the noun's mention is the last country's.
            for conj in [mod, *mod.conjuncts] if mod.conjuncts else []:
                # "French and Egyptian warships" is one mention: each adjective names its own country.
                code = adjective_country(kb, conj) or (place_country(kb, doc, conj) if conj.pos_ == "PROPN" else None)
                extra = (kb.country_ref(code), CONF_ADJECTIVE) if code else actor(doc, conj, kb, loose=True)
                if extra is not None and extra[0].actor_id != found[0].actor_id:
                    ref = extra[0]
                    if found[0].sector and ref.kind == "country" and ref.country:
                        ref = kb.country_ref(ref.country, found[0].sector)
                    out.append((ref, extra[1]))
        return out
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return []
    # "the ambassador of Poland in Nigeria": "of" and "from" name the side, "in" only when they do not.
    for preps in ({"of", "from"}, {"in"}):
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in preps):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                for member in with_conjuncts(pobj):
                    inner = actor(doc, member, kb, loose=True)
                    if inner is not None:
                        out.append(inner)
        if out:
            break
    return out


def with_conjuncts(tok: Token) -> list[Token]:
    """A token and the tokens coordinated with it ("Johnson and Biden")."""
    return [tok, *tok.conjuncts]


def subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The tokens that do what a verb says: subject and conjuncts, a passive's agent, or an inherited subject."""
    subjs = [c for c in verb.children if c.dep_ in {"nsubj", "csubj"}]
    subj = subjs[0] if subjs else None
    # "Old foes Iran and Saudi Arabia have renewed ties": the parse may split one subject in two
    # adjacent ones, the second a name; any other second subject is a misparse of run-on text
    # ("Related posts Ostmark border village shelled").
    subjs = subjs[:1] + [b for a, b in zip(subjs, subjs[1:], strict=False) if b.pos_ == "PROPN" and b.left_edge.i == a.right_edge.i + 1]
    if subj is not None and subj.lower_ in {"that", "which", "who"} and verb.dep_ == "relcl":
        return with_conjuncts(verb.head)
    if subj is None:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return with_conjuncts(pobj)
    if subj is not None and subj.tag_ == "VBG" and (inner := next((c for c in subj.children if c.dep_ == "nsubj"), None)) is not None:
        # "The Red Cross operating in Iraq said": a reduced relative clause parsed as the subject.
        return with_conjuncts(inner)
    if subj is not None:
        return [t for s in subjs for t in with_conjuncts(s)]
    if passive(verb):
        # "Ostmark's army was placed on heightened alert": the army's own side acted; otherwise a
        # passive without its agent does not say who acted ("he had been assured").
        return [c for c in verb.children if c.dep_ == "nsubjpass"] if verb.lemma_.lower() in SELF_PASSIVES else []
    head = verb.head
    if head == verb or depth > 3:
        return []
    if verb.dep_ == "conj" or verb.dep_ in {"acomp", "attr"} and verb.pos_ == "ADJ":
        return subjects(head, depth + 1)
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ":
        # "Russia was ready to strike": the subject of the copula whose adjective governs the verb.
        return subjects(head, depth + 1)
    if verb.dep_ in {"xcomp", "ccomp", "dobj"}:
        obj = next((c for c in head.children if c.dep_ in {"dobj", "dative"} and c.i < verb.i), None)
        if obj is not None and head.lemma_.lower() in OBJECT_CONTROL:
            return with_conjuncts(obj)
        return subjects(head, depth + 1)
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        # "accused Varenia of massing troops" -> Varenia massed; "after massing troops" -> the main subject.
        governor = head.head
        obj = next((c for c in governor.children if c.dep_ in {"dobj"} and c.i < verb.i), None)
        if obj is not None and governor.lemma_.lower() in OBJECT_CONTROL:
            return with_conjuncts(obj)
        if governor.pos_ in {"VERB", "AUX"} or governor.pos_ == "ADJ" and governor.dep_ in {"acomp", "xcomp"}:
            # "are guilty of violating the ceasefire", "is capable of launching": the copula's subject.
            return subjects(governor, depth + 1)
    if verb.dep_ == "advcl" and not any(c.dep_ == "mark" for c in verb.children):
        # "vowing that ...", "offered on Wednesday to mediate": participles and infinitives share the main subject.
        if verb.tag_ in {"VBG", "VBN"} or infinitive(verb):
            return subjects(head, depth + 1)
    if verb.dep_ == "acl" and head.lemma_.lower() in INTENT_NOUNS:
        # "Varenia had no plans to invade": the plan's owner acts.
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is not None:
            return with_conjuncts(owner)
        if head.dep_ in {"dobj", "attr"} and head.head.pos_ in {"VERB", "AUX"}:
            return subjects(head.head, depth + 1)
        return []
    if verb.dep_ == "acl" and head.lemma_.lower() in DOCUMENT_NOUNS and mention_at(verb.doc, head) is None and head.dep_ == "dobj":
        # "the PKK issued a declaration demanding ...": who issued the text demands.
        return subjects(head.head, depth + 1)
    if verb.dep_ in {"acl", "relcl"} and head.pos_ in {"NOUN", "PROPN"}:
        return with_conjuncts(head)
    return []


def passive(verb: Token) -> bool:
    """Whether a verb is in the passive voice."""
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)


def prep_objects(tok: Token, preps: set[str]) -> list[Token]:
    """The objects (with conjuncts) of a token's prepositions among `preps`."""
    out: list[Token] = []
    for prep in (c for c in tok.children if c.dep_ in {"prep", "dative"} and c.lower_ in preps):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            out.extend(with_conjuncts(pobj))
    return out


def target_tiers(
    verb: Token, noun: Token | None = None, asks: bool = False, topic_verbs: frozenset[str] | set[str] = frozenset(), reaction: bool = False
) -> list[list[Token]]:
    """Candidate targets of a verb event by tier, best first; the first tier that names an actor is used.

    1. the doer of the object's deed ("condemned an attack by X"); 2. the passive subject, the
    object and dative ("accused Varenia"); 3. the verb's prepositional objects ("imposed sanctions
    on Varenia"); 4. those of the object or event noun ("demanded a meeting with Russia", "the
    resumption of ties with Iran"); 5. the object of an infinitive ("agreed to restore ties with
    Gondor"); 6. the subject of a "that" clause ("demanded that the US cancel") and the object of a
    purpose clause ("to protest against Sweden's decision").
    `asks`: the verb asks someone to act ("demanded that the US cancel"), so a "that" clause's
    subject is its target; `topic_verbs` take a topic, not a party, as object ("discussed the crisis");
    `reaction`: the verb reacts to its object (praise, criticism, rejection), whose doer a relative or
    participle clause may name ("condemned the sanctions that the US imposed", "... imposed by the West").
    """
    tiers: list[list[Token]] = [[], [], [], [], [], []]
    objs = [c for c in verb.children if c.dep_ in {"dobj", "dative", "oprd"}]
    deeds = objs + ([noun] if noun is not None and noun not in objs else [])
    for obj in deeds:
        # "condemned an attack by Russian soldiers in Ukraine": a reaction to a deed is aimed at its doer.
        tiers[0].extend(prep_objects(obj, {"by"}))
        for clause in obj.children if reaction else []:
            # "rejected Moscow's demands that NATO commit to ...": a demand's or a report's clause says what
            # it is, even where the parser hangs it on as a relative clause; its subject did nothing to react to
            if relative_object(clause) == obj and obj.lemma_.lower() not in cues()["wish_nouns"] and obj.lemma_.lower() not in cues()["report_nouns"]:
                tiers[0].extend(t for c in clause.children if c.dep_ == "nsubj" for t in with_conjuncts(c))
            elif clause.dep_ == "acl" and clause.tag_ == "VBN":
                tiers[0].extend(t for a in clause.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj" for t in with_conjuncts(p))
    if passive(verb) and not (verb.lemma_.lower() in SELF_PASSIVES and not any(c.dep_ == "agent" for c in verb.children)):
        tiers[1].extend(t for c in verb.children if c.dep_ == "nsubjpass" for t in with_conjuncts(c))
    if verb.lemma_.lower() not in topic_verbs:
        for obj in objs:
            if noun is not None and noun in objs and obj.i != noun.i and obj.dep_ == "dobj":
                continue  # "held talks with X on Tuesday, the first Western delegation to ...": one object is the event noun; another is a misread apposition
            tiers[1].extend(with_conjuncts(obj))
    tiers[2].extend(prep_objects(verb, TARGET_PREPS - {"of"}))
    # "discusses the details of Russia's invasion": a topic's own parties are not the other side of the talk.
    object_preps = {"with"} if verb.lemma_.lower() in topic_verbs else TARGET_PREPS
    for obj in deeds:
        tiers[3].extend(prep_objects(obj, object_preps))
        # "welcomed the resumption of ties with Iran": the party sits one "of" phrase down.
        for inner in prep_objects(obj, {"of"}):
            tiers[3].extend(prep_objects(inner, TARGET_PREPS - {"of"}))
    for x in (c for c in verb.children if c.dep_ == "xcomp"):
        tiers[4].extend(t for c in x.children if c.dep_ in {"dobj", "dative"} for t in with_conjuncts(c))
        tiers[4].extend(prep_objects(x, TARGET_PREPS - {"of"}))
        for obj in (c for c in x.children if c.dep_ == "dobj"):
            # "refused to cut ties with Moscow": the party of the infinitive's object.
            tiers[4].extend(prep_objects(obj, TARGET_PREPS - {"of"}))
    for clause in verb.children:
        if clause.dep_ == "ccomp" and asks:
            tiers[5].extend(t for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"} for t in with_conjuncts(c))
        elif clause.dep_ == "advcl" and infinitive(clause):
            tiers[5].extend(t for c in clause.children if c.dep_ in {"dobj"} for t in with_conjuncts(c))
            tiers[5].extend(prep_objects(clause, TARGET_PREPS - {"of"}))
    return tiers


def noun_roles(doc: Doc, kb: KnowledgeBase, noun: Token, modifier_is_target: bool, meeting: bool = False) -> tuple[list[Token], list[Token]]:
    """Source and target tokens of an event noun: "Russia's build-up", "talks between A and B", "a visit to Kyiv".

    `meeting`: the noun is a meeting or call, whose participants may be its verb's subjects ("agreed in a call").
    """
    sources: list[Token] = []
    targets: list[Token] = []
    for child in noun.children:
        if child.dep_ == "poss":
            sources.extend(with_conjuncts(child))
        elif child.dep_ in {"amod", "compound", "nmod"}:
            is_adj = child.pos_ == "ADJ" or adjective_country(kb, child) is not None
            if _anti(child):
                targets.append(child)  # "anti-Russian sanctions" are against Russia
            elif modifier_is_target and not is_adj:
                targets.append(child)
            elif mention_at(doc, child) is not None or is_adj:
                sources.append(child)
        elif child.dep_ == "prep" and child.lower_ == "by":
            sources.extend(t for p in child.children if p.dep_ == "pobj" for t in with_conjuncts(p))
        elif child.dep_ == "prep" and child.lower_ == "between":
            for p in (c for c in child.children if c.dep_ == "pobj"):
                both = with_conjuncts(p)
                sources.extend(both)
                targets.extend(both)
        elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
            for p in (c for c in child.children if c.dep_ == "pobj"):
                targets.extend(with_conjuncts(p))
                if child.lower_ == "of":
                    # "a suspension of air links with Serbia"
                    targets.extend(prep_objects(p, TARGET_PREPS - {"of"}))
    if not sources:
        head = noun.head
        if meeting and noun.dep_ == "pobj" and head.lower_ in SETTING_PREPS | {"for"} and head.head.pos_ in {"VERB", "AUX"}:
            # "Johnson and Biden agreed in a call", "negotiators return to Geneva for talks": the verb's subjects meet.
            sources = subjects(head.head)
        elif noun.dep_ == "dobj" and targets and any(c.dep_ == "prep" and c.lower_ == "with" for c in noun.children):
            # "Reznikov hailed talks with his Belarusian counterpart": the subject's own talks.
            sources = subjects(head)
    return sources, targets


def _anti(tok: Token) -> bool:
    """Whether a modifier is prefixed "anti-" ("anti-Russian", "anti - Russian" as the tokenizer cuts it)."""
    doc = tok.doc
    if tok.lower_.startswith("anti-"):
        return True
    before = [doc[i].lower_ for i in range(max(0, tok.i - 2), tok.i)]
    return before[-1:] == ["anti"] or before == ["anti", "-"]


def location(kb: KnowledgeBase, doc: Doc, tok: Token, movement: bool = False) -> tuple[Place | None, str | None]:
    """The place the text gives for an event, and the country of a border it names ("on the border with Ukraine").

    `movement`: the event goes somewhere (a visit, an attack), so "to Kyiv" and the object of
    "visited Kyiv" are its place; otherwise "sanctions on Varenia" and "accused Varenia" are not.
    """
    candidates = [tok, *[c for c in tok.children if c.dep_ in {"dobj", "nsubj", "nsubjpass"} and c.pos_ in {"NOUN", "PROPN"}]]
    # "moved away from the border with Ukraine": the place hangs on the adverb of direction.
    candidates += [c for c in tok.children if c.dep_ == "advmod" and c.lower_ in {"away", "back"}]
    for head in candidates:
        # "from" names a place only as the border forces leave ("pulled back from the border with Ukraine").
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS | {"from"}):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                pobj = _named_town(pobj)
                if prep.lower_ == "from" and pobj.lemma_.lower() not in BORDER_NOUNS and pobj.lower_ not in BORDER_NOUNS:
                    continue
                if pobj.lemma_.lower() in BORDER_NOUNS or pobj.lower_ in BORDER_NOUNS:
                    country = None
                    for sub in pobj.subtree:
                        if sub != pobj and (code := place_country(kb, doc, sub) or adjective_country(kb, sub)):
                            country = code
                            break
                    name = doc[pobj.left_edge.i : pobj.right_edge.i + 1].text
                    return Place(name=name.removeprefix("the ").removeprefix("The "), country=country), country
                if prep.lower_ not in STAY_PREPS and not movement:
                    continue
                country = place_country(kb, doc, pobj)
                if country is not None or pobj.ent_type_ in {"GPE", "LOC", "FAC"}:
                    name = entity_text(doc, pobj.i) or pobj.text
                    return Place(name=name.removeprefix("the "), country=country), None
    # "visited Kyiv": the object of a verb of movement is where the event took place.
    for obj in (c for c in tok.children if movement and c.dep_ == "dobj" and c.pos_ == "PROPN"):
        country = place_country(kb, doc, obj)
        if country is not None or obj.ent_type_ in {"GPE", "LOC", "FAC"}:
            return Place(name=entity_text(doc, obj.i) or obj.text, country=country), None
    return None, None


def _named_town(noun: Token) -> Token:
    """The name of "the town of Samarra", "the city of Mariupol"; any other noun is itself."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in TOWN_NOUNS:
        return noun
    return next((o for o in prep_objects(noun, {"of"}) if o.pos_ == "PROPN"), noun)


def sentence_countries(doc: Doc, tokens, kb: KnowledgeBase) -> dict[str, ActorRef]:
    """The countries a stretch of text names, through actor mentions, place names and adjectives."""
    found: dict[str, ActorRef] = {}
    for m in doc._.actor_mentions or []:
        if tokens.start <= m.start < tokens.end and m.actor.country and m.actor.sector != MEDIA_SECTOR:
            found.setdefault(m.actor.country, kb.country_ref(m.actor.country))
    for tok in tokens:
        if (m := mention_at(doc, tok)) is not None and (not m.actor.country or m.actor.sector == MEDIA_SECTOR):
            # "African" of the African Union names no country (nor Africa) here; "the Washington Post
            # reported" names the outlet, no party
            continue
        code = (place_country(kb, doc, tok) if tok.pos_ == "PROPN" else None) or adjective_country(kb, tok)
        if code:
            found.setdefault(code, kb.country_ref(code))
    # A region ("Western allies", "European leaders") acts, but is no state to stand in for a party
    # the text leaves unnamed: "any attack" in a sentence about Western sanctions is not on the West.
    return {code: ref for code, ref in found.items() if code not in kb.countries or kb.is_state(code)}
