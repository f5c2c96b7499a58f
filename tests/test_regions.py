"""The built-in regions data: 20 small assemblies, their name forms in ru and kk, lookup."""

from __future__ import annotations

import dataclasses
import re

import pytest

from docgen.errors import DataError
from docgen.input.regions import FORMS, Region, get_region, load_regions, region_ids

# RULES.md, "Regions (small assemblies), as of 2026", in its order: id, ru short, kk short.
EXPECTED = [
    ("abai", "Абайская", "Абай"),
    ("akmola", "Акмолинская", "Ақмола"),
    ("aktobe", "Актюбинская", "Ақтөбе"),
    ("almaty_region", "Алматинская", "Алматы"),
    ("atyrau", "Атырауская", "Атырау"),
    ("east_kazakhstan", "Восточно-Казахстанская", "Шығыс Қазақстан"),
    ("zhambyl", "Жамбылская", "Жамбыл"),
    ("zhetysu", "Жетысуская", "Жетісу"),
    ("west_kazakhstan", "Западно-Казахстанская", "Батыс Қазақстан"),
    ("karaganda", "Карагандинская", "Қарағанды"),
    ("kostanay", "Костанайская", "Қостанай"),
    ("kyzylorda", "Кызылординская", "Қызылорда"),
    ("mangystau", "Мангистауская", "Маңғыстау"),
    ("pavlodar", "Павлодарская", "Павлодар"),
    ("north_kazakhstan", "Северо-Казахстанская", "Солтүстік Қазақстан"),
    ("turkistan", "Туркестанская", "Түркістан"),
    ("ulytau", "Улытауская", "Ұлытау"),
    ("astana", "Астана", "Астана"),
    ("almaty", "Алматы", "Алматы"),
    ("shymkent", "Шымкент", "Шымкент"),
]
CITIES = {"astana", "almaty", "shymkent"}
CENTERS = {
    "abai": ("Семей", "Семей"),
    "akmola": ("Кокшетау", "Көкшетау"),
    "aktobe": ("Актобе", "Ақтөбе"),
    "almaty_region": ("Конаев", "Қонаев"),
    "atyrau": ("Атырау", "Атырау"),
    "east_kazakhstan": ("Усть-Каменогорск", "Өскемен"),
    "zhambyl": ("Тараз", "Тараз"),
    "zhetysu": ("Талдыкорган", "Талдықорған"),
    "west_kazakhstan": ("Уральск", "Орал"),
    "karaganda": ("Караганда", "Қарағанды"),
    "kostanay": ("Костанай", "Қостанай"),
    "kyzylorda": ("Кызылорда", "Қызылорда"),
    "mangystau": ("Актау", "Ақтау"),
    "pavlodar": ("Павлодар", "Павлодар"),
    "north_kazakhstan": ("Петропавловск", "Петропавл"),
    "turkistan": ("Туркестан", "Түркістан"),
    "ulytau": ("Жезказган", "Жезқазған"),
    "astana": ("Астана", "Астана"),
    "almaty": ("Алматы", "Алматы"),
    "shymkent": ("Шымкент", "Шымкент"),
}
KAZAKH_ONLY = set("ӘәҒғҚқҢңӨөҰұҮүҺһІі")
BILINGUAL = ("center", "akim", "assembly", "assembly_genitive", "assembly_dative")
ALL = list(load_regions().values())


def ids(region: Region) -> str:
    return region.id


def all_strings(region: Region, lang: str) -> list[str]:
    """Every string of ``region`` in ``lang``: name forms and the bilingual fields."""
    values = list(region.names[lang].values())
    values += [getattr(region, key)[lang] for key in BILINGUAL]
    return values


def test_twenty_regions_in_rules_order() -> None:
    assert region_ids() == [rid for rid, _, _ in EXPECTED]
    assert list(load_regions()) == region_ids()


def test_seventeen_oblasts_and_three_cities() -> None:
    kinds = {r.id: r.kind for r in ALL}
    cities = [rid for rid, kind in kinds.items() if kind == "city"]
    assert cities == ["astana", "almaty", "shymkent"]
    assert set(cities) == CITIES
    assert sum(kind == "oblast" for kind in kinds.values()) == 17


def test_ids_are_unique_ascii_slugs() -> None:
    assert len(set(region_ids())) == len(region_ids())
    for rid in region_ids():
        assert re.fullmatch(r"[a-z_]+", rid), rid


