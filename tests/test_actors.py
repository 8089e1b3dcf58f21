"""The actor linker on hand-written sentences: names, titles, roles, seats of power, metonyms, references."""

from __future__ import annotations

import pytest

from crisisdesk.nlp.actors import mention_at, resolve_reference


def _doc(nlp, text: str, day: str = "2022-02-14"):
    doc = nlp.make_doc(text)
    doc._.published = day
    with nlp.select_pipes(disable=["crisisdesk_timex", "crisisdesk_quotes", "crisisdesk_events"]):
        return nlp(doc)


def _actor(doc, words: str):
    start = doc.text.rindex(words)  # the last occurrence: later mentions test coreference
    span = doc.char_span(start, start + len(words), alignment_mode="expand")
    m = mention_at(doc, span.root)
    return m.actor if m else None


@pytest.mark.parametrize(
    ("text", "words", "name", "code"),
    [
        ("Russian Foreign Minister Sergey Lavrov met officials on Monday.", "Sergey Lavrov", "Sergey Lavrov", "RUSGOV"),
        ("Joe Biden spoke on Monday. Later Biden said he was ready.", "Biden", "Joe Biden", "USAGOV"),
        ("German Chancellor Olaf Scholz visited Kyiv on Monday.", "Olaf Scholz", "Olaf Scholz", "DEUGOV"),
        ("The Kremlin said the drills were over.", "Kremlin", "Government of Russia", "RUSGOV"),
        ("The Pentagon said the troops were ready.", "Pentagon", "Armed forces of United States", "USAMIL"),
        ("Moscow said the drills were over.", "Moscow", "Government of Russia", "RUSGOV"),
        ("Russian forces shelled the town.", "forces", "Armed forces of Russia", "RUSMIL"),
        ("Moscow-backed separatists shelled the town.", "separatists", "Separatists", "REB"),
    ],
)
def test_actors_link_names_titles_and_metonyms(nlp, text: str, words: str, name: str, code: str) -> None:
    actor = _actor(_doc(nlp, text), words)
    assert actor is not None and (actor.name, actor.code) == (name, code)


@pytest.mark.parametrize(
    ("text", "words", "code"),
    [
        ("The West has threatened sweeping sanctions against Russia.", "The West", "WST"),
        ("Russia accused the West of hysteria.", "the West", "WST"),
        ("Western leaders warned Moscow of severe consequences.", "leaders", "WSTGOV"),
        ("European officials met in Brussels on Monday.", "officials", "EURGOV"),
        ("Gulf states urged restraint on Monday.", "Gulf states", "PGS"),
        ("Russian troops are deployed in Eastern Europe.", "Eastern Europe", "EEU"),
    ],
)
def test_actors_regions_act_with_their_cameo_codes(nlp, text: str, words: str, code: str) -> None:
    actor = _actor(_doc(nlp, text), words)
    assert actor is not None and actor.code == code


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Kanye West released an album on Monday.", "West"),
        ("Some troops from its Southern and Western military districts returned to base.", "Western"),
        ("Russian troops seized Europe's largest nuclear power plant on Friday.", "Europe"),
        ("Militants attacked a village in West Virginia.", "West Virginia"),
        ("Workers blocked the Europe Bridge for three hours.", "Europe"),
        ("Members of the Association of African Jurists visited the camp.", "Jurists"),
        ("Ukraine demanded a meeting of the pan-European security body.", "body"),
    ],
)
def test_actors_a_region_word_in_a_name_or_after_pan_is_no_region(nlp, text: str, words: str) -> None:
    actor = _actor(_doc(nlp, text), words)
    assert actor is None or (actor.code or "")[:3] not in {"WST", "EUR", "AFR"}


def test_actors_the_british_leader_is_the_prime_minister_of_the_day(nlp) -> None:
    doc = _doc(nlp, "The British leader said he had no plans to travel.", "2022-02-14")
    assert _actor(doc, "leader").name == "Boris Johnson"
    doc = _doc(nlp, "The British leader said he had no plans to travel.", "2023-03-01")
    assert _actor(doc, "leader").name == "Rishi Sunak"


