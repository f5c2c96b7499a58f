"""Write the sample member roll, inputs/roll.csv: 385 invented members of the Assembly.

Every name is invented (common Kazakh, Russian, Korean, German, Uzbek, Uyghur, Tatar,
Ukrainian, Azerbaijani and other names put together at random), spelled in Russian and
in Kazakh; both genders. 17 members per region (the akim, chair of the small assembly,
and the head of its secretariat sit by virtue of office, as civil servants, with their
offices; the others personally) and 45 for the republican associations (their chairs hold
``association_head``; the Council of Mothers is led by women). The people the sample papers
name (:data:`CAST`: the Chairman, his deputies, the head of the Secretariat, Karaganda's
akim and secretariat head, the 31 members of the Council) are on it as the papers spell
them. Admissions are spread over 2022–2026, so the roll differs on past dates; the four
people removed by the sample order (inputs/order-2026-012.yaml) are on it, the three it
admits are not.

Run: ``python tools/make_sample_roll.py`` (``--check`` fails if inputs/roll.csv differs).
The output is the same on every run (fixed seed).
"""

from __future__ import annotations

import csv
import io
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from docgen.input.regions import load_regions  # noqa: E402
from docgen.input.roll_file import COLUMNS, REPUBLICAN  # noqa: E402

TARGET = ROOT / "inputs" / "roll.csv"
SEED = 17
TOTAL = 385
COUNCIL = 31

# (ru, kk) surnames in the masculine; the feminine adds -а (-ова, -ева, -ина).
KAZAKH_SURNAMES = [
    ("Абенов", "Әбенов"), ("Ахметов", "Ахметов"), ("Жумабаев", "Жұмабаев"),
    ("Нурланов", "Нұрланов"), ("Сейткалиев", "Сейітқалиев"), ("Касымов", "Қасымов"),
    ("Оразбаев", "Оразбаев"), ("Тулегенов", "Төлегенов"), ("Бекмухамедов", "Бекмұхамедов"),
    ("Кенжебаев", "Кенжебаев"), ("Есенов", "Есенов"), ("Сарсенбаев", "Сәрсенбаев"),
    ("Мукашев", "Мұқашев"), ("Алимжанов", "Әлімжанов"), ("Досмухамбетов", "Досмұхамбетов"),
    ("Ибраев", "Ыбыраев"), ("Шалабаев", "Шалабаев"), ("Турсынов", "Тұрсынов"),
    ("Байжанов", "Байжанов"), ("Кудайбергенов", "Құдайбергенов"), ("Аубакиров", "Әубәкіров"),
    ("Жаксылыков", "Жақсылықов"), ("Садыков", "Садықов"), ("Утепов", "Өтепов"),
]
KAZAKH_MEN = [("Серик", "Серік"), ("Нурлан", "Нұрлан"), ("Ержан", "Ержан"),
              ("Асхат", "Асхат"), ("Бауыржан", "Бауыржан"), ("Даурен", "Дәурен"),
              ("Мурат", "Мұрат"), ("Канат", "Қанат"), ("Алибек", "Әлібек"),
              ("Жандос", "Жандос"), ("Талгат", "Талғат"), ("Ерболат", "Ерболат")]
KAZAKH_WOMEN = [("Гульнара", "Гүлнара"), ("Айгерим", "Әйгерім"), ("Сауле", "Сәуле"),
                ("Жанар", "Жанар"), ("Динара", "Динара"), ("Камила", "Камила"),
                ("Асель", "Әсел"), ("Мадина", "Мадина"), ("Балжан", "Балжан"),
                ("Айнур", "Айнұр")]
# Fathers' names: (ru stem for -ович/-овна, kk stem for -ұлы/-қызы)
KAZAKH_FATHERS = [("Марат", "Марат"), ("Серик", "Серік"), ("Болат", "Болат"),
                  ("Кайрат", "Қайрат"), ("Ерлан", "Ерлан"), ("Нуржан", "Нұржан"),
                  ("Темирхан", "Темірхан"), ("Аскар", "Асқар"), ("Жумабек", "Жұмабек"),
                  ("Бакыт", "Бақыт")]
