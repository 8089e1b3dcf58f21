"""Link the people, bodies and countries of a document to canonical actors, and resolve references to them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..records import ActorRef
from .actor_places import Misspellings, MisspeltNouns, is_place_target
from .actor_refs import (
    ROLE_NOUNS,
    ROLE_PHRASES,
    _by_office,
    _inside,
    _office_of_noun,
    _quoted,
    mention_at,
    resolve_reference,
)
from .kb import INTERNATIONAL_PREFIXES, KnowledgeBase, Person, Surface, offices_of, slug
from .places import city_country

# Dependencies of a word that acts: the subject of a verb, the agent of a passive ("Moscow said").
ACTING_DEPS = {"nsubj", "nsubjpass", "agent", "poss"}
# Prepositions whose capitalised object is a place after a place noun ("in Brenna"); "at" and "from"
# also take people ("fired at Smith", "a call from Smith").
PLACE_PREPS = {"in", "near", "outside", "inside", "around"}
# The linker's word tables (titles, place nouns, role and body nouns), each described in the file.
_WORDS = yaml.safe_load(resources.files("crisisdesk.data.lexicons").joinpath("actor_words.yaml").read_text("utf-8"))
TITLE_WORDS: dict[str, str | None] = _WORDS["title_words"]
PLACE_NOUNS = set(_WORDS["place_nouns"])
TIME_WORDS = set(_WORDS["time_words"])
RELATION_NOUNS = set(_WORDS["relation_nouns"])
INTERNATIONAL_WORDS = set(_WORDS["international_words"])
GROUP_NOUNS = set(_WORDS["group_nouns"])
BODY_ROLES = set(_WORDS["body_roles"])
ROLE_HEADS = set(_WORDS["role_heads"])
PERSON_TITLES = set(_WORDS["person_titles"])
BACKED = set(_WORDS["backed"])
STATE_WORDS = set(_WORDS["state_words"])
FORMER_WORDS = set(_WORDS["former_words"])
ADDRESSED_ON = set(_WORDS["addressed_on"])
ADDRESSED_TO = set(_WORDS["addressed_to"])
STANCE_PREFIXES = set(_WORDS["stance_prefixes"])
COMPASS_WORDS = set(_WORDS["compass_words"])
PARTITIVE_WORDS = set(_WORDS["partitive_words"])
VENUE_HEADS = set(_WORDS["venue_heads"])
# Least population of a gazetteer city that a one-word name the model took for a person is read as:
# cities this large are rarely also a surname the text has not introduced.
BIG_CITY = 100_000
# ... and that of a town an attack falls on: a village of the same name somewhere else is no evidence.
TOWN = 10_000
# Confidence of a country taken from the sentence rather than the phrase (set by hand, below a
# linked name's 0.8-0.9: on the PLOVER odd ids such countries were right about two times in three).
CONF_CONTEXT_COUNTRY = 0.5
# Where a sector noun with no country or body is still an actor: a clause's subject or object, or the
# object of a preposition ("aid to refugees", "victories by the opposition coalition"); PETRARCH codes both.
# The root of a verbless sentence too: a headline or a caption ("Riot police in Dhaka"), and NGEC's actor strings.
GENERIC_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "ROOT"}
# Sectors of a body that acts inside one country: an armed group or party the dictionary codes by region
# or as transnational ("Islamic Salvation Front" INTREB) takes the one country its sentence names.
NATIONAL_SECTORS = {"REB", "OPP", "PTY"}
# Sectors of a title word that put a known person outside the government whatever the dictionary dates say.
OUTSIDE_SECTORS = {"OPP", "REB"}
AGE = re.compile(r"\b\d{1,3}-years?-old\s*$")


@dataclass
class Mention:
    """A stretch of text that names or refers to an actor."""

    start: int  # token index
    end: int  # token index, exclusive
    start_char: int
    end_char: int
    actor: ActorRef
    via: str  # kb | ner | short | title | metonym | agent | coref | pronoun | role | place | context (country from the sentence)
    confidence: float = 1.0
    role: str | None = None  # the office a role phrase names ("spokesperson"), for later "the spokesman"
    gender: str = "unknown"  # of a known person, for "he" and "she"


def _day(doc: Doc) -> str | None:
    published = doc._.published
    return str(published)[:10] if published else None


def _title_before(doc: Doc, start: int) -> list[Token]:
    """The title words and country words right before a name ("U.S. State Department spokesman")."""
    tokens: list[Token] = []
    i = start - 1
    while i >= 0:
        tok = doc[i]
        # A title word modifies a word to its right, up to the end of the name (four words at most).
        if tok.pos_ in {"VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ"} or not tok.i < tok.head.i <= start + 4:
            break
        if tok.is_punct and tok.text != "-":
            break
        tokens.insert(0, tok)
        i -= 1
    if not tokens and start > 0:
        # "summoned Niger's ambassador Brah Mohamane": the parser made the name an apposition of its title
        title = doc[start - 1]
        if title.pos_ == "NOUN" and any(c.dep_ == "appos" and c.i >= start for c in title.children):
            tokens = [t for t in doc[title.left_edge.i : start] if t.dep_ not in {"det", "punct", "case"} and not t.is_punct]
    return tokens


class ActorLinker:
    """Find actor mentions in a Doc: dictionary matches, named entities, titles, metonyms and agent nouns."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        # One matcher key for all forms: adding tens of thousands of keys one by one takes seconds.
        self.forms: dict[str, str] = {}  # the form's tokens joined by spaces -> the form
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matcher.add("KB", self._patterns(nlp, list(kb.surfaces), self.forms))
        self.agent_phrases: dict[str, str] = {}
        self.agent_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.agent_matcher.add("AGENT", self._patterns(nlp, [a for a in kb.agents if " " in a], self.agent_phrases))
        self.misspellings = Misspellings(kb)
        self.misspelt_nouns = MisspeltNouns(kb.agents)

    @staticmethod
    def _patterns(nlp: Language, forms: list[str], keys: dict[str, str]) -> list[Doc]:
        """Pattern Docs for forms; plain words skip the tokenizer (it costs about 0.4 ms a form)."""
        patterns = []
        plain = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")
        for form in forms:
            doc = Doc(nlp.vocab, words=form.split()) if plain.fullmatch(form) else nlp.make_doc(form)
            keys.setdefault(" ".join(t.text for t in doc), form)
            patterns.append(doc)
        return patterns

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.actor_mentions = self.link(doc)
        finally:
            self.misspellings.forget()
        return doc

    # -- building the mention list -------------------------------------------------------------
    def link(self, doc: Doc) -> list[Mention]:
        """All actor mentions of a document, in text order, without overlaps."""
        day = _day(doc)
        kb = self.kb
        found: list[Mention] = []
        taken = [False] * len(doc)

        def claim(m: Mention) -> bool:
            if any(taken[m.start : m.end]):
                return False
            for i in range(m.start, m.end):
                taken[i] = True
            found.append(m)
            return True

        matches = sorted(self.matcher(doc), key=lambda m: (m[1] - m[2], m[1]))  # longest first
        spans = [(self.forms.get(" ".join(t.text for t in doc[s:e]), doc[s:e].text), s, e) for _, s, e in matches]
        matched = {i for _, s, e in spans for i in range(s, e)}
        # "Ethopia", "Quatar": a country word with one typing error stands for that country
        spans += [(t.text, t.i, t.i + 1) for t in doc if t.i not in matched and t.text[:1].isupper() and self.misspellings.learn(t)]
        known: dict[str, ActorRef] = {}  # one-word name -> actor, for "Putin" after "Vladimir Putin"

        # 1. full names of known people
        for form, s, e in spans:
            surface = next((x for x in kb.surfaces.get(form, []) if x.kind == "person"), None)
            if surface is None or any(taken[s:e]) or self._in_longer_name(doc, s, e):
                continue
            person = kb.people[surface.key]
            ref = self._person_ref(person, day, self._title_text(doc, s))
            named = self._of_country(doc, e)
            if named and ref.country and named != ref.country:
                # "King Hassan of Morocco" is not the Hassan of Jordan the dictionary knows
                ref = self._person_from_context(doc, doc[s:e], day)
                if claim(Mention(s, e, doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), ref, "ner", 0.8)):
                    self._consume_title(doc, s, taken)
                continue
            if claim(Mention(s, e, doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), ref, "kb", gender=person.gender)):
                for short in person.short or [doc[e - 1].text]:
                    known.setdefault(short, ref)
                self._consume_title(doc, s, taken)
        # 1b. peoples: "Iraqi Kurds", "Bosnian Serbs" (which spaCy may tag as a person)
        for tok in doc:
            m = self._people_of(doc, tok) if tok.pos_ == "PROPN" else None
            if m is not None:
                claim(m)
        # 2. people named by spaCy, and one-word names of known people
        places = {form for form, s, e in spans if any(x.kind in {"country", "capital", "org_seat"} for x in kb.surfaces.get(form, []))}
        places |= _named_as_places(doc)
        agent_spans = [(s, e) for _, s, e in self.agent_matcher(doc)]
        name_words = {t.text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for t in ent}
        for ent in doc.ents:
            if ent.label_ != "PERSON" or any(taken[ent.start : ent.end]):
                continue
            if any(s <= ent.start and ent.end <= e for s, e in agent_spans):
                continue  # "Riot police" at the start of a sentence: a sector phrase, not a person named Riot
            if ent.root.dep_ == "compound" and ent.end < len(doc) and ent.root.head.i > ent.end - 1 and self._agent_noun(doc[ent.end]) and doc[ent.end].pos_ == "NOUN":
                continue  # "a Karen guerrilla stronghold", "Tamil rebel positions": a people's name before a sector noun
            if ent.start > 0 and doc[ent.start - 1].lemma_.lower() in GROUP_NOUNS | {"party"} and not kb.surfaces.get(ent.text) and (sector := self._described(doc, ent, found)):
                # "the militant group Lashkar Jhangvi" tagged as a person: a body, of the sector its description gives
                ref = ActorRef(name=ent.text, actor_id=slug(ent.text), kind="organization", country=None, sector=sector, code=None)
                claim(Mention(ent.start, ent.end, ent.start_char, ent.end_char, ref, "ner", 0.5))
                continue
            if len(ent) == 1 and ent.text not in kb.shorts and is_place_target(ent):
                # "rebels shelled Jaffna": a town the small model took for a person; CAMEO codes its people
                claim(self._unknown_place(doc, ent))
                continue
            if len(ent) == 1 and ent.text not in kb.shorts and not kb.surfaces.get(ent.text) and ent.text not in name_words and city_country(doc, ent.text, BIG_CITY):
                continue  # "Russian forces took Kherson": a city of the gazetteer, no one's surname in this text
            if ent.text in places or ent.text in kb.places or any(x.kind != "person" for x in kb.surfaces.get(ent.text, [])):
                continue  # "Kyiv" or "Britons" tagged as a person: a place or a people
            start = ent.start
            while start < ent.end - 1 and (doc[start].lower_.rstrip(".") in TITLE_WORDS or doc[start].lower_ in TITLE_WORDS or any(x.kind in {"adjective", "country", "seat"} for x in kb.surfaces.get(doc[start].text, []))
                                           or start < ent.end - 2 and doc[start].lower_ in kb.agents):
                # the entity took the title in: the name starts after it; a sector noun too ("Archbishop Desmond
                # Tutu", "Imam Ali Khamenei"), where two words of name are left, so "Bishop" stays a surname
                start += 1
            end = ent.end
            while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in {"'s", "’s"}):
                end -= 1  # "Putin's": the name without its possessive ending
            if end <= start:
                continue  # "Ostmark’s" tagged as a person: a country's possessive, no name left
            name = doc[start:end]
            last = name[-1].text.removesuffix("'s").removesuffix("’s")
            ref, via = self._person_by_name(doc, name, last, known, day)
            gender = kb.people[ref.actor_id].gender if ref.actor_id in kb.people else "unknown"
            claim(Mention(name.start, name.end, name.start_char, name.end_char, ref, via, 0.9 if via != "ner" else 0.8, gender=gender))
            known.setdefault(last, ref)
            self._consume_title(doc, name.start, taken)
        for tok in doc:  # "Scholz" that the parser did not tag as a person
            if not taken[tok.i] and tok.text in known and tok.pos_ == "PROPN":
                ref = known[tok.text]
                gender = kb.people[ref.actor_id].gender if ref.actor_id in kb.people else "unknown"
                claim(Mention(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok), ref, "coref", 0.85, gender=gender))
        for tok in doc:  # "Scholz will visit Kyiv": a lone surname of one person in office that day
            # spaCy's small model often tags such a name GPE: the knowledge base's places decide instead
            # or a NOUN ("Macron will travel", tagged ORG), when the tagger still saw a name in it
            name_like = tok.pos_ == "PROPN" or tok.pos_ == "NOUN" and tok.ent_type_ in {"ORG", "GPE", "PERSON", "NORP"}
            if taken[tok.i] or not name_like or tok.text not in kb.shorts or tok.ent_iob_ == "I" or doc[tok.i + 1 : tok.i + 2].text[:1].isupper():
                continue  # part of a longer name ("Johnson & Johnson", "Price Waterhouse")
            if any(x.kind != "person" for x in kb.surfaces.get(tok.text, [])) or tok.text in kb.places:
                continue
            ref, via = self._person_by_name(doc, doc[tok.i : tok.i + 1], tok.text, known, day)
            holder = kb.people.get(ref.actor_id)
            if via == "short" and holder is not None and ref.country and any(x.kind == "country" for x in kb.surfaces.get(holder.name, [])):
                # Phoenix lists a country's cities as the short names of the country itself ("Kharkiv" of
                # "Ukraine"): a city, which like a capital is its people where attacked, its government where it acts
                span = doc[tok.i : tok.i + 1]
                sector = "CVL" if is_place_target(span) else "GOV" if _acts(span) else None
                claim(Mention(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok), kb.country_ref(ref.country, sector), "place", 0.6))
            elif via == "short" and holder is not None and holder.active(day):
                claim(Mention(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok), ref, "short", 0.8, gender=holder.gender))
                known.setdefault(tok.text, ref)
        # 3. role phrases with a country: "the British leader", "Kremlin spokesman", "Russian Foreign Minister"
        for tok in doc:
            if not taken[tok.i]:
                m = self._role_phrase(doc, tok, day, taken)
                if m is not None:
                    claim(m)
        # 4. bodies, countries, seats of power and capitals that act
        for form, s, e in spans:
            if any(taken[s:e]):
                continue
            # a shared seat ("Brussels" of the EU, NATO and Belgium) stands first for the bodies
            for surface in sorted(kb.surfaces.get(form, []), key=lambda x: x.kind != "org_seat"):
                if surface.kind in {"organization", "seat"} and self._in_longer_name(doc, s, e):
                    continue  # "Congress Party" is not Congress
                mention = self._from_surface(doc, surface, s, e, found)
                if mention is not None:
                    claim(mention)
                    break
        # 5. sector nouns: "Russian forces", "U.S. intelligence officials", "protesters"
        for m in self._agents(doc, taken, found, agent_spans):
            claim(m)
        # 5b. towns the knowledge base does not know, where an attack falls on them ("troops attacked Kismayo")
        for ent in doc.ents:
            if ent.label_ in {"GPE", "LOC"} and not any(taken[ent.start : ent.end]) and not kb.surfaces.get(ent.text) and is_place_target(ent):
                claim(self._unknown_place(doc, ent))
        # 5c. peoples the knowledge base does not know, where they take part in a clause ("killed Tutsis",
        # "thousands of Kurds"): civilians (CVL), of the country their sentence names (step 8)
        for ent in doc.ents:
            root = ent.root
            if ent.label_ == "NORP" and len(ent) == 1 and root.text.endswith("s") and root.pos_ in {"PROPN", "NOUN"} and not taken[ent.start] and not kb.surfaces.get(ent.text) and (root.dep_ in GENERIC_DEPS or root.dep_ == "conj" and root.head.dep_ in GENERIC_DEPS):
                ref = ActorRef(name=ent.text, actor_id=f"cvl-{slug(ent.text)}", kind="group", country=None, sector="CVL", code="CVL")
                claim(Mention(ent.start, ent.end, ent.start_char, ent.end_char, ref, "agent", 0.5))
        # 6. other bodies named by spaCy; "UNITA rebels", "NPFL fighters": a sector noun right after a body's
        # name says what the body is, wherever else the text names it
        typed = {ent.text: self._agent_noun(doc[ent.end]) for ent in doc.ents if ent.label_ == "ORG" and ent.end < len(doc) and doc[ent.end].pos_ == "NOUN" and self._agent_noun(doc[ent.end])}
        for ent in doc.ents:  # "the Baath party", "the Umma (Nation) party": a name word the entity left out
            after = doc[ent.end + (ent.end < len(doc) and doc[ent.end].text == ")") :][:1]
            if ent.label_ == "ORG" and ent.text not in typed and after and after[0].is_lower and after[0].lower_ in kb.name_words:
                typed[ent.text] = kb.name_words[after[0].lower_]
        for ent in doc.ents:
            if ent.label_ == "ORG" and not any(taken[ent.start : ent.end]) and self._personal_title(doc, ent.start):
                # "Rebel leader Foday Sankoh": the small model often tags a titled person's name ORG
                claim(Mention(ent.start, ent.end, ent.start_char, ent.end_char, self._person_from_context(doc, ent, day), "ner", 0.6))
                self._consume_title(doc, ent.start, taken)
            elif ent.label_ == "ORG" and not any(taken[ent.start : ent.end]) and self._titled_name(ent):
                # "Bishop Desmond Tutu", "Sultan Qaboos bin Said" tagged ORG with their title: a person
                name = doc[ent.start + 1 : ent.end]
                claim(Mention(name.start, name.end, name.start_char, name.end_char, self._person_from_context(doc, name, day), "ner", 0.6))
                self._consume_title(doc, name.start, taken)
            elif ent.label_ == "ORG" and not any(taken[ent.start : ent.end]) and len(ent) == 1 and is_place_target(ent) and city_country(doc, ent.text, TOWN):
                # "Russian troops shelled Irpin", the town tagged as a body: its people, of its country
                claim(self._unknown_place(doc, ent))
            elif ent.label_ == "ORG" and not any(taken[ent.start : ent.end]) and not names_a_venue(ent):
                country = self._country_in(doc, list(ent) + [c for t in ent for c in t.children if c.dep_ == "poss"])
                if country is not None and not kb.is_state(country):
                    country = None  # "Association of African Jurists": a region's word names no home
                sector = self._described(doc, ent, found) or _name_sector(kb.name_words, ent) or typed.get(ent.text) or self._members_sector(ent)
                if sector == "OPP" and ent.start > 0 and doc[ent.start - 1].lower_ in {"ruling", "governing"}:
                    sector = "GOV"  # "India's ruling Congress Party": in power, as the agents code "ruling party" GOV
                code = (country or "") + (sector or "") if country else None
                if country is None and any(t.lower_ in INTERNATIONAL_WORDS for t in ent):
                    code = "IGO"  # "Association of African Jurists", "World Water Forum": no one country's
                ref = ActorRef(name=ent.text, actor_id=slug(ent.text), kind="organization", country=country, sector=sector, code=code)
                claim(Mention(ent.start, ent.end, ent.start_char, ent.end_char, ref, "ner", 0.5))
        found.sort(key=lambda m: m.start)
        # 7. "the spokesman", "the prime minister": the holder of that role named earlier in the text
        for n, m in enumerate(found):
            head = doc[m.end - 1]
            if m.via == "agent" and m.actor.country is None and any(c.lower_ == "the" for c in head.children):
                office = _office_of_noun(doc, head)
                earlier = _by_office(found[:n], office) if office else None
                if earlier is not None:
                    found[n] = Mention(m.start, m.end, m.start_char, m.end_char, earlier.actor, "role", 0.7, office, earlier.gender)
                elif head.tag_ == "NNS" and m.actor.sector:
                    # "the ministers", "the troops": a definite plural points back at the last group of that sector.
                    group = next((g for g in reversed(found[:n]) if g.actor.sector == m.actor.sector and g.actor.country and g.actor.kind != "person"), None)
                    if group is not None:
                        found[n] = Mention(m.start, m.end, m.start_char, m.end_char, group.actor, "coref", 0.6)
        # 8. sector nouns and bodies still without a country: their owner's ("their forces"), else the
        # one country their sentence names ("elders demanded control of the Nigerian ministry").
        doc._.actor_mentions = found
        sole: dict[int, str | None] = {}  # sentence start -> its one country
        for n, m in enumerate(found):
            stateless = m.via == "kb" and m.actor.kind == "organization" and m.actor.sector in NATIONAL_SECTORS and (m.actor.code or "")[:3] not in INTERNATIONAL_PREFIXES
            if m.actor.country or not (m.via == "agent" and generic(m.actor) or m.via == "ner" and m.actor.kind == "organization" and not m.actor.code or stateless):
                continue
            head = doc[m.end - 1]
            poss = next((c for c in head.children if c.dep_ == "poss" and head.lemma_.lower() not in RELATION_NOUNS), None)
            # "their forces": whom the pronoun means; "Zoran Djindjic's opposition coalition": the named owner's country
            owner = (resolve_reference(doc, poss) if poss.pos_ == "PRON" else mention_at(doc, poss)) if poss is not None else None
            country = owner.actor.country if owner is not None else None
            sent = head.sent
            if sent.start not in sole:
                sole[sent.start] = self._sole_country(doc, sent)
            country = country or sole[sent.start]
            if country is None:
                continue
            if m.via == "agent":
                ref = kb.country_ref(country, m.actor.sector)
            else:
                ref = ActorRef(name=m.actor.name, actor_id=m.actor.actor_id, kind="organization", country=country, sector=m.actor.sector, code=country + (m.actor.sector or ""))
            via = "coref" if owner is not None and owner.actor.country else "context"
            found[n] = Mention(m.start, m.end, m.start_char, m.end_char, ref, via, CONF_CONTEXT_COUNTRY, m.role, m.gender)
        return found

    def _sole_country(self, doc: Doc, sent: Span) -> str | None:
        """The country a sentence names outside quotations, when it names only one."""
        quoted = _quoted(doc)
        codes = set()
        for tok in sent:
            # country words are capitalised: the cheap test first
            if tok.text[:1].isupper() and tok.pos_ in {"PROPN", "ADJ", "NOUN"} and _inside(quoted, tok.idx) is None and not _backs(doc, tok):  # not "Moscow-backed"
                # one to three words: "Sri Lankan", "Ivory Coast", "United Arab Emirates"
                for form in (doc[tok.i : min(tok.i + n, sent.end)].text for n in (1, 2, 3)):
                    for surface in self.kb.surfaces.get(form, []):
                        if surface.kind in {"adjective", "country", "capital", "demonym", "seat"} and self.kb.is_state(surface.key):
                            codes.add(surface.key)  # a region is no one state's: it types no one's body
        # a known person in office names a country too ("President Abdelaziz Bouteflika said ...")
        for m in doc._.actor_mentions or []:
            if sent.start <= m.start < sent.end and m.via in {"kb", "short"} and m.actor.kind == "person" and m.actor.country and _inside(quoted, m.start_char) is None:
                codes.add(m.actor.country)
        return next(iter(codes)) if len(codes) == 1 else None

    def _agent_noun(self, tok: Token) -> str | None:
        """The sector of a sector noun ("troops" MIL), by its form or its lemma."""
        return self.kb.agents.get(tok.lower_) or self.kb.agents.get(tok.lemma_.lower())

    def _title_text(self, doc: Doc, start: int) -> str:
        """The office words of the title before a name, without its country or body ("Japanese", "U.N.")."""
        words = []
        for tok in _title_before(doc, start):
            if tok.lower_ in TIME_WORDS or any(x.kind != "person" for x in self.kb.surfaces.get(tok.text, [])):
                continue  # "outgoing Prime Minister", "Japanese Prime Minister": the office is still "prime minister"
            words.append(tok.lower_)
        return " ".join(words)

    def _people_of(self, doc: Doc, tok: Token) -> Mention | None:
        """A country adjective or name before a people's plural name: "Iraqi Kurds", "Bosnian Serbs", "Kosovo Serbs"
        are that country's civilians."""
        if tok.i == 0 or not tok.text[:1].isupper() or not tok.text.endswith("s") or tok.tag_ not in {"NNPS", "NNP"} or self._agent_noun(tok):
            return None
        if any(x.kind != "demonym" for x in self.kb.surfaces.get(tok.text, [])):
            return None  # a name the dictionary knows as something else
        adj = doc[tok.i - 1]
        if adj.head.i != tok.i or adj.dep_ not in {"amod", "compound"}:
            return None
        # a region's word before a plural name is part of it ("African Jurists", "Asian Americans")
        country = next((x.key for x in self.kb.surfaces.get(adj.text, []) if x.kind in {"adjective", "country"} and self.kb.is_state(x.key)), None)
        if country is None:
            return None
        return Mention(adj.i, tok.i + 1, adj.idx, tok.idx + len(tok), self.kb.country_ref(country, "CVL"), "agent", 0.7)

    def _titled_name(self, ent: Span) -> bool:
        """Whether a body's entity is a title and a name of two or more words, with no word of a body's name."""
        first = ent[0].lower_
        own = TITLE_WORDS.get(first) if first in TITLE_WORDS else self.kb.agents.get(first)
        rest = ent[1:]
        return bool(own) and len(rest) >= 2 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in rest) and not any(
            t.lower_ in self.kb.name_words or t.lower_ in self.kb.agents or t.lower_ in PLACE_NOUNS or self.kb.surfaces.get(t.text) for t in rest)

    def _personal_title(self, doc: Doc, start: int) -> bool:
        """Whether the words right before a name end in a title that only a person holds ("rebel leader", "Gen.")."""
        if start == 0:
            return False
        last = doc[start - 1].lower_
        return bool(TITLE_WORDS.get(last) or TITLE_WORDS.get(last.rstrip("."))) or last in PERSON_TITLES

    def _in_longer_name(self, doc: Doc, s: int, e: int) -> bool:
        """Whether a dictionary match is part of a longer name spaCy found ("Hussein" in "Mohammed Hussein Roble")."""
        if doc[s].ent_type_ not in {"PERSON", "ORG"}:
            return False
        lo, hi = s, e  # the entity around the match, from the tokens' IOB tags (doc.ents builds every span)
        while doc[lo].ent_iob_ == "I" and lo > 0:
            lo -= 1
        while hi < len(doc) and doc[hi].ent_iob_ == "I":
            hi += 1
        if (lo, hi) == (s, e) or any(doc[i].ent_iob_ == "B" for i in range(s + 1, e)):
            return False
        for tok in list(doc[lo:s]) + list(doc[e:hi]):
            low = tok.lower_.rstrip(".")
            if tok.text[:1].isupper() and tok.is_alpha and tok.pos_ != "DET" and low not in TITLE_WORDS and tok.lower_ not in TITLE_WORDS and not self.kb.surfaces.get(tok.text):
                return True
        return False

    def _of_country(self, doc: Doc, end: int) -> str | None:
        """The country named by "of" right after a name ("King Hassan of Morocco")."""
        if end >= len(doc) or doc[end].lower_ != "of":
            return None
        for n in (3, 2, 1):
            for surface in self.kb.surfaces.get(doc[end + 1 : end + 1 + n].text, []) if end + n < len(doc) else []:
                if surface.kind == "country":
                    return surface.key
        return None

    def _consume_title(self, doc: Doc, start: int, taken: list[bool]) -> None:
        """Mark a name's title words as used, so "State Department" in a title is not a mention of its own."""
        for tok in _title_before(doc, start):
            taken[tok.i] = True

    def _person_by_name(self, doc: Doc, name: Span, last: str, known: dict[str, ActorRef], day: str | None) -> tuple[ActorRef, str]:
        """A person named by spaCy: an earlier mention of the same name, a known person by surname, or a new one."""
        kb = self.kb
        if last in known and (len(name) == 1 or known[last].name.split()[0] == name[0].text):
            return known[last], "coref"
        ids = kb.shorts.get(last, [])
        if ids and len(name) == 1:
            title = self._title_text(doc, name.start)
            office = offices_of(title) | ({"president"} if "president" in title else set())

            def order(p: Person) -> tuple[bool, int, bool]:
                fits = bool(office) and any(offices_of(r.title) & office for r in p.roles)
                return (not fits, p.rank, not p.active(day))

            people = sorted((kb.people[i] for i in ids), key=order)
            best = [p for p in people if order(p) == order(people[0])]
            # several equally good namesakes of one country (two Presidents Bush): the country is still known
            if len(best) == 1 or len({(p.role_on(day).country if p.role_on(day) else None) for p in best}) == 1:
                return self._person_ref(best[-1], day, title), "short"
        return self._person_from_context(doc, name, day), "ner"

    def _person_ref(self, person: Person, day: str | None, title: str) -> ActorRef:
        """A known person's actor; a title in the text ("President Yeltsin") picks the office it names."""
        ref = self.kb.person_ref(person, day)
        if ref.sector is None and (ref.code or "").startswith("IGO"):
            # Phoenix codes an international body's officials by the body alone (Kofi Annan IGOUNO); they are
            # its executive, as people.yaml codes the heads of NATO, the EU and the UN (GOV)
            ref = ref.model_copy(update={"sector": "GOV"})
        if re.search(r"\bformer\b", title) and ref.country:
            # "former president Carlos Menem": out of office, an elite (CAMEO ELI) whatever the dictionary dates say
            return ActorRef(name=ref.name, actor_id=ref.actor_id, kind="person", country=ref.country, sector="ELI", code=ref.country + "ELI", title=ref.title)
        outside = next((self.kb.agents[w] for w in title.split() if self.kb.agents.get(w) in OUTSIDE_SECTORS), None)
        if outside and ref.country:
            # "opposition leader Morgan Tsvangirai", "rebel commander X": the title says where they stand that day
            return ActorRef(name=ref.name, actor_id=ref.actor_id, kind="person", country=ref.country, sector=outside, code=ref.country + outside, title=title)
        office = offices_of(title) | ({"president"} if re.search(r"\bpresident\b", title) else set())
        if not office or offices_of(ref.title) & office:
            return ref
        roles = [r for r in person.roles if offices_of(r.title) & office or (r.sector == "GOV" and ref.sector in {"ELI", None})]
        if not roles:
            return ref
        role = min(roles, key=lambda r: abs(int((r.start or "1900")[:4]) - int((day or "2024")[:4])))
        code = role.code or ((role.country or "") + (role.sector or "")) or None
        return ActorRef(name=person.name, actor_id=person.id, kind="person", country=role.country, sector=role.sector, code=code, title=role.title or ref.title)

    def _role_phrase(self, doc: Doc, tok: Token, day: str | None, taken: list[bool]) -> Mention | None:
        """A role noun with a country or seat ("the German chancellor", "Kremlin spokesman") as its holder or body."""
        office = ROLE_NOUNS.get(tok.lower_)
        first = tok
        if tok.i > 0 and (doc[tok.i - 1].lower_, tok.lower_) in ROLE_PHRASES:
            office = ROLE_PHRASES[(doc[tok.i - 1].lower_, tok.lower_)]
            first = doc[tok.i - 1]
        if office is None or tok.pos_ not in {"NOUN", "PROPN"} or tok.ent_type_ == "PERSON":
            return None
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and (nxt.ent_type_ == "PERSON" or nxt.pos_ == "PROPN"):
            return None  # a title before a name: the name is the mention
        country, seat, body = None, None, None
        mods = [c for c in tok.children if c.dep_ in {"amod", "compound", "nmod", "poss"} and c.i < first.i]
        for mod in mods:
            for sub in [mod, *mod.children]:
                for surface in self.kb.surfaces.get(sub.text, []) + self.kb.surfaces.get(" ".join(t.text for t in mod.subtree if t.dep_ != "case"), []):
                    if surface.kind in {"adjective", "country", "capital", "seat"}:
                        country = country or surface.key
                        seat = seat or (" ".join(t.text for t in mod.subtree if t.dep_ != "case") if surface.kind == "seat" else None)
                    elif surface.kind == "organization":
                        body = body or self.kb.organizations[surface.key]
        if country is None and body is None:
            return None
        lo = min([first.i, *(t.i for m in mods for t in m.subtree)])
        if any(taken[lo : tok.i + 1]):
            return None
        span = doc[lo : tok.i + 1]
        holder: Person | None = None
        if office == "spokesperson" and seat:
            holder = self._spokesperson(country, seat, day)
        elif office != "spokesperson":
            holder = self.kb.holder(office, None if body else country, day, body.code if body else None)
        if holder is not None:
            return Mention(span.start, span.end, span.start_char, span.end_char, self.kb.person_ref(holder, day), "role", 0.8, office)
        if body is not None:
            return Mention(span.start, span.end, span.start_char, span.end_char, self.kb.organization_ref(body), "role", 0.7, office)
        assert country is not None
        return Mention(span.start, span.end, span.start_char, span.end_char, self.kb.country_ref(country, "GOV"), "role", 0.7, office)

    def _spokesperson(self, country: str | None, seat: str, day: str | None) -> Person | None:
        """The spokesperson of a seat of power on a day ("Kremlin spokesman" -> Dmitry Peskov), if one is known."""
        words = {w.lower() for w in seat.split()}
        found = []
        for p in self.kb.people.values():
            if p.rank > 0:
                continue
            for r in p.roles:
                if r.dated and r.active_on(day) and r.country == country and "spokesperson" in offices_of(r.title) and words <= set((r.title or "").lower().split()):
                    found.append(p)
                    break
        return found[0] if len(found) == 1 else None

    def _from_surface(self, doc: Doc, surface: Surface, s: int, e: int, found: list[Mention]) -> Mention | None:
        span = doc[s:e]
        kb = self.kb
        if surface.kind in {"organization", "seat"}:
            org = kb.organizations[surface.key] if surface.kind == "organization" else None
            home = org.country if org is not None else surface.key
            # "Chile's Defense Department": another country named with a national body's generic name owns it
            owner = next((c for c in span.root.children if c.dep_ in {"poss", "compound", "amod"} and c.i < s), None)
            code = self._country_in(doc, list(owner.subtree)) if owner is not None and home else None
            if code and code != home:
                sector = (org.sector if org is not None else surface.sector) or "GOV"
                lo = min([s, *(t.i for t in owner.subtree)])
                return Mention(lo, e, doc[lo].idx, span.end_char, kb.country_ref(code, sector), "kb" if org else "metonym")
            if org is not None:
                return Mention(s, e, span.start_char, span.end_char, kb.organization_ref(org), "kb")
            return Mention(s, e, span.start_char, span.end_char, kb.country_ref(surface.key, surface.sector), "metonym")
        if surface.kind == "org_seat":
            if not _acts(span):
                return None
            org = self._org_by_context(doc, s, surface, found)
            return Mention(s, e, span.start_char, span.end_char, kb.organization_ref(org), "metonym", 0.7) if org else None
        if surface.kind == "adjective":
            if not kb.is_state(surface.key) and _no_region_here(span.root):
                return None
            root = span.root
            if root.dep_ == "conj" and root.head.dep_ in {"amod", "compound"}:
                root = root.head  # "the Turkish and Greek sides": "Greek" modifies what "Turkish" modifies
            head = root.head
            while head.dep_ == "compound" and head.head.pos_ == "NOUN" and head.head.i > head.i:
                head = head.head  # "a Senegalese peace plan": the phrase is the plan's
            if root.dep_ not in {"amod", "compound", "nmod"} or head.pos_ != "NOUN" or _backed(root) or self._agent_noun(head):
                return None
            if any(c.dep_ == "compound" and c.pos_ == "NOUN" and self._agent_noun(c) for c in head.children):
                return None  # "Ugandan opposition candidates": the sector noun's phrase takes the adjective
            if e < len(doc) and doc[e].dep_ == "npadvmod" and doc[e].head.lower_ in BACKED and self._agent_noun(doc[e]):
                return None  # "Albanian rebel-held territory": the rebels' adjective
            # "Palestinian negotiators said", "rejected a Senegalese peace plan", "a blockade on Palestinian
            # lorries": the country is the actor of a noun phrase that takes part in a clause (as PETRARCH
            # codes a country adjective in a phrase with no sector noun).
            # "the besieged Bosnian town of Gorazde": a place is its people (CAMEO codes them CVL)
            sector = "CVL" if head.lemma_.lower() in PLACE_NOUNS else None
            if sector and not kb.is_state(surface.key):
                return None  # "peace on the European continent": a region's land is a place, no people to code
            if head.dep_ in {"nsubj", "nsubjpass", "dobj", "appos"} and head.i == e:
                return Mention(s, e + 1, span.start_char, head.idx + len(head), kb.country_ref(surface.key, sector), "kb", 0.6)
            if head.dep_ in {"nsubj", "nsubjpass", "dobj", "appos", "pobj", "conj"}:
                return Mention(s, e, span.start_char, span.end_char, kb.country_ref(surface.key, sector), "kb", 0.5)
            return None
        if surface.kind == "capital":
            if names_a_venue(span):
                return None
            if is_place_target(span):
                # "shelled Juba", "a curfew in Algiers": CAMEO codes the place's people (its civilians)
                return Mention(s, e, span.start_char, span.end_char, kb.country_ref(surface.key, "CVL"), "place", 0.6)
            # A capital is its government only where it acts: subject of a verb, or possessor ("Moscow's troops").
            if _acts(span):
                return Mention(s, e, span.start_char, span.end_char, kb.country_ref(surface.key, "GOV"), "metonym", 0.8)
            return None
        if surface.kind in {"country", "demonym"}:
            if span.root.dep_ == "compound" and span.root.head.ent_type_ == "PERSON":
                return None  # part of a title: "U.S. President Joe Biden"
            if not kb.is_state(surface.key) and span.root.dep_ == "compound" and span.root.head.pos_ == "PROPN":
                return None  # part of a name: "the Europe Bridge", "Africa Cup of Nations"
            if not kb.is_state(surface.key) and span.root.dep_ == "poss" and any(c.tag_ == "JJS" for c in span.root.head.children):
                return None  # a ranking's scope, not an owner: "seized Europe's largest nuclear power plant"
            if surface.kind == "demonym" and span.root.dep_ in {"amod", "compound"}:
                return None  # "British nationals": an adjective here, not the people
            head = span.root.head
            if span.root.dep_ in {"compound", "nmod"} and (self.kb.agents.get(head.lower_) or self.kb.agents.get(head.lemma_.lower())):
                return None  # "Ivory Coast rebels": the sector noun makes the mention
            sector = "CVL" if surface.kind == "demonym" else None
            code = self._homeland(doc, span, surface.key) if surface.kind == "demonym" else surface.key
            return Mention(s, e, span.start_char, span.end_char, kb.country_ref(code, sector), "kb")
        return None

    def _homeland(self, doc: Doc, span: Span, own: str) -> str:
        """Where a people lives: "the Albanians of southern Serbia" and "ethnic Turks" (in Sweden) are a
        minority of another country, which CAMEO codes as that country's civilians; else their own."""
        root = span.root
        for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ in {"of", "in"}):
            code = self._country_in(doc, [t for t in list(prep.subtree)[1:] if not _backs(doc, t)])  # not "Israeli-occupied"
            if code and code != own:
                return code
        if any(t.lower_ == "ethnic" for t in doc[max(span.sent.start, span.start - 2) : span.start]):
            for tok in span.sent:
                if not span.start <= tok.i < span.end and not _backs(doc, tok):
                    code = self._country_in(doc, [tok])
                    if code and code != own:
                        return code
        return own

    def _org_by_context(self, doc: Doc, s: int, surface: Surface, found: list[Mention]) -> object:
        """Which body a shared seat ("Brussels") stands for: the one the text names nearest, else the first listed."""
        candidates = [o for sf in self.kb.surfaces.get(doc[s].text, []) if sf.kind == "org_seat" for o in [self.kb.organizations[sf.key]]]
        sent = doc[s].sent
        names = {o.id: {o.name, *o.aliases} for o in candidates}

        def distance(org_id: str) -> int:
            best = 10**9
            for m in found:
                if m.actor.actor_id == org_id:
                    best = min(best, abs(m.start - s) - (1000 if sent.start <= m.start < sent.end else 0))
            for tok in sent:
                if tok.text in names[org_id]:
                    best = min(best, abs(tok.i - s) - 1000)
            return best

        return min(candidates, key=lambda o: (distance(o.id), candidates.index(o))) if candidates else None

    def _country_in(self, doc: Doc, tokens: list[Token]) -> str | None:
        """The country that country words among some tokens name ("Russian", "U.S.", "Moscow", "Kremlin")."""
        ids = {t.i for t in tokens if t.dep_ != "case"}
        for tok in tokens:
            # multi-word names first, so that "Northern Ireland" is not Ireland: "United States", "Downing Street"
            in_name = _no_region_here(tok)
            for n in (3, 2):
                if tok.text[:1].isupper() and all(tok.i + k in ids for k in range(n)):
                    for surface in self.kb.surfaces.get(" ".join(t.text for t in doc[tok.i : tok.i + n]), []):
                        if surface.kind in {"country", "seat", "capital", "adjective"} and not (in_name and not self.kb.is_state(surface.key)):
                            return surface.key  # "Sri Lankan army"
            for form in (tok.text, tok.text.removesuffix("'s").removesuffix("’s")):
                for surface in self.kb.surfaces.get(form, []):
                    if surface.kind in {"adjective", "country", "capital", "seat", "demonym"} and not (in_name and not self.kb.is_state(surface.key)):
                        return surface.key
        return None

    def _agents(self, doc: Doc, taken: list[bool], found: list[Mention], agent_spans: list[tuple[int, int]]) -> list[Mention]:
        """Sector nouns with their country: "Russian forces" (RUSMIL), "police in Kyiv" (UKRCOP), "protesters" (CVL)."""
        kb = self.kb
        heads: dict[int, tuple[int, str]] = {}  # head token -> (first token of the agent phrase, sector)
        for s, e in agent_spans:
            phrase = self.agent_phrases.get(" ".join(t.lower_ for t in doc[s:e]))
            if phrase is not None and s <= heads.get(e - 1, (s, ""))[0]:
                heads[e - 1] = (s, kb.agents[phrase])  # the longest phrase: "state news agency", not "news agency"
        for tok in doc:
            if tok.i not in heads and tok.pos_ in {"NOUN", "PROPN"} and not taken[tok.i]:
                sector = kb.agents.get(tok.lower_) or kb.agents.get(tok.lemma_.lower())
                if sector is None and tok.pos_ == "NOUN" and len(tok) >= 9:
                    misspelt = self.misspelt_nouns.correct(tok.lower_)  # "UN peackeepers"
                    sector = kb.agents[misspelt] if misspelt else None
                if sector and tok.text[:1].isupper() and tok.i > 0 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_:
                    sector = None  # the end of a hyphenated name: "Port-au-Prince"
                head = tok.head
                if sector and tok.pos_ == "NOUN" and tok.dep_ == "npadvmod" and head.lower_ in BACKED:
                    heads[tok.i] = (tok.i, sector)  # "rebel-held territory": the rebels hold it
                elif sector and tok.pos_ == "NOUN" and tok.dep_ == "compound" and head.pos_ == "NOUN" and head.i == tok.i + 1 and not taken[head.i] and not (kb.agents.get(head.lower_) or kb.agents.get(head.lemma_.lower())):
                    # "Ugandan opposition candidates", "guerrilla camps": the sector noun types the phrase its head names
                    heads[head.i] = (tok.i, sector)
                elif sector:
                    heads[tok.i] = (tok.i, sector)
            elif tok.pos_ == "ADJ" and tok.dep_ == "amod" and tok.head.lemma_.lower() in GROUP_NOUNS and tok.head.i > tok.i and tok.head.i not in heads and not taken[tok.head.i]:
                # "a Protestant extremist organization": an agent adjective types the group its head names
                sector = kb.agents.get(tok.lower_)
                if sector:
                    heads[tok.head.i] = (tok.i, sector)
        for i, (first, sector) in list(heads.items()):
            # "army spokesman", "rebel leader", "union leaders": a role noun takes the sector of the body noun
            # before it, as Phoenix codes POLICE_CHIEF COP, MILITARY_OFFICIAL MIL, REBEL_LEADER REB
            if doc[i].lemma_.lower() in ROLE_HEADS:
                # the body noun's own sector is its whole phrase's where one ends there ("a national intelligence
                # agency officer" SPY, as Phoenix codes INTELLIGENCE_OFFICER), else its word's
                mod = next((c for c in doc[i].children if c.dep_ in {"compound", "amod"} and c.i < i and c.i >= first - 1
                            and (heads.get(c.i, (0, None))[1] if c.i in heads and c.i > heads[c.i][0] else self._agent_noun(c)) not in {None, sector}
                            # a CVL adjective is no body ("national leaders" are the state's); a CVL noun is
                            # ("community leaders", "village leaders": Phoenix COMMUNITY and VILLAGER are CVL)
                            and not (c.pos_ != "NOUN" and self._agent_noun(c) == "CVL")), None)
                if mod is not None and not taken[mod.i]:
                    phrase = heads.pop(mod.i, None)
                    if phrase is not None and phrase[0] < mod.i:
                        heads[i] = (min(first, phrase[0]), phrase[1])
                    else:
                        heads[i] = (min(first, mod.i), self._agent_noun(mod) or sector)
        out = []
        for i, (first, sector) in sorted(heads.items()):
            head = doc[i]
            if head.pos_ not in {"NOUN", "PROPN"} or any(taken[first : i + 1]) or head.ent_type_ == "PERSON":
                continue
            if i + 1 < len(doc) and doc[i + 1].ent_type_ == "PERSON":
                continue  # a title before a name
            # "Israel's militia ally", "their rebel allies": the possessor of a relation noun is the other party
            owned = {"amod", "compound", "nmod"} if head.lemma_.lower() in RELATION_NOUNS else {"amod", "compound", "nmod", "poss"}
            mods = [c for c in head.children if c.dep_ in owned and c.i < first and not _backed(c)]
            held = head.dep_ == "npadvmod" and head.head.lower_ in BACKED
            if held and first > 0 and doc[first - 1].dep_ in {"amod", "compound"} and doc[first - 1].head.i == head.head.head.i:
                mods.append(doc[first - 1])  # "Albanian rebel-held territory": the adjective is the rebels'
            split = self._coordinated_countries(doc, mods, taken)
            mods += [cc for m in mods for cc in m.children if cc.dep_ == "conj"]  # "Hungarian and Romanian officials"
            country = self._country_in(doc, [t for m in mods for t in m.subtree])
            if sector == "MIL" and country is None and any(m.ent_type_ == "NORP" and not self.kb.surfaces.get(m.text) for m in mods):
                sector = "REB"  # "Moslem forces", "Kurdish fighters": the forces of a people, not of a state
            if split:
                # "Hungarian and Romanian officials": each adjective but the last is a mention of its own
                # (its country's officials); the last goes with the noun.
                for tok, code in split[:-1]:
                    out.append(Mention(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok), kb.country_ref(code, sector), "agent", 0.8))
                last, country = split[-1]
                mods = [last]
            sector = self._body_sector(head) or sector  # "leaders of the opposition", "a spokesman for the army"
            if sector == "MED" and any(t.lower_ in STATE_WORDS for m in mods for t in m.subtree):
                sector = "GOV"
            if any(c.lower_.rstrip("-") in FORMER_WORDS or c.lower_ in FORMER_WORDS for c in head.children if c.i < head.i):
                sector = "ELI"
            for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in {"of", "in", "from"}):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    country = country or self._country_in(doc, list(pobj.subtree))
            confidence = 0.9
            if country is None and sector in NATIONAL_SECTORS and any(m.pos_ == "PROPN" and not kb.surfaces.get(m.text) and not taken[m.i] for m in mods):
                # "a Karen guerrilla stronghold": a people's armed group fights in the country its sentence names first
                country = self._country_nearby(doc, doc[first : i + 1])
                confidence = CONF_CONTEXT_COUNTRY
            lo = min([first, *(t.i for m in mods for t in m.subtree)]) if country else first
            while lo < first and (taken[lo] or doc[lo].dep_ in {"det", "case", "punct"}):
                lo += 1
            if any(taken[lo : i + 1]):
                lo = first
            span = doc[lo : i + 1]
            body = None if country else self._body_in([t for m in mods for t in m.subtree])
            owner = None if country or body else _owner_mention(found, mods)
            if owner is not None:
                # "Red Cross officials", "Kremlin aides": the body or country named just before is theirs.
                ref = kb.country_ref(owner.actor.country, sector) if owner.actor.kind == "country" and owner.actor.country else owner.actor
                if ref.kind == "organization" and (ref.sector is None or sector == "ELI"):
                    # "EU legislators", "UN peacekeepers", "a former CIA official": the body's, in the noun's sector
                    ref = ref.model_copy(update={"sector": sector})
                out.append(Mention(first, i + 1, doc[first].idx, head.idx + len(head), ref, "agent", 0.8, _office_of_noun(doc, head)))
            elif country:
                out.append(Mention(span.start, span.end, span.start_char, span.end_char, kb.country_ref(country, sector), "agent", confidence))
            elif body is not None:  # "a senior EU official"
                span = doc[min([first, *(t.i for m in mods for t in m.subtree)]) : i + 1]
                if any(taken[span.start : span.end]):
                    span = doc[first : i + 1]  # the body's name is a mention of its own
                ref = kb.organization_ref(body)
                if ref.sector is None or sector == "ELI":
                    ref = ref.model_copy(update={"sector": sector})  # "UN peacekeepers": the body's, in the noun's sector
                out.append(Mention(span.start, span.end, span.start_char, span.end_char, ref, "agent", 0.8, _office_of_noun(doc, head)))
            elif (head.dep_ in GENERIC_DEPS or held or head.dep_ == "conj" and head.head.dep_ in GENERIC_DEPS) and (head.pos_ == "NOUN" or kb.agents.get(head.lower_)):
                # a sector noun the tagger made a proper noun for its capital ("Militiamen attacked") is still one
                ref = ActorRef(name=head.lemma_.capitalize() if head.tag_ != "NNS" else head.text.capitalize(), actor_id=f"{sector.lower()}-{slug(head.lemma_)}", kind="group", country=None, sector=sector, code=sector)
                span = doc[first : i + 1]
                out.append(Mention(span.start, span.end, span.start_char, span.end_char, ref, "agent", 0.5))
        return out

    def _coordinated_countries(self, doc: Doc, mods: list[Token], taken: list[bool]) -> list[tuple[Token, str]]:
        """Coordinated country adjectives before a noun, each with its country, when they name two or more."""
        for mod in mods:
            chain = sorted([mod, *mod.conjuncts], key=lambda t: t.i)
            if len(chain) < 2 or any(taken[t.i] for t in chain):
                continue
            codes = [self._country_in(doc, [t]) for t in chain]
            if all(codes) and len(set(codes)) == len(codes):
                return list(zip(chain, codes, strict=True))  # type: ignore[arg-type]
        return []

    def _body_in(self, tokens: list[Token]):
        """The body that words among some tokens name ("EU" in "a senior EU official")."""
        for tok in tokens:
            for surface in self.kb.surfaces.get(tok.text, []):
                if surface.kind == "organization":
                    return self.kb.organizations[surface.key]
        return None

    def _person_from_context(self, doc: Doc, ent: Span, day: str | None) -> ActorRef:
        """A person not in the knowledge base: name, with country and role from the title before, apposition or context."""
        title_tokens = _title_before(doc, ent.start)
        country = self._country_in(doc, title_tokens)
        # "15-year-old Mykhailo Anopa": an age and no office make a civilian
        sector = "CVL" if AGE.search(doc[max(0, ent.start - 6) : ent.start].text) else None  # doc.text would join the whole text
        title_words = []
        # a title of several words that the agents list as a whole decides before its single words: "party
        # leader" PTY (Phoenix PARTY_LEADER), where "leader" alone is GOV
        texts = [t.lower_ for t in title_tokens]
        for n in (3, 2):
            for i in range(len(texts) - n + 1):
                sector = sector or self.kb.agents.get(" ".join(texts[i : i + n]))
        body = self._body_named(title_tokens)
        if body is not None and body.sector:
            # "Hezbollah leader X", "UNITA chief X": a body named in the title is the one the person serves, its
            # country and sector theirs, as CAMEO codes a body's officials by the body (and "leader of X" above)
            country = country or body.country
            sector = sector or body.sector
        for tok in title_tokens:
            if tok.like_num or tok.lower_ in {"-", "year", "years", "old"}:
                continue
            if any(s.kind in {"adjective", "country", "seat"} for s in self.kb.surfaces.get(tok.text, [])):
                continue
            if tok.lower_ in TITLE_WORDS or tok.pos_ in {"PROPN", "NOUN"}:
                title_words.append(tok.text)
                # a title word decides by the table above even where it has no sector of its own: Phoenix's
                # agents give "deputy" COP (a sheriff's deputy), which made "Deputy Foreign Minister X" police
                own = TITLE_WORDS.get(tok.lower_) if tok.lower_ in TITLE_WORDS else self.kb.agents.get(tok.lower_)
                sector = sector or own
        title = " ".join(title_words) or None
        if any(t.lower_ == "former" for t in title_tokens):
            sector = "ELI"  # "former minister X": out of office
        # Apposition: "Fyodor Lukyanov, head of the Council ..." or "Pavel Kuleshov, a 65-year-old pensioner";
        # and the other way round: "the country's top general, Abdul Rahman".
        appositions = [c for c in ent.root.children if c.dep_ == "appos"]
        if ent.root.dep_ == "appos" and ent.root.head.pos_ == "NOUN" and ent.root.head.i < ent.start:
            appositions.append(ent.root.head)
        for child in appositions:
            if child.i < ent.start or child.dep_ == "appos":
                relcl = [t.i for t in child.subtree if t.dep_ == "relcl" or (t.is_punct and t.i > child.i)]
                words = [t for t in child.subtree if t.i < min(relcl + [child.i + 12]) and not ent.start <= t.i < ent.end]
                title = title or " ".join(t.text for t in words if not t.is_punct and t.dep_ != "det" and not t.like_num and t.lower_ not in {"year", "old"})[:80] or None
                before = doc[child.i - 1].lower_ if child.i > 0 and doc[child.i - 1].head.i == child.i else ""
                sector = (sector or self._body_sector(child) or self.kb.agents.get(f"{before} {child.lower_}") or self._role_body(child)
                          or TITLE_WORDS.get(child.lemma_.lower()) or self.kb.agents.get(child.lower_) or self.kb.agents.get(child.lemma_.lower()))
                country = country or self._country_in(doc, [t for t in child.subtree if not ent.start <= t.i < ent.end])
                if any(c.lower_.rstrip("-") in FORMER_WORDS for c in child.children if c.i < child.i):
                    sector = "ELI"  # "the former prime minister, X": out of office, as with the title before the name
        country = country or self._of_country(doc, ent.end)
        if country is None:
            country = self._country_nearby(doc, ent)
        return ActorRef(
            name=ent.text,
            actor_id=slug(ent.text),
            kind="person",
            country=country,
            sector=sector,
            code=(country + (sector or "")) if country else None,
            title=title,
        )

    def _unknown_place(self, doc: Doc, ent: Span) -> Mention:
        """A place the knowledge base does not know, where an attack falls: its civilians, of the country its
        own phrase names ("Nabatiyeh in southern Lebanon"), else of the one country its sentence names."""
        country = None
        for prep in (c for c in ent.root.children if c.dep_ == "prep" and c.lower_ in {"in", "near", "of"}):
            country = country or self._country_in(doc, list(prep.subtree))
        # the gazetteer's city before the sentence's country: "Russian forces shelled Kherson" falls on Ukrainians
        country = country or city_country(doc, ent.text, TOWN) or self._sole_country(doc, ent.sent)
        if country:
            ref = self.kb.country_ref(country, "CVL")
        else:
            ref = ActorRef(name=ent.text, actor_id=slug(ent.text), kind="group", country=None, sector="CVL", code="CVL")
        return Mention(ent.start, ent.end, ent.start_char, ent.end_char, ref, "place", 0.5)

    def _members_sector(self, name: Span) -> str | None:
        """The sector of the people a body's name says it gathers ("Farmers Union" AGR, "Students' Union" EDU):
        a plural sector noun in the name, as Phoenix codes FARMERS_UNION and TEACHERS_UNION by their members.
        CVL is left out: "People's Army" and "National Front" are no civilians."""
        for tok in name:
            sector = self.kb.agents.get(tok.lower_) if tok.tag_ in {"NNS", "NNPS"} or tok.lower_.endswith("s") else None
            if sector and sector != "CVL":
                return sector
        return None

    def _described(self, doc: Doc, ent: Span, found: list[Mention]) -> str | None:
        """The sector of the sector noun that describes a body's name just before it ("the militant group X",
        "the newspaper X"): what the text says the body is decides before the words of its name."""
        before = doc[ent.start - 1] if ent.start > 0 else None
        if before is None or before.pos_ != "NOUN" or not (ent.root.head.i == before.i or before.head.i == ent.root.i):
            return None
        described = next((m for m in found if m.start <= before.i < m.end and m.via == "agent" and generic(m.actor)), None)
        if described is not None:
            return described.actor.sector
        mods = [c for c in before.children if c.dep_ in {"amod", "compound"} and c.i < before.i]
        phrase = " ".join(t.lower_ for t in [*mods, before])
        # "the opposition party X" (the agents' phrase), "the militant group X" (a group noun typed by its modifier)
        return self.kb.agents.get(phrase) or self._agent_noun(before) or next(
            (self._agent_noun(c) for c in mods if before.lemma_.lower() in GROUP_NOUNS and self._agent_noun(c) not in {None, "CVL"}), None)

    def _body_named(self, tokens: list[Token]):
        """The known body whose name some title words hold ("Hezbollah" in "Hezbollah leader"), if any."""
        for n in (4, 3, 2, 1):
            for i in range(len(tokens) - n + 1):
                words = tokens[i : i + n]
                if any(words[k + 1].i != words[k].i + 1 for k in range(n - 1)) or not words[0].text[:1].isupper():
                    continue
                surface = next((x for x in self.kb.surfaces.get(words[0].doc[words[0].i : words[-1].i + 1].text, []) if x.kind == "organization"), None)
                if surface is not None:
                    return self.kb.organizations[surface.key]
        return None

    def _role_body(self, role: Token) -> str | None:
        """The sector of the body noun before a role noun in an apposition ("X, the army spokesman" MIL, "X, a
        student leader" EDU), as the sector nouns' own role heads take it; a CVL adjective is no body."""
        if role.lemma_.lower() not in ROLE_HEADS:
            return None
        for mod in (c for c in role.children if c.dep_ in {"compound", "amod"} and c.i < role.i):
            sector = self._agent_noun(mod)
            if sector is not None and not (mod.pos_ != "NOUN" and sector == "CVL"):
                return sector
        return None

    def _body_sector(self, role: Token) -> str | None:
        """The sector of the body a role noun serves, which decides over the role's own ("a spokesman for the
        rebels" REB, "head of the army" MIL), as CAMEO codes a body's officials by the body."""
        if role.lemma_.lower() not in BODY_ROLES:
            return None
        for prep in (c for c in role.children if c.dep_ == "prep" and c.lower_ in {"for", "of"}):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                phrase = " ".join(t.lower_ for t in pobj.subtree if t.dep_ != "det" and t.i <= pobj.i)
                sector = self.kb.agents.get(phrase) or self._agent_noun(pobj)  # "the ruling party" GOV before "party"
                if sector is None:
                    sector = next((self.kb.organizations[x.key].sector for x in self.kb.surfaces.get(" ".join(t.text for t in pobj.subtree if t.dep_ != "det"), []) if x.kind == "organization"), None)
                if sector is None and any(c.pos_ == "PROPN" for c in pobj.children):
                    sector = self.kb.name_words.get(pobj.lower_)  # "the Baath party": an unknown body's name word
                if sector is None and pobj.pos_ == "PROPN":
                    # "the head of the Kenya Human Rights Network": the words or members of an unknown body's name
                    name = pobj.doc[min(t.i for t in pobj.subtree if t.dep_ != "det") : pobj.i + 1]
                    sector = _name_sector(self.kb.name_words, name) or self._members_sector(name)
                if sector is None and pobj.lemma_.lower() in GROUP_NOUNS | {"coalition", "alliance", "union", "side", "camp"}:
                    # "leaders of the rebel movement", "head of the opposition coalition": the group's modifier
                    sector = next((self._agent_noun(c) for c in pobj.children if c.dep_ in {"amod", "compound"} and self._agent_noun(c) not in {None, "CVL"}), None)
                if sector:
                    return sector
        return None

    def _country_nearby(self, doc: Doc, ent: Span) -> str | None:
        """The first country word of a name's sentence outside quotations, else of the sentence before."""
        quoted = _quoted(doc)
        sents = [ent.sent]
        if ent.sent.start > 0:
            sents.append(doc[ent.sent.start - 1].sent)
        for sent in sents:
            for tok in sent:
                if tok.text[:1].isupper() and _inside(quoted, tok.idx) is None and not (ent.start <= tok.i < ent.end):
                    for form in (doc[tok.i : min(tok.i + n, sent.end)].text for n in (1, 2, 3)):  # "Ivory Coast"
                        for surface in self.kb.surfaces.get(form, []):
                            if surface.kind in {"adjective", "country", "capital", "demonym"} and self.kb.is_state(surface.key):
                                return surface.key
        return None