def test_actors_a_place_in_a_sentence_is_not_a_person_or_an_actor(nlp) -> None:
    doc = _doc(nlp, "Scholz visited Kyiv and met soldiers there.")
    assert all(m.actor.kind != "person" or m.actor.name != "Kyiv" for m in doc._.actor_mentions)
    assert _actor(doc, "Kyiv") is None


@pytest.mark.parametrize(
    ("text", "words", "code"),
    [
        # a news outlet is media of its own country, not of the country its sentence names
        ("A former officer told Fox News that the forces have struggled in Ukraine.", "Fox News", "USAMED"),
        ("Russian troops were returning to base, TASS reported.", "TASS", "RUSMED"),
        # a town the small model tags as a person or a body is the gazetteer's, not the sentence's country's
        ("Russian troops shelled Irpin on Sunday.", "Irpin", "UKRCVL"),
        ("Russian forces shelled Kherson on Wednesday.", "Kherson", "UKRCVL"),
    ],
)
def test_actors_outlets_and_attacked_towns_are_of_their_own_country(nlp, text: str, words: str, code: str) -> None:
    assert _actor(_doc(nlp, text), words).code == code


def test_actors_brussels_is_the_body_the_text_names(nlp) -> None:
    doc = _doc(nlp, "Brussels will wait, and EU leaders will meet on Thursday.")
    assert _actor(doc, "Brussels").code == "IGOEUREEC"


@pytest.mark.parametrize(
    ("text", "pronoun", "name"),
    [
        ("Olaf Scholz visited Kyiv. He urged Russia to talk.", "He", "Olaf Scholz"),
        ("The White House said the talks went well. It added that more would follow.", "It", "Government of United States"),
        # the subject two coordinated verbs share, though another country was named last
        ("Russia held talks with the West and said some of its troops were returning to base.", "its", "Russia"),
        ("Russia held talks with Ukraine on Monday and said some of its troops were returning to base.", "its", "Russia"),
        # ... but not where one clause holds both, or the second verb has its own subject
        ("As Western allies levy harsher sanctions against Russia for its invasion of Ukraine, banks worry.", "its", "Russia"),
        ("Ukrainian forces had repelled Russian attacks on the city and they had pulled back.", "they", "Russia"),
        # in an earlier sentence its subject first, though another was named after it
        ("Ukraine's president pleaded with leaders to punish Vladimir Putin. He vowed to fight.", "He", "Volodymyr Zelensky"),
        ("Russia has massed troops near Ukraine. It denies any plan to invade.", "It", "Russia"),
        # never the phrase that holds the pronoun
        ("Moscow has repeatedly dismissed Western allegations of its intention to invade Ukraine.", "its", "Government of Russia"),
        # the subject of a verb above the pronoun, though a relative clause named another country last
        ("Russia, which has massed troops near Ukraine, denies it intends to invade.", "it", "Russia"),
        ("Russia, which borders Ukraine, said its forces would stay.", "its", "Russia"),
        # a pronoun object is never its own clause's subject
        ("Ukraine said Russia attacked it.", "it", "Ukraine"),
        ("Vladimir Putin said Emmanuel Macron had called him.", "him", "Vladimir Putin"),
        # "it" is never a plural subject: the nearest singular actor back
        ("Western allies, who met Russia on Monday, say it must withdraw.", "it", "Russia"),
        # ... and "they" means the people its sentence names, not a country's singular name in between
        ("Many Ukrainians say that if Russia invades, they will fight back.", "they", "Civilians of Ukraine"),
    ],
)
def test_actors_pronouns_resolve_to_earlier_actors(nlp, text: str, pronoun: str, name: str) -> None:
    doc = _doc(nlp, text)
    token = next(t for t in doc if t.text == pronoun)
    m = resolve_reference(doc, token)
    assert m is not None and m.actor.name == name


