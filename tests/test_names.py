"""Names and positions in the case a sentence needs (docgen.rendering.names).

The shared table below is the reference other modules (the member roll, invitations) rely on:
surname, first name and patronymic of men and women, Russian and Kazakh surnames, Kazakh
-ұлы/-қызы patronymics, indeclinable names (Ким or Шевчук for a woman, Айгерим, Бондаренко).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from helpers import read_docx_text
from pydantic import ValidationError

from docgen.input.models import Person
from docgen.output.batch import batch_notices
from docgen.papers.pipeline import render
from docgen.rendering.context import person
from docgen.rendering.kazakh import genitive as kk_genitive
from docgen.rendering.lang import filters_for, kk_accusative, kk_dative
from docgen.rendering.names import (
    decline_kk,
    decline_position,
    gender_of,
    name_form,
    person_forms,
    shape_name,
    split_name,
)

# name (nominative), gender shown by the name, genitive, dative, accusative
NAMES = [
    ("Ким Виктор Алексеевич", "male", "Кима Виктора Алексеевича",
     "Киму Виктору Алексеевичу", "Кима Виктора Алексеевича"),
    ("Ким Айгерим Сериковна", "female", "Ким Айгерим Сериковны",
     "Ким Айгерим Сериковне", "Ким Айгерим Сериковну"),
    ("Сергеева Анна Павловна", "female", "Сергеевой Анны Павловны",
     "Сергеевой Анне Павловне", "Сергееву Анну Павловну"),
    ("Сергеев Павел Николаевич", "male", "Сергеева Павла Николаевича",
     "Сергееву Павлу Николаевичу", "Сергеева Павла Николаевича"),
    ("Кульмагамбетов Ерлан Маратович", "male", "Кульмагамбетова Ерлана Маратовича",
     "Кульмагамбетову Ерлану Маратовичу", "Кульмагамбетова Ерлана Маратовича"),
    ("Жумабеков Ерлан Кайратович", "male", "Жумабекова Ерлана Кайратовича",
     "Жумабекову Ерлану Кайратовичу", "Жумабекова Ерлана Кайратовича"),
    ("Шевчук Ольга Ивановна", "female", "Шевчук Ольги Ивановны",
     "Шевчук Ольге Ивановне", "Шевчук Ольгу Ивановну"),
    ("Шевчук Андрей Петрович", "male", "Шевчука Андрея Петровича",
     "Шевчуку Андрею Петровичу", "Шевчука Андрея Петровича"),
    ("Мусина Айгерим Сериковна", "female", "Мусиной Айгерим Сериковны",
     "Мусиной Айгерим Сериковне", "Мусину Айгерим Сериковну"),
    ("Мусин Арман Серикович", "male", "Мусина Армана Сериковича",
     "Мусину Арману Сериковичу", "Мусина Армана Сериковича"),
    ("Тоқаев Қасым-Жомарт Кемелұлы", "male", "Тоқаева Қасым-Жомарта Кемелұлы",
     "Тоқаеву Қасым-Жомарту Кемелұлы", "Тоқаева Қасым-Жомарта Кемелұлы"),
    ("Токаев Касым-Жомарт Кемелевич", "male", "Токаева Касым-Жомарта Кемелевича",
     "Токаеву Касым-Жомарту Кемелевичу", "Токаева Касым-Жомарта Кемелевича"),
    ("Нурпеисова Динара Ерлановна", "female", "Нурпеисовой Динары Ерлановны",
     "Нурпеисовой Динаре Ерлановне", "Нурпеисову Динару Ерлановну"),
    ("Ахметов Серик Болатұлы", "male", "Ахметова Серика Болатұлы",
     "Ахметову Серику Болатұлы", "Ахметова Серика Болатұлы"),
    ("Сейтказы Айжан Маратқызы", "female", "Сейтказы Айжан Маратқызы",
     "Сейтказы Айжан Маратқызы", "Сейтказы Айжан Маратқызы"),
    ("Ли Елена Владимировна", "female", "Ли Елены Владимировны",
     "Ли Елене Владимировне", "Ли Елену Владимировну"),
    ("Ли Наталья Викторовна", "female", "Ли Натальи Викторовны",
     "Ли Наталье Викторовне", "Ли Наталью Викторовну"),
    ("Цой Александр Васильевич", "male", "Цоя Александра Васильевича",
     "Цою Александру Васильевичу", "Цоя Александра Васильевича"),
    ("Ахметова Гульнар Бекқызы", "female", "Ахметовой Гульнар Бекқызы",
     "Ахметовой Гульнар Бекқызы", "Ахметову Гульнар Бекқызы"),
    ("Дюсенбаев Асхат Ильич", "male", "Дюсенбаева Асхата Ильича",
     "Дюсенбаеву Асхату Ильичу", "Дюсенбаева Асхата Ильича"),
    ("Назарбаева Дарига Нурсултановна", "female", "Назарбаевой Дариги Нурсултановны",
     "Назарбаевой Дариге Нурсултановне", "Назарбаеву Даригу Нурсултановну"),
    ("Абишев Нурлан Кайратулы", "male", "Абишева Нурлана Кайратулы",
     "Абишеву Нурлану Кайратулы", "Абишева Нурлана Кайратулы"),
    ("Садыкова Жанар Ерболовна", "female", "Садыковой Жанар Ерболовны",
     "Садыковой Жанар Ерболовне", "Садыкову Жанар Ерболовну"),
    ("Иванов Илья Никитич", "male", "Иванова Ильи Никитича",
     "Иванову Илье Никитичу", "Иванова Илью Никитича"),
    ("Кузнецова Любовь Николаевна", "female", "Кузнецовой Любови Николаевны",
     "Кузнецовой Любови Николаевне", "Кузнецову Любовь Николаевну"),
    ("Белых Игорь Сергеевич", "male", "Белых Игоря Сергеевича",
     "Белых Игорю Сергеевичу", "Белых Игоря Сергеевича"),
    ("Черных Мария Олеговна", "female", "Черных Марии Олеговны",
     "Черных Марии Олеговне", "Черных Марию Олеговну"),
    ("Пак Инна Сергеевна", "female", "Пак Инны Сергеевны",
     "Пак Инне Сергеевне", "Пак Инну Сергеевну"),
    ("Пак Елена Сергеевна", "female", "Пак Елены Сергеевны",
     "Пак Елене Сергеевне", "Пак Елену Сергеевну"),
    ("Сагинтаева Меруерт Саматовна", "female", "Сагинтаевой Меруерт Саматовны",
     "Сагинтаевой Меруерт Саматовне", "Сагинтаеву Меруерт Саматовну"),
    ("Бондаренко Ирина Викторовна", "female", "Бондаренко Ирины Викторовны",
     "Бондаренко Ирине Викторовне", "Бондаренко Ирину Викторовну"),
    ("Бондаренко Олег Игоревич", "male", "Бондаренко Олега Игоревича",
     "Бондаренко Олегу Игоревичу", "Бондаренко Олега Игоревича"),
    ("Кравец Марина Юрьевна", "female", "Кравец Марины Юрьевны",
     "Кравец Марине Юрьевне", "Кравец Марину Юрьевну"),
    ("Кравец Павел Юрьевич", "male", "Кравца Павла Юрьевича",
     "Кравцу Павлу Юрьевичу", "Кравца Павла Юрьевича"),
    ("Әбдіров Нұрлан Мұхтарұлы", "male", "Әбдірова Нұрлана Мұхтарұлы",
     "Әбдірову Нұрлану Мұхтарұлы", "Әбдірова Нұрлана Мұхтарұлы"),
    ("Жұмабеков Ерлан Қайратұлы", "male", "Жұмабекова Ерлана Қайратұлы",
     "Жұмабекову Ерлану Қайратұлы", "Жұмабекова Ерлана Қайратұлы"),
    ("Амангельды Жанна Маратовна", "female", "Амангельды Жанны Маратовны",
     "Амангельды Жанне Маратовне", "Амангельды Жанну Маратовну"),
    ("Оспанов Ерлан Маратович", "male", "Оспанова Ерлана Маратовича",
     "Оспанову Ерлану Маратовичу", "Оспанова Ерлана Маратовича"),
    ("Гофман Ирина Владимировна", "female", "Гофман Ирины Владимировны",
     "Гофман Ирине Владимировне", "Гофман Ирину Владимировну"),
    ("Гофман Ефим Борисович", "male", "Гофмана Ефима Борисовича",
     "Гофману Ефиму Борисовичу", "Гофмана Ефима Борисовича"),
    ("Мамедов Тофик Ильясович", "male", "Мамедова Тофика Ильясовича",
     "Мамедову Тофику Ильясовичу", "Мамедова Тофика Ильясовича"),
    ("Абдуллаев Рустам Хамидович", "male", "Абдуллаева Рустама Хамидовича",
     "Абдуллаеву Рустаму Хамидовичу", "Абдуллаева Рустама Хамидовича"),
    ("Ахметова Гульнара Баймухановна", "female", "Ахметовой Гульнары Баймухановны",
     "Ахметовой Гульнаре Баймухановне", "Ахметову Гульнару Баймухановну"),
    ("Абдрахманов Серик Жумабекович", "male", "Абдрахманова Серика Жумабековича",
     "Абдрахманову Серику Жумабековичу", "Абдрахманова Серика Жумабековича"),
    ("Шпекбаев Алик Жаткамбаевич", "male", "Шпекбаева Алика Жаткамбаевича",
     "Шпекбаеву Алику Жаткамбаевичу", "Шпекбаева Алика Жаткамбаевича"),
    ("Жақсылықова Әйгерім Болатқызы", "female", "Жақсылықовой Әйгерім Болатқызы",
     "Жақсылықовой Әйгерім Болатқызы", "Жақсылықову Әйгерім Болатқызы"),
    ("Исабаев Ильяс Нұрланұлы", "male", "Исабаева Ильяса Нұрланұлы",
     "Исабаеву Ильясу Нұрланұлы", "Исабаева Ильяса Нұрланұлы"),
    ("Тен Светлана Игоревна", "female", "Тен Светланы Игоревны",
     "Тен Светлане Игоревне", "Тен Светлану Игоревну"),
    ("Тен Игорь Олегович", "male", "Тена Игоря Олеговича",
     "Тену Игорю Олеговичу", "Тена Игоря Олеговича"),
    ("Дуйсенова Тамара Босымбековна", "female", "Дуйсеновой Тамары Босымбековны",
     "Дуйсеновой Тамаре Босымбековне", "Дуйсенову Тамару Босымбековну"),
    ("Бейсенов Саят Жумабаевич", "male", "Бейсенова Саята Жумабаевича",
     "Бейсенову Саяту Жумабаевичу", "Бейсенова Саята Жумабаевича"),
]


def test_the_table_is_large_and_has_both_genders():
    assert len(NAMES) >= 40
    genders = [row[1] for row in NAMES]
    assert genders.count("male") >= 15 and genders.count("female") >= 15


@pytest.mark.parametrize(("name", "gender", "genitive", "dative", "accusative"), NAMES,
                         ids=[row[0] for row in NAMES])
def test_russian_cases_of_the_table(name, gender, genitive, dative, accusative):
    assert gender_of(name) == gender
    assert name_form(name, "ru") == name
    assert name_form(name, "ru", "genitive") == genitive
    assert name_form(name, "ru", "dative") == dative
    assert name_form(name, "ru", "accusative") == accusative


@pytest.mark.parametrize(("name", "gender", "genitive"), [
    ("Ким Саша", "male", "Кима Саши"),
    ("Ким Саша", "female", "Ким Саши"),
    ("Шевчук Женя", "female", "Шевчук Жени"),
    ("Шевчук Женя", "male", "Шевчука Жени"),
])
def test_a_gender_the_name_does_not_show_comes_from_the_data(name, gender, genitive):
    assert name_form(name, "ru", "genitive", gender=gender) == genitive


def test_the_other_russian_cases():
    assert name_form("Ким Виктор Алексеевич", "ru", "instrumental") == "Кимом Виктором Алексеевичем"
    assert name_form("Сергеева Анна Павловна", "ru", "prepositional") == "Сергеевой Анне Павловне"


@pytest.mark.parametrize(("name", "shape", "expected"), [
    ("Мусин Арман Серикович", "short", "А. Мусин"),
    ("Тоқаев Қасым-Жомарт Кемелұлы", "short", "Қ. Тоқаев"),
    ("Жумабеков Ерлан Кайратович", "initials", "Е.К. Жумабеков"),
    ("Кульмагамбетов Ерлан Маратович", "surname_initials", "Кульмагамбетов Е.М."),
    ("Жұмабеков Ерлан Қайратұлы", "initials", "Е.Қ. Жұмабеков"),
    ("Мусин Арман", "initials", "А. Мусин"),
    ("Мусин", "short", "Мусин"),
    ("К. Токаев", "short", "К. Токаев"),
    ("Е.К. Жумабеков", "surname_initials", "Жумабеков Е.К."),
    ("Жумабеков Е.К.", "short", "Е. Жумабеков"),
    ("Ким Виктор Алексеевич", "name", "Ким Виктор Алексеевич"),
])
def test_shapes_of_a_name(name, shape, expected):
    assert shape_name(name, shape) == expected


@pytest.mark.parametrize(("name", "case", "shape", "expected"), [
    ("Жумабеков Ерлан Кайратович", "dative", "initials", "Е.К. Жумабекову"),
    ("Кульмагамбетов Ерлан Маратович", "genitive", "surname_initials", "Кульмагамбетова Е.М."),
    ("Сергеева Анна Павловна", "genitive", "surname_initials", "Сергеевой А.П."),
    ("Шевчук Ольга Ивановна", "dative", "initials", "О.И. Шевчук"),
    ("Шевчук Андрей Петрович", "dative", "initials", "А.П. Шевчуку"),
    ("Жумабеков Е.К.", "dative", "name", "Жумабекову Е.К."),
])
def test_initials_keep_the_gender_of_the_full_name(name, case, shape, expected):
    assert name_form(name, "ru", case, shape) == expected


def test_name_parts():
    parts = split_name("Тоқаев Қасым-Жомарт Кемел ұлы")
    assert (parts.surname, parts.first, parts.patronymic) == ("Тоқаев", "Қасым-Жомарт",
                                                              "Кемел ұлы")
    assert gender_of("Тоқаев Қасым-Жомарт Кемел ұлы") == "male"
    assert gender_of("Ахметова Айжан Маратқызы") == "female"
    assert gender_of("Ким") is None


@pytest.mark.parametrize(("word", "dative", "accusative"), [
    ("Е.Қ. Жұмабеков", "Е.Қ. Жұмабековке", "Е.Қ. Жұмабековті"),
    ("Қ. Тоқаев", "Қ. Тоқаевқа", "Қ. Тоқаевты"),
    ("Назарбаев", "Назарбаевқа", "Назарбаевты"),
    ("А. Мусин", "А. Мусинге", "А. Мусинді"),
    ("Ахметова", "Ахметоваға", "Ахметованы"),
    ("Ким", "Кимге", "Кимді"),
    ("Сейтказы", "Сейтказыға", "Сейтказыны"),
    ("Оспан", "Оспанға", "Оспанды"),
    ("Жақсылық", "Жақсылыққа", "Жақсылықты"),
    ("Әбдіров", "Әбдіровке", "Әбдіровті"),
])
def test_kazakh_cases_of_a_surname_by_vowel_harmony(word, dative, accusative):
    assert decline_kk(word, "dative") == dative
    assert decline_kk(word, "accusative") == accusative


def test_kazakh_suffixes_of_plain_words():
    assert [kk_dative(w) for w in ("Астана", "Шымкент", "Жетісу", "облыс", "әкім")] == [
        "Астанаға", "Шымкентке", "Жетісуға", "облысқа", "әкімге"]
    assert [kk_accusative(w) for w in ("Астана", "Шымкент", "күн", "кеңес")] == [
        "Астананы", "Шымкентті", "күнді", "кеңесті"]


@pytest.mark.parametrize(("position", "case", "expected"), [
    ("председатель Ассоциации корейцев Казахстана", "accusative",
     "председателя Ассоциации корейцев Казахстана"),
    ("бывший заместитель акима Карагандинской области", "accusative",
     "бывшего заместителя акима Карагандинской области"),
    ("бывший заместитель акима Карагандинской области", "dative",
     "бывшему заместителю акима Карагандинской области"),
    ("заместитель Председателя Ассамблеи народа Казахстана", "genitive",
     "заместителя Председателя Ассамблеи народа Казахстана"),
    ("аким Карагандинской области", "dative", "акиму Карагандинской области"),
    ("Заведующий Секретариатом Ассамблеи народа Казахстана", "genitive",
     "Заведующего Секретариатом Ассамблеи народа Казахстана"),
    ("учёный секретарь", "genitive", "учёного секретаря"),
    ("главный специалист отдела", "dative", "главному специалисту отдела"),
    ("аким Карагандинской области, председатель малой ассамблеи", "dative",
     "акиму Карагандинской области, председателю малой ассамблеи"),
    ("член Совета", "nominative", "член Совета"),
    ("«Почетный» член", "genitive", "«Почетный» член"),
])
def test_russian_positions(position, case, expected):
    assert decline_position(position, case) == expected


@pytest.mark.parametrize(("position", "case", "expected"), [
    ("Қарағанды облысының әкімі", "dative", "Қарағанды облысының әкіміне"),
    ("Қазақстан халқы Ассамблеясы Төрағасының орынбасары", "genitive",
     "Қазақстан халқы Ассамблеясы Төрағасының орынбасарының"),
    ("Қарағанды облысының әкімі", "accusative", "Қарағанды облысының әкімін"),
    ("хатшы", "dative", "хатшыға"),
    ("аға хатшы", "dative", "аға хатшыға"),
    ("Кеңес мүшесі", "dative", "Кеңес мүшесіне"),
])
def test_kazakh_positions(position, case, expected):
    assert decline_position(position, case, "kk") == expected


def test_no_yo_is_added_where_the_data_had_none():
    # pymorphy3's dictionary writes ё; the Regulation writes е
    assert "ё" not in decline_position("ученый секретарь", "genitive")
    assert decline_position("ученый секретарь", "genitive") == "ученого секретаря"


def test_a_hand_form_wins_over_the_library():
    who = Person.model_validate({
        "name": {"ru": {"nominative": "Ли Саша Мин", "genitive": "Ли Саши Мин",
                        "dative": "Ли Саше Мин"},
                 "kk": "Ли Саша Мин"},
        "position": {"ru": "член Совета", "kk": "Кеңес мүшесі"}})
    ru = person(who, "ru")
    assert ru["name"] == "Ли Саша Мин"
    assert ru["genitive"]["name"] == "Ли Саши Мин"
    assert ru["genitive"]["surname_initials"] == "Ли С.М."
    assert ru["genitive"]["position"] == "члена Совета"
    assert ru["dative"]["name"] == "Ли Саше Мин"
    assert ru["accusative"]["name"] != ""  # not given: docgen declines it
    kk = person(who, "kk")
    assert kk["dative"]["name"] == "Ли Саша Минге"
    assert kk["dative"]["position"] == "Кеңес мүшесіне"


def test_the_gender_field_is_used_and_checked():
    who = Person.model_validate({"name": "Ким Саша", "gender": "female"})
    assert person(who, "ru")["accusative"]["name"] == "Ким Сашу"
    with pytest.raises(ValidationError):
        Person.model_validate({"name": "Ким Саша", "gender": "f"})


def test_a_plain_string_name_still_works():
    who = Person.model_validate({"name": "Мусин Арман Серикович",
                                 "position": {"ru": "секретарь", "kk": "хатшы"}})
    ru = person(who, "ru")
    assert (ru["name"], ru["short"], ru["position"]) == ("Мусин Арман Серикович", "А. Мусин",
                                                        "секретарь")
    assert ru["dative"]["short"] == "А. Мусину"


def test_filters():
    ru, kk = filters_for("ru"), filters_for("kk")
    assert ru["case"]("Ким Виктор Алексеевич", "accusative") == "Кима Виктора Алексеевича"
    assert ru["shape"]("Мусин Арман Серикович", "short") == "А. Мусин"
    assert ru["position_case"]("бывший заместитель", "genitive") == "бывшего заместителя"
    assert kk["case"]("Е.Қ. Жұмабеков", "dative") == "Е.Қ. Жұмабековке"
    assert "these" not in kk  # «мына адам» is colloquial: the orders use no pronoun
    with pytest.raises(ValueError, match="unknown case"):
        ru["case"]("Ким", "vocative")
    with pytest.raises(ValueError, match="unknown case"):
        kk["case"]("Ким", "instrumental")
    with pytest.raises(ValueError, match="unknown name shape"):
        ru["shape"]("Ким", "long")


def test_declension_is_cached_for_batches():
    names = [f"Тестов{i} Иван Петрович" for i in range(300)]
    start = time.perf_counter()
    for name in names:
        person_forms(name, "ru", position="заместитель председателя")
    first = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(10):
        for name in names:
            person_forms(name, "ru", position="заместитель председателя")
    again = (time.perf_counter() - start) / 10
    assert first < 5.0
    assert again < first / 5


@pytest.mark.parametrize(("position", "lang", "expected"), [
    ("аким Карагандинской области, Председатель Ассамблеи", "ru",
     "акиму Карагандинской области, Председателю Ассамблеи"),
    ("Акиму Карагандинской области", "ru", "Акиму Карагандинской области"),
    ("Қарағанды облысының әкімі, Ассамблеясының Төрағасы", "kk",
     "Қарағанды облысының әкіміне, Ассамблеясының Төрағасына"),
    ("Қарағанды облысының әкіміне", "kk", "Қарағанды облысының әкіміне"),
])
def test_a_dative_position_is_declined_once(position, lang, expected):
    assert decline_position(position, "dative", lang) == expected


# --- in the papers: read the rendered documents back -----------------------------------

SAMPLES = Path(__file__).resolve().parent.parent / "inputs"


def _render(kind: str, data: Path, out: Path) -> dict[str, str]:
    """Rendered texts of ``kind`` by file name (``order_ru.docx`` → text)."""
    result = render(kind, data, out_dir=out)
    return {p.name: read_docx_text(p) for p in result.written}


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("names")
    texts: dict[str, str] = {}
    for kind, sample in (("order", "order-2026-012.yaml"), ("minutes", "session-34-minutes.yaml"),
                         ("notice", "session-34.yaml"), ("agenda", "session-34.yaml"),
                         ("decision", "council-2026-05-02.yaml"),
                         ("minutes", "council-2026-05-02.yaml")):
        for name, text in _render(kind, SAMPLES / sample, out / kind).items():
            texts[f"{Path(sample).stem}/{name}"] = text
    return texts


def test_order_names_people_in_the_accusative(papers):
    ru = papers["order-2026-012/order_ru.docx"]
    assert ("Кима Виктора Алексеевича — заместителя председателя корейского этнокультурного "
            "центра Карагандинской области, по решению") in ru
    assert "Пак Елену Сергеевну — заместителя председателя Ассоциации корейцев" in ru
    assert "Сергеева Павла Николаевича — бывшего заместителя акима Карагандинской" in ru
    assert "Гофман Ирину Владимировну — председателя Немецкого культурного центра" in ru
    kk = papers["order-2026-012/order_kk.docx"]
    assert "Ким Виктор Алексеевич — Қарағанды облысы корей" in kk  # kk: the nominative
    assert "Оспанов Ерлан Маратұлы — Павлодар облыстық" in kk  # the Kazakh spelling


def test_minutes_heard_in_the_accusative_spoke_in_the_nominative(papers):
    ru = papers["session-34-minutes/minutes_ru.docx"]
    assert ("СЛУШАЛИ: Кульмагамбетова Е.М. — заместителя Председателя Ассамблеи народа "
            "Казахстана") in ru
    assert ("СЛУШАЛИ: Ахметову Г.Б. — председателя Совета матерей Ассамблеи народа Казахстана; "
            "Кима В.А. — председателя Ассоциации корейцев Казахстана") in ru
    assert "Ахметова Г.Б. — председатель Совета матерей Ассамблеи народа Казахстана:" in ru
    kk = papers["session-34-minutes/minutes_kk.docx"]
    assert ("ТЫҢДАЛДЫ: Құлмағамбетов Е.М. — Қазақстан халқы Ассамблеясы Төрағасының "
            "орынбасары") in kk
    assert "№ 3 ХАТТАМАСЫ" in kk


@pytest.mark.parametrize(("paper", "ru_lines", "kk_lines"), [
    ("order-2026-012/order", ["Председатель Ассамблеи народа Казахстана", "К. Токаев"],
     ["Қазақстан халқы Ассамблеясының Төрағасы", "Қ. Тоқаев"]),
    ("session-34-minutes/minutes", ["Председатель", "К. Токаев", "Секретарь", "А. Мусин"],
     ["Төраға", "Қ. Тоқаев", "Хатшы", "А. Мусин"]),
    ("session-34/notice", ["Заведующий Секретариатом Ассамблеи народа Казахстана", "А. Мусин"],
     ["Қазақстан халқы Ассамблеясы Хатшылығының меңгерушісі", "А. Мусин"]),
    ("council-2026-05-02/decision_1",
     ["Председательствующий", "Е. Кульмагамбетов",
      "заместитель Председателя Ассамблеи народа Казахстана"],
     ["Төрағалық етуші", "Е. Құлмағамбетов",
      "Қазақстан халқы Ассамблеясы Төрағасының орынбасары"]),
])
def test_signature_blocks_give_initial_and_surname(papers, paper, ru_lines, kk_lines):
    for lang, expected in (("ru", ru_lines), ("kk", kk_lines)):
        lines = [ln for ln in papers[f"{paper}_{lang}.docx"].splitlines() if ln.strip()]
        start = lines.index(expected[0], len(lines) - 12)  # the block near the end
        assert lines[start:start + len(expected)] == expected


def test_no_yo_in_any_paper(papers):
    for name, text in papers.items():
        assert "ё" not in text.lower(), name


def test_kazakh_order_names_no_pronoun(tmp_path):
    data = yaml.safe_load((SAMPLES / "order-2026-012.yaml").read_text("utf-8"))
    data["order"]["admit"] = data["order"]["admit"][:1]
    one = tmp_path / "one.yaml"
    one.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    kk = _render("order", one, tmp_path / "out")["order_kk.docx"]
    assert "Ассамблеясының құрамына енгізілсін:" in kk
    assert "Ассамблеясының құрамынан шығарылсын:" in kk
    assert "мына адам" not in kk and "мыналар" not in kk


def test_batch_addressee_in_the_dative(tmp_path):
    batch_notices(SAMPLES / "batch-session-34.yaml", regions="karaganda", out_dir=tmp_path)
    base = tmp_path / "batch-session-34" / "regions" / "karaganda"
    ru = read_docx_text(base / "notice_ru.docx")
    kk = read_docx_text(base / "notice_kk.docx")
    assert ("Акиму Карагандинской области, председателю Ассамблеи народа Казахстана "
            "Карагандинской области\nЕ.К. Жумабекову") in ru
    assert ("Қарағанды облысының әкіміне, Қарағанды облысы Қазақстан халқы Ассамблеясының "
            "төрағасына\nЕ.Қ. Жұмабековке") in kk


@pytest.mark.parametrize(("word", "genitive", "dative", "accusative"), [
    ("Тоқаев", "Тоқаевтың", "Тоқаевқа", "Тоқаевты"),
    ("Назарбаев", "Назарбаевтың", "Назарбаевқа", "Назарбаевты"),
    ("Сергеев", "Сергеевтің", "Сергеевке", "Сергеевті"),
    ("Жұмабеков", "Жұмабековтің", "Жұмабековке", "Жұмабековті"),
    ("Оспанов", "Оспановтың", "Оспановқа", "Оспановты"),
    ("Тоқаева", "Тоқаеваның", "Тоқаеваға", "Тоқаеваны"),
    ("кеңес", "кеңестің", "кеңеске", "кеңесті"),
])
def test_kazakh_suffixes_of_ov_ev_surnames_follow_the_stem(word, genitive, dative, accusative):
    """Issue 23: kazakh.dative("Тоқаев") gave «Тоқаевке»; -ев/-ов take the stem's harmony."""
    assert (kk_genitive(word), kk_dative(word), kk_accusative(word)) == (
        genitive, dative, accusative)