def generic(ref: ActorRef) -> bool:
    """Whether an actor is a bare sector noun ("troops", "reporters") that names no country or body."""
    return ref.kind == "group" and not ref.country and (not ref.code or ref.code == ref.sector)


def _name_sector(words: dict[str, str], name: Span) -> str | None:
    """The sector the words of a body's name give: its head's first ("Ministry of Health" GOV, "Kosovo
    Liberation Front" REB), the head being the last sector word before an "of" or "for", else the last of all."""
    cut = next((t.i for t in name if t.lower_ in {"of", "for"}), name.end)
    for part in (name.doc[name.start : cut], name.doc[cut : name.end]):
        sector = next((words[t.lower_] for t in reversed(part) if t.lower_ in words), None)
        if sector:
            return sector
    return None


def _owner_mention(found: list[Mention], mods: list[Token]) -> Mention | None:
    """A body or country mention among a sector noun's modifiers ("Red Cross" in "Red Cross officials")."""
    for mod in mods:
        for m in found:
            if m.start <= mod.i < m.end and m.actor.kind in {"organization", "country"} and (m.actor.country or m.actor.code):
                return m
    return None


def _named_as_places(doc: Doc) -> set[str]:
    """Names the text itself uses as places ("the village of Brenna", "near Brenna"): no person, wherever they recur."""
    out = set()
    for ent in doc.ents:
        root = ent.root
        if root.dep_ == "pobj" and root.head.i == ent.start - 1 and (root.head.lower_ in PLACE_PREPS or root.head.lower_ == "of" and root.head.head.lemma_.lower() in PLACE_NOUNS):
            out.add(ent.text)
        elif root.dep_ == "nsubj" and root.head.lemma_ in {"lie", "border"}:
            out.add(ent.text)
    return out