@pytest.mark.parametrize(
    ("text", "role", "code"),
    [
        ("A Downing Street spokesman said the call went well. They spoke for an hour, according to the spokesman.", "spokesman", "GBRGOV"),
        ("Boris Johnson spoke to Volodymyr Zelensky on Tuesday. The PM promised further support.", "PM", "GBRGOV"),
    ],
)
def test_actors_a_role_noun_is_its_holder_named_before(nlp, text: str, role: str, code: str) -> None:
    doc = _doc(nlp, text)
    token = [t for t in doc if t.text == role][-1]
    m = resolve_reference(doc, token)
    assert m is not None and m.actor.code == code


def test_actors_unknown_person_keeps_name_and_gets_role_from_apposition(nlp) -> None:
    doc = _doc(nlp, "In Moscow, Russians said they did not want war. “Nobody wants it,” Pavel Petrov, a 65-year-old pensioner, said.")
    actor = _actor(doc, "Pavel Petrov")
    assert (actor.name, actor.country, actor.sector) == ("Pavel Petrov", "RUS", "CVL")


@pytest.mark.parametrize(
    ("text", "words", "name"),
    [
        ("Scholz will visit Moscow on Tuesday.", "Scholz", "Olaf Scholz"),  # one person of that surname in office
        ("Johnson spoke to Biden on Monday.", "Biden", "Joe Biden"),
        ("Macron will travel to Poland on Friday.", "Macron", "Emmanuel Macron"),  # tagged a common noun and ORG
    ],
)
def test_actors_lone_surname_of_a_person_in_office_links(nlp, text: str, words: str, name: str) -> None:
    actor = _actor(_doc(nlp, text), words)
    assert actor is not None and actor.name == name and actor.kind == "person"


def test_actors_lone_surname_out_of_office_on_the_day_stays_unknown(nlp) -> None:
    doc = _doc(nlp, "Scholz will visit Moscow on Tuesday.", "2015-06-01")  # in no office the knowledge base dates
    actor = _actor(doc, "Scholz")
    assert actor is None or actor.actor_id != "olaf-scholz"


def test_actors_a_name_the_text_uses_as_a_place_is_no_person(nlp) -> None:
    doc = _doc(nlp, "The village of Marrowby was shelled. Marrowby lies on the river, and people in Marrowby fled.")
    assert not [m for m in doc._.actor_mentions if m.actor.kind == "person" and m.actor.name == "Marrowby"]


@pytest.mark.parametrize(
    ("text", "words", "code"),
    [
        ("Kremlin officials denied the report.", "officials", "RUSGOV"),  # a seat before a sector noun
        ("Red Cross officials suspended aid deliveries.", "officials", "NGOHLH"),  # a body before a sector noun
        ("Russia said its forces had withdrawn.", "forces", "RUSMIL"),  # the owner of the pronoun
        ("Protesters blocked the roads, Nigerian police said.", "Protesters", "NGACVL"),  # the sentence's one country
        ("Senior Polish and Lithuanian officials met in Vilnius.", "Polish", "POLGOV"),  # coordinated adjectives:
        ("Senior Polish and Lithuanian officials met in Vilnius.", "Lithuanian officials", "LTUGOV"),  # one actor each
        ("The Sri Lankan army moved north.", "army", "LKAMIL"),  # a two-word adjective
        ("Security forces in Guinea dispersed the crowd.", "Security forces", "GINCOP"),  # Guinea, not Papua New Guinea
        ("Striking workers blocked the port.", "workers", "LAB"),
        ("Syrian refugees crossed the border.", "refugees", "SYRREF"),
    ],
)
def test_actors_sector_nouns_take_the_country_the_text_gives(nlp, text: str, words: str, code: str) -> None:
    actor = _actor(_doc(nlp, text), words)
    assert actor is not None and actor.code == code


def test_actors_sector_noun_in_a_sentence_of_two_countries_stays_generic(nlp) -> None:
    actor = _actor(_doc(nlp, "Protesters blocked the roads as Russian and Nigerian officials met."), "Protesters")
    assert actor is None or actor.country is None