@pytest.mark.parametrize(("rid", "ru_short", "kk_short"), EXPECTED)
def test_short_names_match_rules(rid: str, ru_short: str, kk_short: str) -> None:
    region = get_region(rid)
    assert region.name("ru", "short") == ru_short
    assert region.name("kk", "short") == kk_short


@pytest.mark.parametrize("rid", list(CENTERS))
def test_centers(rid: str) -> None:
    ru, kk = CENTERS[rid]
    assert get_region(rid).center == {"ru": ru, "kk": kk}


@pytest.mark.parametrize("region", ALL, ids=ids)
def test_every_form_present_and_non_empty(region: Region) -> None:
    assert set(region.names) == {"ru", "kk"}
    for lang in ("ru", "kk"):
        assert tuple(region.names[lang]) == FORMS[lang]
        for form in FORMS[lang]:
            value = region.name(lang, form)
            assert isinstance(value, str)
            assert value.strip() == value != ""
        for key in BILINGUAL:
            value = getattr(region, key)[lang]
            assert isinstance(value, str)
            assert value.strip() == value != ""
    for key in BILINGUAL:
        assert set(getattr(region, key)) == {"ru", "kk"}


@pytest.mark.parametrize("region", ALL, ids=ids)
def test_kazakh_forms_end_with_the_right_word(region: Region) -> None:
    word = "қаласы" if region.kind == "city" else "облысы"
    short = region.name("kk", "short")
    kk = region.names["kk"]
    assert kk["nominative"] == f"{short} {word}"
    assert kk["genitive"] == f"{short} {word}ның"
    assert kk["genitive"].endswith(("ның", "нің"))
    assert kk["locative"] == f"{short} {word}нда"
    assert region.akim["kk"] == f"{short} {word}ның әкімі"
    assembly = f"{short} {word} Қазақстан халқы Ассамблеясы"
    assert region.assembly["kk"] == assembly
    assert region.assembly_genitive["kk"] == assembly + "ның"
    assert region.assembly_dative["kk"] == assembly + "на"


@pytest.mark.parametrize("region", ALL, ids=ids)
def test_russian_forms(region: Region) -> None:
    ru = region.names["ru"]
    short = ru["short"]
    if region.kind == "oblast":
        assert short.endswith("ская")
        assert ru["nominative"] == f"{short} область"
        assert ru["genitive"] == f"{short[:-2]}ой области"
        assert ru["genitive"].endswith("ской области")
        assert ru["prepositional"] == ru["genitive"]
    else:
        assert ru["nominative"] == f"город {short}"
        assert ru["genitive"].startswith("города ")
        assert ru["prepositional"].startswith("городе ")
    genitive = ru["genitive"]
    assert region.akim["ru"] == f"аким {genitive}"
    assert region.assembly["ru"] == f"Ассамблея народа Казахстана {genitive}"
    assert region.assembly_genitive["ru"] == f"Ассамблеи народа Казахстана {genitive}"
    assert region.assembly_dative["ru"] == f"Ассамблее народа Казахстана {genitive}"


@pytest.mark.parametrize("region", ALL, ids=ids)
def test_russian_strings_have_no_kazakh_letters(region: Region) -> None:
    for value in all_strings(region, "ru"):
        assert not KAZAKH_ONLY & set(value), value


@pytest.mark.parametrize(
    ("rid", "genitive", "prepositional"),
    [
        ("astana", "города Астаны", "городе Астане"),
        ("almaty", "города Алматы", "городе Алматы"),
        ("shymkent", "города Шымкента", "городе Шымкенте"),
    ],
)
def test_city_russian_cases(rid: str, genitive: str, prepositional: str) -> None:
    region = get_region(rid)
    assert region.name("ru", "genitive") == genitive
    assert region.name("ru", "prepositional") == prepositional


def test_almaty_city_and_region_are_distinct() -> None:
    city, region = get_region("almaty"), get_region("almaty_region")
    assert city.name("ru") == "город Алматы"
    assert region.name("ru") == "Алматинская область"
    assert city.name("kk") == "Алматы қаласы"
    assert region.name("kk") == "Алматы облысы"