def _no_region_here(tok: Token) -> bool:
    """Whether a region's word is part of a name ("the Association of African Jurists") or a point of
    the compass ("its Southern and Western military districts") rather than the region acting."""
    return tok.dep_ == "compound" and tok.head.pos_ == "PROPN" or any(t.lower_ in COMPASS_WORDS for t in [tok.head, *tok.conjuncts] if t.i != tok.i)


def _backs(doc: Doc, tok: Token) -> bool:
    """Whether a country word says who backs or holds something ("Moscow-backed", "Israeli-occupied"),
    or whom it is for or against ("pro-Russian separatists" are no Russians, as CAMEO codes rebels by
    where they fight)."""
    return tok.head.lower_ in BACKED or doc[tok.i + 1 : tok.i + 3].text.lower().lstrip("-").strip() in BACKED or stance_prefixed(doc, tok)


def stance_prefixed(doc: Doc, tok: Token) -> bool:
    """Whether a word carries a "pro-", "anti-" or "pan-" prefix the tokenizer split off ("Pro", "-", "Russian")."""
    prev = doc[tok.i - 1].lower_ if tok.i >= 1 else ""
    if prev == "-" and tok.i >= 2:
        prev = doc[tok.i - 2].lower_
    return prev.rstrip("-") in STANCE_PREFIXES