@pytest.mark.parametrize(
    ("text", "words", "country", "sector"),
    [
        ("Kyrgyz Prime Minister Almaz Tokoyev received the delegation.", "Almaz Tokoyev", "KGZ", "GOV"),  # unknown person, adjective
        ("Georgian President Eduard Shevardnadze resigned.", "Eduard Shevardnadze", "GEO", "GOV"),  # a Phoenix role given only by code
        ("An Argentine court summoned former president Carlos Menem.", "Carlos Menem", "ARG", "ELI"),  # out of office
        ("The Orinoco Liberation Front said it would disarm in Venezuela.", "Orinoco Liberation Front", "VEN", "REB"),  # a body's name
    ],
)
def test_actors_country_and_sector_of_people_and_bodies(nlp, text: str, words: str, country: str, sector: str) -> None:
    actor = _actor(_doc(nlp, text, day=None), words)
    assert actor is not None and (actor.country, actor.sector) == (country, sector)



@pytest.mark.parametrize(
    ("text", "words", "country", "sector"),
    [
        ("Japanese Prime Minister Ryutaro Hashimoto met the delegation.", "Ryutaro Hashimoto", "JPN", "GOV"),  # the title in the text, not ELI
        ("Rebels tried to kill outgoing Prime Minister Iyad Allawi.", "Iyad Allawi", "IRQ", "GOV"),  # "outgoing" still names the office
        ("King Hassan of Morocco hosted the meeting.", "Hassan", "MAR", "GOV"),  # "of Morocco": not the Hassan of Jordan
        ("The minister summoned Niger's ambassador Ali Kanta on Tuesday.", "Ali Kanta", "NER", "GOV"),  # name parsed as the title's apposition
    ],
)
def test_actors_title_in_the_text_gives_office_and_country(nlp, text: str, words: str, country: str, sector: str) -> None:
    actor = _actor(_doc(nlp, text, day="2000-01-01"), words)
    assert actor is not None and (actor.country, actor.sector) == (country, sector)


@pytest.mark.parametrize(
    ("text", "words", "country", "sector"),
    [
        ("Some 5,000 Iraqi Kurds crossed the border.", "Kurds", "IRQ", "CVL"),  # a people the dictionary does not know
        ("Bosnian Serbs rejected the plan.", "Serbs", "BIH", "CVL"),  # a demonym of another country
        ("Three ethnic Albanians were killed in southern Serbia.", "Albanians", "SRB", "CVL"),  # a minority: where it lives
        ("The Albanians of southern Serbia demand autonomy.", "Albanians", "SRB", "CVL"),
        ("Palestinians of the Israeli-occupied West Bank went on strike.", "Palestinians", "PSE", "CVL"),  # not the occupier's
        ("The rebels rejected a Senegalese peace plan.", "Senegalese", "SEN", None),  # an adjective in an object
        ("The army lifted a blockade on Palestinian lorries.", "Palestinian", "PSE", None),  # ... in a preposition's object
        ("The president banned Ugandan opposition candidates.", "candidates", "UGA", "OPP"),  # a sector noun as compound
        ("Radical French farmers blocked the roads.", "farmers", "FRA", "AGR"),
        ("Vietnamese-led forces shelled the camps.", "forces", "VNM", "MIL"),  # "-led" is whose, "-backed" is not
        ("Moslem forces attacked the village.", "forces", None, "REB"),  # a people's forces, not a state's
        ("Poland demanded an admission by Moscow.", "Moscow", "RUS", "GOV"),  # an agentive "by"
        ("Some Kampuchean guerrillas crossed the border.", "guerrillas", "KHM", "REB"),  # a former name of the country
        ("Pro-Serbian separatists in Croatia shelled the village.", "separatists", "HRV", "REB"),  # "pro-" is whom they back
    ],
)
def test_actors_country_of_peoples_groups_and_adjectives(nlp, text: str, words: str, country: str | None, sector: str | None) -> None:
    actor = _actor(_doc(nlp, text, day="2000-01-01"), words)
    assert actor is not None and (actor.country, actor.sector) == (country, sector)