def test_karaganda_exactly() -> None:
    r = get_region("karaganda")
    assert r.kind == "oblast"
    assert r.center == {"ru": "Караганда", "kk": "Қарағанды"}
    assert r.names == {
        "ru": {
            "nominative": "Карагандинская область",
            "genitive": "Карагандинской области",
            "prepositional": "Карагандинской области",
            "short": "Карагандинская",
        },
        "kk": {
            "nominative": "Қарағанды облысы",
            "genitive": "Қарағанды облысының",
            "locative": "Қарағанды облысында",
            "short": "Қарағанды",
        },
    }
    assert r.akim == {"ru": "аким Карагандинской области", "kk": "Қарағанды облысының әкімі"}
    assert r.assembly == {
        "ru": "Ассамблея народа Казахстана Карагандинской области",
        "kk": "Қарағанды облысы Қазақстан халқы Ассамблеясы",
    }
    assert r.assembly_genitive == {
        "ru": "Ассамблеи народа Казахстана Карагандинской области",
        "kk": "Қарағанды облысы Қазақстан халқы Ассамблеясының",
    }
    assert r.assembly_dative == {
        "ru": "Ассамблее народа Казахстана Карагандинской области",
        "kk": "Қарағанды облысы Қазақстан халқы Ассамблеясына",
    }


def test_astana_exactly() -> None:
    r = get_region("astana")
    assert r.kind == "city"
    assert r.center == {"ru": "Астана", "kk": "Астана"}
    assert r.names == {
        "ru": {
            "nominative": "город Астана",
            "genitive": "города Астаны",
            "prepositional": "городе Астане",
            "short": "Астана",
        },
        "kk": {
            "nominative": "Астана қаласы",
            "genitive": "Астана қаласының",
            "locative": "Астана қаласында",
            "short": "Астана",
        },
    }
    assert r.akim == {"ru": "аким города Астаны", "kk": "Астана қаласының әкімі"}
    assert r.assembly == {
        "ru": "Ассамблея народа Казахстана города Астаны",
        "kk": "Астана қаласы Қазақстан халқы Ассамблеясы",
    }
    assert r.assembly_genitive == {
        "ru": "Ассамблеи народа Казахстана города Астаны",
        "kk": "Астана қаласы Қазақстан халқы Ассамблеясының",
    }
    assert r.assembly_dative == {
        "ru": "Ассамблее народа Казахстана города Астаны",
        "kk": "Астана қаласы Қазақстан халқы Ассамблеясына",
    }


def test_name_defaults_to_nominative() -> None:
    assert get_region("karaganda").name("ru") == "Карагандинская область"
    assert get_region("astana").name("kk") == "Астана қаласы"


@pytest.mark.parametrize(("lang", "form"), [("en", "nominative"), ("kk", "prepositional")])
def test_name_unknown_lang_or_form(lang: str, form: str) -> None:
    with pytest.raises(DataError):
        get_region("karaganda").name(lang, form)


def test_load_regions_is_cached() -> None:
    assert load_regions() is load_regions()
    assert get_region("abai") is load_regions()["abai"]


def test_region_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        get_region("abai").id = "other"  # type: ignore[misc]


def test_unknown_region_suggests_closest() -> None:
    with pytest.raises(DataError) as info:
        get_region("karagnda")
    err = info.value
    assert err.field == "region"
    assert "unknown region 'karagnda'" in str(err)
    assert "did you mean 'karaganda'?" in str(err)
    assert "known regions: abai, akmola," in str(err)


def test_unknown_region_without_close_match() -> None:
    with pytest.raises(DataError) as info:
        get_region("zzzzzz")
    assert "unknown region 'zzzzzz'" in str(info.value)
    assert "did you mean" not in str(info.value)
    assert "shymkent" in str(info.value)


def test_region_ids_returns_a_copy() -> None:
    region_ids().append("nowhere")
    assert "nowhere" not in region_ids()
    with pytest.raises(DataError):
        get_region("nowhere")


def test_the_regions_file_reads_the_same_with_libyaml_as_with_pure_python() -> None:
    from importlib import resources

    import yaml

    text = resources.files("docgen").joinpath("data", "regions.yaml").read_text(encoding="utf-8")
    assert hasattr(yaml, "CSafeLoader"), "PyYAML without libyaml: regions load slowly"
    assert yaml.load(text, Loader=yaml.CSafeLoader) == yaml.safe_load(text)
