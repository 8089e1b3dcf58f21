"""The actor knowledge base: bundled files, dated roles, offices and user files."""

from __future__ import annotations

import pytest

from crisisdesk.nlp.kb import ActorFileError, KnowledgeBase, load_kb, merge, offices_of, read_actor_file


@pytest.mark.parametrize(
    ("office", "country", "day", "name"),
    [
        ("leader", "GBR", "2022-02-14", "Boris Johnson"),
        ("leader", "GBR", "2023-02-14", "Rishi Sunak"),
        ("leader", "DEU", "2022-02-14", "Olaf Scholz"),
        ("leader", "DEU", "2020-02-14", "Angela Merkel"),
        ("foreign", "USA", "2022-02-14", "Antony Blinken"),
        ("foreign", "RUS", "2022-02-14", "Sergey Lavrov"),
        ("defence", "UKR", "2022-02-14", "Oleksii Reznikov"),
        ("defence", "UKR", "2024-01-01", "Rustem Umerov"),
        ("leader", "FRA", "2016-01-01", "François Hollande"),
    ],
)
def test_kb_holder_of_office_on_a_day(office: str, country: str, day: str, name: str) -> None:
    holder = load_kb().holder(office, country, day)
    assert holder is not None and holder.name == name


@pytest.mark.parametrize(
    ("person", "day", "code", "title"),
    [
        ("vladimir-putin", "2010-01-01", "RUSGOV", "Prime Minister"),
        ("vladimir-putin", "2022-02-14", "RUSGOV", "President"),
        ("liz-truss", "2022-02-14", "GBRGOV", "Foreign Secretary"),
        ("jens-stoltenberg", "2022-02-14", "IGOWSTNAT", "NATO Secretary General"),
        ("angela-merkel", "2022-01-10", "DEUELI", None),  # out of every office on the day: a former chancellor
    ],
)
def test_kb_person_role_by_date(person: str, day: str, code: str, title: str | None) -> None:
    kb = load_kb()
    ref = kb.person_ref(kb.people[person], day)
    assert (ref.code, ref.title) == (code, title)


@pytest.mark.parametrize(("title", "offices"), [("Foreign Secretary", {"foreign"}), ("Secretary of State", {"foreign"}), ("Deputy Foreign Minister", set()), ("Kremlin Spokesman", {"spokesperson"})])
def test_kb_offices_of_titles(title: str, offices: set[str]) -> None:
    assert offices_of(title) == offices


def test_kb_countries_carry_no_foreign_language_names() -> None:
    kb = load_kb()
    assert "Frankreich" not in kb.countries["FRA"].adjectives + kb.countries["FRA"].names
    assert "Ukrainian" in kb.countries["UKR"].adjectives and "Kyiv" in kb.countries["UKR"].capitals


def test_kb_better_source_keeps_a_shared_name() -> None:
    kb = KnowledgeBase()
    merge(kb, {"people": [{"name": "Ann Example", "roles": [["XXA", "GOV", "President", "2020-01-01", None]]}]}, "a.yaml", rank=0)
    merge(kb, {"people": [{"id": "other", "name": "Ann Example", "roles": [["XXB", "GOV", "King", None, None]]}]}, "b.json", rank=2)
    kb.index()
    assert [s.key for s in kb.surfaces["Ann Example"]] == ["ann-example"]
    assert kb.shorts["Example"] == ["ann-example"]


def test_kb_csv_rows_with_one_id_are_one_person(tmp_path) -> None:
    path = tmp_path / "actors.csv"
    path.write_text(
        "# my actors\nkind,id,name,aliases,country,sector,code,title,start,end,gender\n"
        "person,ann,Ann Example,Example,XXA,GOV,,Minister,2019-01-01,2020-12-31,f\n"
        "person,ann,Ann Example,,XXA,GOV,,President,2021-01-01,,f\n",
        "utf-8",
    )
    data = read_actor_file(path)
    assert len(data["people"]) == 1 and len(data["people"][0]["roles"]) == 2