@pytest.mark.parametrize(
    ("text", "words", "country", "sector"),
    [
        ("The Moro Islamic Liberation Front rejected the offer.", "Moro Islamic Liberation Front", "PHL", "REB"),  # "(milf)" in the name
        ("The Liberation Tigers of Tamil Eelam denied it.", "Liberation Tigers of Tamil Eelam", "LKA", "REB"),  # "Of" in the name
        ("The Palestinian Islamic Jihad rejected the invitation.", "Palestinian Islamic Jihad", "PSE", "REB"),  # a region code
        ("President Abdelaziz Bouteflika said he would lift the ban on the Islamic Salvation Front.", "Islamic Salvation Front", "DZA", "REB"),
        ("The International Water Forum concluded that Kenya must allocate more funds.", "International Water Forum", None, None),  # no country from context
    ],
)
def test_actors_bodies_take_country_and_sector_from_code_name_and_context(nlp, text: str, words: str, country: str | None, sector: str | None) -> None:
    actor = _actor(_doc(nlp, text, day="2000-01-01"), words)
    assert actor is not None and (actor.country, actor.sector) == (country, sector)


@pytest.mark.parametrize(
    ("text", "words", "wrong"),
    [
        ("Ahmed Hussein Farah met the envoy.", "Ahmed Hussein Farah", "JOR"),  # not the one-word "Hussein" of the dictionary
        ("The Congress Party won the vote.", "Congress Party", "USA"),  # not Congress
        ("Peru's Defense Department denied the report.", "Defense Department", "USA"),  # a generic name of a national body
    ],
)
def test_actors_a_dictionary_name_inside_a_longer_name_is_not_its_actor(nlp, text: str, words: str, wrong: str) -> None:
    actor = _actor(_doc(nlp, text), words)
    assert actor is None or actor.country != wrong


def test_actors_another_country_owns_a_generic_body_name(nlp) -> None:
    actor = _actor(_doc(nlp, "Peru's Defense Department denied the report."), "Defense Department")
    assert actor is not None and actor.country == "PER"


@pytest.mark.parametrize(
    "text",
    [
        "The troops arrived in three weeks, according to Ostmark’s defence ministry.",
        "The troops arrived in three weeks, according to Ostmark's defence ministry.",
    ],
)
def test_actors_a_possessive_ending_left_of_a_country_is_no_person(text: str) -> None:
    from crisisdesk.nlp.pipeline import load_pipeline
    from crisisdesk.settings import get_settings

    from .conftest import EXAMPLE_ACTORS

    nlp = load_pipeline(get_settings().spacy_model, str(EXAMPLE_ACTORS))
    doc = _doc(nlp, text)
    assert not [m for m in doc._.actor_mentions if doc.text[m.start_char : m.end_char].lower() in {"’s", "'s"}]
    assert all(m.actor.kind != "person" for m in doc._.actor_mentions)