# Other peoples: surname, (men), (women), fathers (ru stems) — the same in both languages.
PEOPLES = [
    (["Иванов", "Петров", "Смирнов", "Кузнецов", "Соколов", "Волков"],
     ["Александр", "Сергей", "Андрей", "Дмитрий", "Павел", "Игорь"],
     ["Ольга", "Наталья", "Елена", "Татьяна", "Светлана"], ["Иван", "Петр", "Николай"]),
    (["Ким", "Пак", "Ли", "Цой", "Тен", "Хан"],
     ["Виталий", "Эдуард", "Роман", "Вячеслав"], ["Марина", "Людмила", "Инна"],
     ["Владимир", "Герман", "Борис"]),
    (["Шмидт", "Вебер", "Миллер", "Беккер", "Шульц"],
     ["Виктор", "Андреас", "Эдуард"], ["Ирина", "Эльза", "Ольга"], ["Яков", "Генрих"]),
    (["Юсупов", "Каримов", "Рахимов", "Турсунов"],
     ["Рустам", "Шухрат", "Бахтияр"], ["Дилноза", "Гулчехра", "Нилуфар"],
     ["Хамид", "Азиз", "Рашид"]),
    (["Масимов", "Исмаилов", "Садыров", "Мамутов"],
     ["Шавкат", "Ильхам", "Абдужалил"], ["Гульмира", "Рабигуль"], ["Ахмет", "Турсун"]),
    (["Хабибуллин", "Сафин", "Галиев", "Шарипов"],
     ["Ринат", "Ильдар", "Рамиль"], ["Гульшат", "Алсу", "Резеда"], ["Рашит", "Фарид"]),
    (["Шевченко", "Коваленко", "Бондаренко", "Ткаченко"],
     ["Тарас", "Богдан", "Олег"], ["Оксана", "Галина"], ["Степан", "Григорий"]),
    (["Алиев", "Гасанов", "Гусейнов"],
     ["Эльдар", "Фуад", "Рауф"], ["Севиль", "Айтен"], ["Ильяс", "Вагиф"]),
]
ETHNIC = [("корейского", "корей"), ("немецкого", "неміс"), ("узбекского", "өзбек"),
          ("уйгурского", "ұйғыр"), ("татарского", "татар"), ("украинского", "украин"),
          ("русского", "орыс"), ("азербайджанского", "әзірбайжан"), ("польского", "поляк"),
          ("чеченского", "шешен"), ("дунганского", "дүңген"), ("турецкого", "түрік"),
          ("белорусского", "беларусь"), ("казахского", "қазақ"), ("греческого", "грек"),
          ("армянского", "армян"), ("болгарского", "болгар")]
ASSOCIATIONS = [("Ассоциации корейцев Казахстана", "Қазақстан кәрістері қауымдастығының"),
                ("Ассоциации немцев Казахстана «Возрождение»",
                 "Қазақстан немістерінің «Видергебурт» қауымдастығының"),
                ("Славянского культурного центра", "Славян мәдени орталығының"),
                ("Республиканского уйгурского этнокультурного центра",
                 "Республикалық ұйғыр этномәдени орталығының"),
                ("Республиканского узбекского этнокультурного центра",
                 "Республикалық өзбек этномәдени орталығының"),
                ("Ассоциации татар и башкир Казахстана",
                 "Қазақстан татарлары мен башқұрттары қауымдастығының"),
                ("Совета матерей Ассамблеи народа Казахстана",
                 "Қазақстан халқы Ассамблеясы Аналар кеңесінің"),
                ("Научно-экспертного совета Ассамблеи народа Казахстана",
                 "Қазақстан халқы Ассамблеясы Ғылыми-сараптамалық кеңесінің")]
# The people the sample papers name (inputs/*.yaml), as the papers spell them: (ru, kk,
# gender, region, (position ru, kk) or None for a generated one, seat, civil servant,
# Council, office). The 31 members of the Council are here; order № 12 removes four of them.
C, R = "council", REPUBLICAN
CHAIR_RU = "Председатель Ассамблеи народа Казахстана"
CHAIR_KK = "Қазақстан халқы Ассамблеясының Төрағасы"
DEPUTY = ("заместитель Председателя Ассамблеи народа Казахстана",
          "Қазақстан халқы Ассамблеясы Төрағасының орынбасары")