def _backed(tok: Token) -> bool:
    """Whether a modifier says who backs or holds something ("Moscow-backed", "Kyiv-held"), not whose it is."""
    return any(t.lower_ in BACKED for t in tok.subtree) or tok.lower_ in BACKED or stance_prefixed(tok.doc, tok)


def _addressed(prep: Token) -> bool:
    """Whether "on" or "to" follows a word of pressure or address, so its object is a government ("sanctions on Tehran")."""
    words = ADDRESSED_ON if prep.lower_ == "on" else ADDRESSED_TO
    return prep.head.lemma_.lower() in words


def names_a_venue(span: Span) -> bool:
    """Whether a name only says where a document was made or a meeting met: "the Minsk agreements",
    "the Normandy format". A country's name there ("the US-Russia talks") names a party and stays."""
    root = span.root
    return root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.lower_ in VENUE_HEADS


def _acts(span: Span) -> bool:
    """Whether a place name acts: it is the subject or agent of a verb, a possessor, or their conjunct."""
    root = span.root
    if root.dep_ == "conj" and root.head.dep_ in ACTING_DEPS:
        return True
    if root.dep_ == "conj" and root.head.i < root.i and root.head.pos_ == "PROPN":
        return _acts(span.doc[root.head.i : root.head.i + 1])  # "talks between Moscow and Kyiv": as its first conjunct
    if root.dep_ == "pobj" and root.head.lower_ in {"on", "to"} and _addressed(root.head):
        return True  # "sanctions on Tehran", "pressure on Pyongyang", "a warning to Moscow", "appealed to Kabul"
    if root.dep_ == "pobj" and (root.head.dep_ == "agent" or root.head.lower_ == "by" and root.head.head.pos_ == "NOUN"):
        return True  # "was rejected by Moscow", "an admission by Moscow"
    if root.dep_ == "poss":
        return root.head.lower_ not in {"capital", "city", "streets", "centre", "center", "outskirts", "airport", "region", "suburbs"}
    if root.dep_ == "dobj" and root.head.pos_ == "VERB" and root.head.lemma_ not in {"visit", "leave", "reach", "enter", "fly", "travel", "attack", "shell", "bomb", "capture", "take"}:
        return True  # "accused Moscow", "urged Kyiv"
    if root.dep_ == "pobj" and root.head.lower_ in {"with", "against", "between"} and root.head.head.pos_ in {"NOUN", "VERB"}:
        return True  # "talks with Moscow", "sanctions against Minsk"
    return root.dep_ in {"nsubj", "nsubjpass"} and root.head.pos_ in {"VERB", "AUX"} and root.head.lemma_ != "be"