@pytest.mark.parametrize(
    ("text", "words", "sector"),
    [
        ("Riot police fired tear gas at students.", "Riot police", "COP"),  # a sector phrase, not a person named Riot
        ("Militiamen attacked the village on Monday.", "Militiamen", "REB"),  # a capitalised sector noun
        ("The defence ministry said the convoy was hit.", "defence ministry", "GOV"),  # Phoenix GOVMIL: government first
        ("An official Syrian newspaper called for unity.", "newspaper", "GOV"),  # state media are the state's voice
        ("A former minister was arrested on Monday.", "minister", "ELI"),  # out of office
        ("European Union legislators voted against the plan.", "legislators", "LEG"),  # a body's sector noun
        ("Angry crowds stoned the embassy.", "crowds", "CVL"),
        ('"We will not negotiate," said Ahmed Hassan, a spokesman for the rebels.', "Ahmed Hassan", "REB"),  # the body served decides
        ("The ruling party's secretary general, Ali Hassan, denied the charges.", "Ali Hassan", "GOV"),  # no general
        ("UNITA rebels attacked the town. UNITA said it would go on.", "UNITA", "REB"),  # typed by the noun after it
        ("The Orinoco National Guard said the exercise was over.", "Orinoco National Guard", "MIL"),  # a name word
        ("The army spokesman said so.", "army spokesman", "MIL"),  # a role noun takes its body noun's sector
        ("Union leaders and student leaders said so.", "student leaders", "EDU"),
        ("Leaders of the Baath party met on Sunday.", "Leaders", "OPP"),  # the body after "of"
        ("Troops shelled Albanian rebel-held territory.", "Albanian rebel", "REB"),  # the rebels hold it
        ("Rebels shelled Jaffna on Monday.", "Jaffna", "CVL"),  # an unknown town under attack: its people
        ("Hutu extremists killed Tutsis in Kigali.", "Tutsis", "CVL"),  # an unknown people in a clause
        ("Ethiopia opened its borders to UN peackeepers.", "peackeepers", "MIL"),  # one typing error
        ("The Umma (Nation) party said it would boycott the vote.", "Umma", "OPP"),  # a name word left out
        ("Deputy Foreign Minister Ali Hassan Mahmoud said so.", "Ali Hassan Mahmoud", "GOV"),  # "deputy" is no police deputy here
        ("A national intelligence agency officer was arrested.", "officer", "SPY"),  # the body phrase before the role noun
        ("Intelligence agencies warned of an attack.", "agencies", "SPY"),  # the plural of a dictionary phrase
        ("Ostmarkian agricultural workers blocked the road.", "workers", "AGR"),  # the phrase, not "workers" alone
        ("Party leader Ali Hassan Mahmoud was arrested.", "Ali Hassan Mahmoud", "PTY"),  # the title's phrase, not "leader"
        ("Archbishop Ali Hassan Mahmoud called for calm.", "Ali Hassan Mahmoud", "REL"),  # a title the entity took in
        ("The former prime minister, Ali Hassan Mahmoud, criticized the plan.", "Ali Hassan Mahmoud", "ELI"),  # former, in apposition
        ("Student leader Ali Hassan Mahmoud was detained.", "Ali Hassan Mahmoud", "EDU"),
        ("Algerian Islamic militants killed 12 villagers.", "militants", "REB"),  # militants first, their religion second
        ("The Ostmark Farmers Union called a strike.", "Union", "AGR"),  # an unknown body's members
        ("The Philippine Senate ratified the treaty.", "Senate", "LEG"),  # a legislature Phoenix codes GOV
        ("The president of the Senate said so.", "president", "LEG"),  # the body the president heads
        ("Iraqi state radio said the curfew was lifted.", "radio", "GOV"),  # state media
        ("Washington imposed sanctions on Tehran.", "Tehran", "GOV"),  # a capital that sanctions fall on
        ("Relations between Moscow and Kiev have worsened.", "Kiev", "GOV"),  # as its acting conjunct
        ("The community leaders said so on Monday.", "leaders", "CVL"),  # a CVL noun types the role noun
        ("The national leaders said so on Monday.", "leaders", "GOV"),  # a CVL adjective does not
        ("The party officials said so on Monday.", "officials", "PTY"),
        ("The siege of Sarajevo ended in 1996.", "Sarajevo", "CVL"),  # a siege falls on a place's people
        ("Leaders of the rebel movement rejected the offer.", "Leaders", "REB"),  # the group's modifier
        ("Bishop Ali Hassan Mahmoud said so on Monday.", "Ali Hassan Mahmoud", "REL"),  # a titled name tagged as a body
        ("The ruling Ostmark Unity Party won the vote.", "Party", "GOV"),  # an unknown party in power
    ],
)
def test_actors_sector_of_a_phrase_follows_cameo_rules(nlp, text: str, words: str, sector: str) -> None:
    actor = _actor(_doc(nlp, text), words)
    assert actor is not None and actor.sector == sector