CAST: list[tuple] = [
    ("Токаев Касым-Жомарт Кемелевич", "Тоқаев Қасым-Жомарт Кемелұлы", "m", R,
     (CHAIR_RU, CHAIR_KK), "office", False, "", "chairman"),
    ("Кульмагамбетов Ерлан Маратович", "Құлмағамбетов Ерлан Маратұлы", "m", R, DEPUTY,
     "office", False, C, "deputy_chairman"),
    ("Абишев Нурлан Кайратулы", "Әбішев Нұрлан Қайратұлы", "m", R, DEPUTY, "office", False, C,
     "deputy_chairman"),
    ("Мусин Арман Серикович", "Мусин Арман Серікұлы", "m", R,
     ("заведующий Секретариатом Ассамблеи народа Казахстана",
      "Қазақстан халқы Ассамблеясы Хатшылығының меңгерушісі"), "office", True, "",
     "secretariat_head"),
    ("Сагинтаева Меруерт Саматовна", "Сағынтаева Меруерт Саматқызы", "f", R,
     ("заместитель заведующего Секретариатом Ассамблеи народа Казахстана",
      "Қазақстан халқы Ассамблеясы Хатшылығы меңгерушісінің орынбасары"), "office", True, C, ""),
    ("Ахметова Гульнара Баймухановна", "Ахметова Гүлнара Баймұханқызы", "f", R,
     ("председатель Совета матерей Ассамблеи народа Казахстана",
      "Қазақстан халқы Ассамблеясы Аналар кеңесінің төрағасы"), "personal", False, C,
     "association_head"),
    ("Ким Виктор Александрович", "Ким Виктор Александрович", "m", R,
     ("председатель Ассоциации корейцев Казахстана",
      "Қазақстан кәрістері қауымдастығының төрағасы"),
     "personal", False, C, "association_head"),
    ("Шпекбаев Алик Жаткамбаевич", "Шпекбаев Алик Жатқамбайұлы", "m", R,
     ("председатель Научно-экспертного совета Ассамблеи народа Казахстана",
      "Қазақстан халқы Ассамблеясы Ғылыми-сараптамалық кеңесінің төрағасы"), "personal", False,
     C, "association_head"),
    ("Мамедов Тофик Ильясович", "Мамедов Тофик Ильясович", "m", R,
     ("председатель Азербайджанского этнокультурного объединения «Туран»",
      "«Тұран» әзірбайжан этномәдени бірлестігінің төрағасы"), "personal", False, C, ""),
    ("Жумабеков Ерлан Кайратович", "Жұмабеков Ерлан Қайратұлы", "m", "karaganda", None,
     "office", True, C, "small_assembly_chair"),
    ("Жакупова Айгерим Серикбаевна", "Жақыпова Айгерім Серікбайқызы", "f", "karaganda", None,
     "office", True, "", "small_assembly_secretariat_head"),
    ("Сергеев Павел Николаевич", "Сергеев Павел Николаевич", "m", "karaganda",
     ("заместитель акима Карагандинской области", "Қарағанды облысы әкімінің орынбасары"),
     "office", True, "", ""),
    ("Оспанов Ерлан Маратович", "Оспанов Ерлан Маратұлы", "m", "pavlodar",
     ("председатель Павлодарского областного маслихата",
      "Павлодар облыстық мәслихатының төрағасы"), "office", False, C, ""),
    ("Гофман Ирина Владимировна", "Гофман Ирина Владимировна", "f", "kostanay",
     ("председатель Немецкого культурного центра Костанайской области",
      "Қостанай облысы Неміс мәдени орталығының төрағасы"), "personal", False, "", ""),
    ("Бондаренко Ирина Викторовна", "Бондаренко Ирина Викторовна", "f", "almaty_region"),
    ("Гарипов Рашид Фаридович", "Гарипов Рашид Фаридович", "m", "astana"),
    ("Дюсенбаев Асхат Ильич", "Дүйсенбаев Асхат Ильич", "m", "akmola"),
    ("Иванов Илья Никитич", "Иванов Илья Никитич", "m", "north_kazakhstan"),
    ("Кравец Марина Юрьевна", "Кравец Марина Юрьевна", "f", "kostanay"),
    ("Кузнецова Любовь Николаевна", "Кузнецова Любовь Николаевна", "f", "east_kazakhstan"),
    ("Ли Елена Владимировна", "Ли Елена Владимировна", "f", "almaty"),
    ("Мухамеджанов Бауыржан Алимович", "Мұхамеджанов Бауыржан Әлімұлы", "m", "zhambyl"),
    ("Назарова Дарига Нурлановна", "Назарова Дариға Нұрланқызы", "f", "atyrau"),
    ("Нурпеисова Динара Ерлановна", "Нұрпейісова Динара Ерланқызы", "f", "aktobe"),
    ("Пак Инна Сергеевна", "Пак Инна Сергеевна", "f", "shymkent"),
    ("Садыкова Жанар Ерболовна", "Садықова Жанар Ерболқызы", "f", "kyzylorda"),
    ("Тен Игорь Олегович", "Тен Игорь Олегович", "m", "mangystau"),
    ("Цой Александр Васильевич", "Цой Александр Васильевич", "m", "turkistan"),
    ("Черных Мария Олеговна", "Черных Мария Олеговна", "f", "west_kazakhstan"),
    ("Шевчук Андрей Петрович", "Шевчук Андрей Петрович", "m", "ulytau"),
    ("Гофман Ефим Борисович", "Гофман Ефим Борисович", "m", "zhetysu"),
    ("Бейсенов Саят Жумабаевич", "Бейсенов Саят Жұмабайұлы", "m", "abai"),
    ("Дуйсенова Тамара Босымбековна", "Дүйсенова Тамара Босымбекқызы", "f", "astana"),
    ("Хасенова Алия Маратовна", "Хасенова Әлия Маратқызы", "f", "pavlodar"),
    ("Петров Сергей Иванович", "Петров Сергей Иванович", "m", "almaty_region"),
    ("Юсупова Дилноза Хамидовна", "Юсупова Дилноза Хамидовна", "f", "shymkent"),
]
# A short entry is a regional Council member sitting personally, with a generated position.
CAST = [c if len(c) > 4 else (*c, None, "personal", False, C, "") for c in CAST]
# The sample order removes these four (inputs/order-2026-012.yaml): admitted in 2023.
REMOVED = {"Сергеев Павел Николаевич", "Оспанов Ерлан Маратович", "Гофман Ирина Владимировна",
           "Мамедов Тофик Ильясович"}