def test_kb_unreadable_actor_file_names_the_file(tmp_path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("people: [unclosed", "utf-8")
    with pytest.raises(ActorFileError, match="bad.yaml"):
        read_actor_file(path)


@pytest.mark.parametrize(("capital", "country"), [("Belgrade", "SRB"), ("Podgorica", "MNE"), ("Kyiv", "UKR"), ("Moscow", "RUS")])
def test_kb_capital_stands_for_one_country(capital: str, country: str) -> None:
    assert {s.key for s in load_kb().surfaces.get(capital, []) if s.kind == "capital"} == {country}


@pytest.mark.parametrize(("name", "sector"), [("World Health Organization", "HLH"), ("United States Congress", "LEG")])
def test_kb_body_sector_from_its_name(name: str, sector: str) -> None:
    kb = load_kb()
    org = next(o for o in kb.organizations.values() if o.name == name)
    assert org.sector == sector


@pytest.mark.parametrize(("form", "name"), [("Daniel arap Moi", "Daniel Arap Moi"), ("Jean-Bertrand Aristide", "Jean Bertrand Aristide")])
def test_kb_person_name_as_news_writes_it(form: str, name: str) -> None:
    kb = load_kb()
    assert any(s.kind == "person" and kb.people[s.key].name == name for s in kb.surfaces.get(form, []))


@pytest.mark.parametrize(("form", "code"), [("Yugoslav", "SRB"), ("Yugoslavia", "SRB"), ("Zairean", "COD")])
def test_kb_former_country_names_are_their_successor(form: str, code: str) -> None:
    assert any(s.key == code for s in load_kb().surfaces.get(form, []))


@pytest.mark.parametrize(("form", "code"), [("East Timor", "TLS"), ("Timor-Leste", "TLS"), ("Kosovo", "XKX")])
def test_kb_a_country_has_one_code_under_all_its_names(form: str, code: str) -> None:
    """CountryInfo's KSV and Phoenix's TMP are CAMEO's codes of states the knowledge base codes XKX and TLS."""
    assert [(s.kind, s.key) for s in load_kb().surfaces.get(form, [])] == [("country", code)]


@pytest.mark.parametrize(("name", "country"), [("Hashim Thaci", "XKX"), ("Mario Viegas Carrascalao", "TLS")])
def test_kb_people_coded_with_legacy_cameo_codes_have_iso_countries(name: str, country: str) -> None:
    kb = load_kb()
    person = next(kb.people[s.key] for s in kb.surfaces.get(name, []) if s.kind == "person")
    assert {r.country for r in person.roles if r.country} == {country}


@pytest.mark.parametrize(("name", "country"), [("Palestinian Islamic Jihad", "PSE"), ("Eritrean Islamic Jihad Movement", "ERI")])
def test_kb_a_region_code_gives_a_body_no_home_country(name: str, country: str) -> None:
    """Phoenix codes these groups by region (MEAREB, EAFREB): their name, not the region, gives the country."""
    kb = load_kb()
    org = next(o for o in kb.organizations.values() if o.name == name)
    assert org.country == country


def test_kb_regions_are_no_states() -> None:
    kb = load_kb()
    assert not kb.is_state("WST") and "WST" in kb.countries and kb.is_state("RUS") and not kb.is_state("XYZ")
    assert [s.kind for s in kb.surfaces.get("the West", [])] == ["country"] and not kb.surfaces.get("West")


def test_kb_a_region_without_a_code_in_an_actor_file_names_the_file(tmp_path) -> None:
    path = tmp_path / "regions.yaml"
    path.write_text("regions:\n  - {name: The Levant, adjectives: [Levantine]}\n", "utf-8")
    load_kb.cache_clear()
    with pytest.raises(ActorFileError, match="regions.yaml"):
        load_kb(str(path))