def test_actors_a_title_of_opposition_decides_over_the_dictionary_role(nlp) -> None:
    actor = _actor(_doc(nlp, "Opposition leader Morgan Tsvangirai was arrested on Tuesday.", day="2000-06-01"), "Morgan Tsvangirai")
    assert actor is not None and (actor.country, actor.sector) == ("ZWE", "OPP")


def test_actors_the_end_of_a_hyphenated_name_is_no_sector_noun(nlp) -> None:
    doc = _doc(nlp, "The president returned to Port-au-Prince on Sunday.")
    assert not [m for m in doc._.actor_mentions if doc.text[m.start_char : m.end_char] == "Prince"]


@pytest.mark.parametrize(
    ("text", "words", "country", "sector"),
    [
        # the adjectives of the legislature and the courts type the role or group noun after them
        ("A parliamentary delegation arrived on Monday.", "delegation", None, "LEG"),
        ("Congressional leaders rejected the budget.", "leaders", None, "LEG"),
        ("Judicial officials postponed the hearing.", "officials", None, "JUD"),
        # an unknown body's name words decide the sector of the role that heads it, not the role's own
        ("The president of the Malawi Human Rights League was arrested.", "president", "MWI", "HRI"),
        # the possessor of a relation noun is the other party; the sector noun before it types it
        ("Syria's militia allies in Lebanon shelled the town.", "allies", "LBN", "REB"),
        ("Their militia allies rejected the offer.", "allies", None, "REB"),
        # peoples without a state, which the small model leaves untagged, are civilians
        ("Tamils fled the fighting on Sunday.", "Tamils", None, "CVL"),
        ("Hutus attacked the village on Sunday.", "Hutus", None, "CVL"),
        ("Uighurs protested in the square.", "Uighurs", None, "CVL"),
        # demonyms news writes that CountryInfo lacks, and a country's name before a people
        ("Croats voted on Sunday.", "Croats", "HRV", "CVL"),
        ("A Montenegrin minister resigned on Friday.", "minister", "MNE", "GOV"),
        ("Kosovo Serbs rejected the plan.", "Serbs", "XKX", "CVL"),
        ("Somalis fled to the border on Monday.", "Somalis", "SOM", "CVL"),
        # a place named after "the town of" stands where the town stands: an attack falls on its people
        ("Rebels attacked the town of Brenna on Sunday.", "Brenna", None, "CVL"),
        # an apposition's role noun takes the sector of the body noun before it
        ("Omar Hassan, the army spokesman, denied the report.", "Omar Hassan", None, "MIL"),
        ("Omar Hassan, a student leader, was detained.", "Omar Hassan", None, "EDU"),
        # a known body named in the title before a name is the one the person serves
        ("Hezbollah commander Omar Hassan warned Israel on Monday.", "Omar Hassan", "LBN", "REB"),
        ("Taliban spokesman Omar Hassan denied the report.", "Omar Hassan", "AFG", "REB"),
        # a sector noun describing a name just before it says what the body is
        ("The militant group Lashkar Jhangvi claimed the attack.", "Lashkar Jhangvi", None, "REB"),
        ("The newspaper Al-Wafd reported the clashes.", "Al-Wafd", None, "MED"),
    ],
)
def test_actors_sector_rules_of_the_eighth_pass(nlp, text: str, words: str, country: str | None, sector: str) -> None:
    actor = _actor(_doc(nlp, text, day="2000-01-01"), words)
    assert actor is not None and (actor.country, actor.sector) == (country, sector)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Lavrov said Kyiv was sabotaging the Minsk agreements.", "Minsk"),
        ("Russia wants talks in the Normandy format.", "Normandy"),
    ],
)
def test_actors_a_place_naming_a_venue_is_no_actor(nlp, text: str, word: str) -> None:
    doc = _doc(nlp, text)
    token = next(t for t in doc if t.text == word)
    assert mention_at(doc, token) is None