ADMISSIONS = [("2022-03-15", "4"), ("2023-02-20", "3"), ("2024-04-10", "9"),
              ("2025-03-12", "6"), ("2025-11-20", "21"), ("2026-02-16", "2")]


def feminine(surname: str) -> str:
    """The feminine form of a surname (-ов → -ова, -ин → -ина, -ский → -ская)."""
    if surname.endswith(("ов", "ев", "ин", "ын")):
        return surname + "а"
    if surname.endswith("ский"):
        return surname[:-2] + "ая"
    return surname


IRREGULAR = {"Яков": ("Яковлевич", "Яковлевна"), "Илья": ("Ильич", "Ильинична"),
             "Лев": ("Львович", "Львовна"), "Павел": ("Павлович", "Павловна")}
"""Fathers' names whose patronymic is not the stem + -ович/-овна."""


def patronymic_ru(father: str, woman: bool) -> str:
    """Маратович / Маратовна, Ильясович, Николаевич, Яковлевна."""
    if father in IRREGULAR:
        return IRREGULAR[father][woman]
    if father.endswith("ий"):
        return father[:-2] + ("ьевна" if woman else "ьевич")
    if father.endswith("й"):
        return father[:-1] + ("евна" if woman else "евич")
    if father.endswith("я"):
        return father[:-1] + ("ична" if woman else "ич")
    return father + ("овна" if woman else "ович")


def person(rng: random.Random, woman: bool) -> tuple[str, str]:
    """An invented (ru, kk) full name: surname, first name, patronymic."""
    if rng.random() < 0.6:
        sur_ru, sur_kk = rng.choice(KAZAKH_SURNAMES)
        first = rng.choice(KAZAKH_WOMEN if woman else KAZAKH_MEN)
        father = rng.choice(KAZAKH_FATHERS)
        if woman:
            sur_ru, sur_kk = feminine(sur_ru), feminine(sur_kk)
        ru = f"{sur_ru} {first[0]} {patronymic_ru(father[0], woman)}"
        kk = f"{sur_kk} {first[1]} {father[1]}{'қызы' if woman else 'ұлы'}"
        return ru, kk
    surnames, men, women, fathers = rng.choice(PEOPLES)
    surname = rng.choice(surnames)
    ru = (f"{feminine(surname) if woman else surname} {rng.choice(women if woman else men)} "
          f"{patronymic_ru(rng.choice(fathers), woman)}")
    return ru, ru


def rows() -> list[dict[str, str]]:
    """The sample roll's rows, in the import format."""
    rng = random.Random(SEED)
    regions = list(load_regions().values())
    out: list[dict[str, str]] = []
    seen = {c[0] for c in CAST} | {"Ким Виктор Алексеевич", "Абдуллаев Рустам Хамидович",
                                   "Пак Елена Сергеевна"}

    def add(name: tuple[str, str], gender: str, region: str, pos: tuple[str, str], seat: str,
            civil: bool, admitted: tuple[str, str], office: str = "",
            council: bool = False) -> None:
        number = len(out) + 1
        out.append({"name_ru": name[0], "name_kk": name[1], "gender": gender,
                    "position_ru": pos[0], "position_kk": pos[1], "region": region,
                    "seat": seat, "civil_servant": "yes" if civil else "no",
                    "council": "yes" if council else "no",
                    "phone": f"+7 701 {500 + number:03d} {1000 + number * 7 % 9000:04d}",
                    "email": f"member{number:03d}@assembly.example.kz",
                    "address": "", "language": rng.choice(["both", "both", "ru", "kk"]),
                    "admitted_on": admitted[0], "admit_order": admitted[1],
                    "office": office, "office_since": "", "council_since": ""})

    def fresh(woman: bool) -> tuple[str, str]:
        while True:
            name = person(rng, woman)
            if name[0] not in seen:
                seen.add(name[0])
                return name

    def cast(entry: tuple, pos: tuple[str, str]) -> None:
        ru, kk, gender, region, own, seat, civil, council, office = entry
        admitted = ADMISSIONS[1] if ru in REMOVED else ADMISSIONS[0]
        add((ru, kk), gender, region, own or pos, seat, civil, admitted, office, bool(council))

    for index, region in enumerate(regions):
        gen_ru, nom_kk = region.name("ru", "genitive"), region.name("kk")
        here = [c for c in CAST if c[3] == region.id]
        heads = {c[8]: c for c in here if c[8]}
        others = [c for c in here if not c[8]]
        for slot in range(17):
            woman = rng.random() < 0.42
            office, seat, civil = "", "personal", False
            if slot == 0:
                pos, seat, civil = (region.akim["ru"], region.akim["kk"]), "office", True
                office = "small_assembly_chair"
            elif slot == 1:
                office = "small_assembly_secretariat_head"
                pos = (f"заведующий секретариатом Ассамблеи народа Казахстана {gen_ru}",
                       f"{nom_kk} Қазақстан халқы Ассамблеясы хатшылығының меңгерушісі")
                seat, civil = "office", True
            else:
                ethnic = ETHNIC[(index + slot) % len(ETHNIC)]
                pos = (f"председатель {ethnic[0]} этнокультурного центра {gen_ru}",
                       f"{nom_kk} {ethnic[1]} этномәдени орталығының төрағасы")
            if office in heads:
                cast(heads[office], pos)
            elif not office and others:
                cast(others.pop(0), pos)
            else:
                add(fresh(woman), "f" if woman else "m", region.id, pos, seat, civil,
                    rng.choice(ADMISSIONS), office)
    for entry in CAST:
        if entry[3] == REPUBLICAN:
            cast(entry, ("", ""))
    held = {c[4][0] for c in CAST if c[3] == REPUBLICAN and c[4]}
    for slot in range(TOTAL - len(out)):
        assoc = ASSOCIATIONS[slot % len(ASSOCIATIONS)]
        chair = f"председатель {assoc[0]}" not in held and slot < len(ASSOCIATIONS)
        role = ("председатель", "төрағасы") if chair else (
            "заместитель председателя", "төрағасының орынбасары")
        # the Council of Mothers is led by women
        woman = "матерей" in assoc[0] or rng.random() < 0.42
        add(fresh(woman), "f" if woman else "m", REPUBLICAN,
            (f"{role[0]} {assoc[0]}", f"{assoc[1]} {role[1]}"), "personal", False,
            rng.choice(ADMISSIONS), "association_head" if chair else "")
    return out


def render() -> str:
    """The CSV text of the sample roll."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[c for c in COLUMNS if c != "id"],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows())
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not TARGET.is_file() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date "
                  "(run: python tools/make_sample_roll.py)")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {text.count(chr(10)) - 1} members")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
