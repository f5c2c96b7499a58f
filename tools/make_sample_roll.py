"""Write the sample member roll, inputs/roll.csv: 385 invented members of the Assembly.

Every name is invented (common Kazakh, Russian, Korean, German, Uzbek, Uyghur, Tatar,
Ukrainian, Azerbaijani and other names put together at random), spelled in Russian and
in Kazakh; both genders. 17 to 18 members per region (the akim and the head of the small
assembly's secretariat sit by virtue of office, as civil servants; the others personally)
and the republican associations. 31 sit on the Council. Admissions are spread over
2022–2026, so the roll differs on past dates; the four people removed by the sample
order (inputs/order-2026-012.yaml) are on it, the three it admits are not.

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
# The sample order removes these four (inputs/order-2026-012.yaml).
REMOVED = [
    ("Сергеев Павел Николаевич", "Сергеев Павел Николаевич", "m", "karaganda",
     "заместитель акима Карагандинской области", "Қарағанды облысы әкімінің орынбасары",
     "office", True),
    ("Оспанов Ерлан Маратович", "Оспанов Ерлан Маратұлы", "m", "pavlodar",
     "председатель Павлодарского областного маслихата",
     "Павлодар облыстық мәслихатының төрағасы", "office", False),
    ("Гофман Ирина Владимировна", "Гофман Ирина Владимировна", "f", "kostanay",
     "председатель Немецкого культурного центра Костанайской области",
     "Қостанай облысы Неміс мәдени орталығының төрағасы", "personal", False),
    ("Мамедов Тофик Ильясович", "Мамедов Тофик Ильясович", "m", REPUBLICAN,
     "председатель Азербайджанского этнокультурного объединения «Туран»",
     "«Тұран» әзірбайжан этномәдени бірлестігінің төрағасы", "personal", False),
]
ADMISSIONS = [("2022-03-15", "4"), ("2023-02-20", "3"), ("2024-04-10", "9"),
              ("2025-03-12", "6"), ("2025-11-20", "21"), ("2026-02-16", "2")]


def feminine(surname: str) -> str:
    """The feminine form of a surname (-ов → -ова, -ин → -ина, -ский → -ская)."""
    if surname.endswith(("ов", "ев", "ин", "ын")):
        return surname + "а"
    if surname.endswith("ский"):
        return surname[:-2] + "ая"
    return surname


def patronymic_ru(father: str, woman: bool) -> str:
    """Маратович / Маратовна, Ильясович, Николаевич."""
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
    seen = {r[0] for r in REMOVED} | {"Ким Виктор Алексеевич", "Абдуллаев Рустам Хамидович",
                                      "Пак Елена Сергеевна"}

    def add(name: tuple[str, str], gender: str, region: str, pos: tuple[str, str], seat: str,
            civil: bool, admitted: tuple[str, str], office: str = "") -> None:
        number = len(out) + 1
        out.append({"name_ru": name[0], "name_kk": name[1], "gender": gender,
                    "position_ru": pos[0], "position_kk": pos[1], "region": region,
                    "seat": seat, "civil_servant": "yes" if civil else "no", "council": "no",
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

    for ru, kk, gender, region, pos_ru, pos_kk, seat, civil in REMOVED:
        add((ru, kk), gender, region, (pos_ru, pos_kk), seat, civil, ADMISSIONS[1])
    for index, region in enumerate(regions):
        share = 17 - sum(1 for r in REMOVED if r[3] == region.id)
        gen_ru, nom_kk = region.name("ru", "genitive"), region.name("kk")
        for slot in range(share):
            woman = rng.random() < 0.42
            office = ""
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
                seat, civil = "personal", False
            add(fresh(woman), "f" if woman else "m", region.id, pos, seat, civil,
                rng.choice(ADMISSIONS), office)
    for slot in range(TOTAL - len(out)):
        woman = rng.random() < 0.42
        assoc = ASSOCIATIONS[slot % len(ASSOCIATIONS)]
        role = ("председатель", "төрағасы") if slot < len(ASSOCIATIONS) else (
            "заместитель председателя", "төрағасының орынбасары")
        add(fresh(woman), "f" if woman else "m", REPUBLICAN,
            (f"{role[0]} {assoc[0]}", f"{assoc[1]} {role[1]}"), "personal", False,
            rng.choice(ADMISSIONS), "association_head" if slot < len(ASSOCIATIONS) else "")
    # The Council: the republican chairs, then regional members admitted before 2026.
    stay = [i for i, r in enumerate(out) if r["name_ru"] not in {x[0] for x in REMOVED}]
    council = [i for i in stay if out[i]["region"] == REPUBLICAN][:len(ASSOCIATIONS)]
    council += [i for i in stay if out[i]["seat"] == "personal"
                and out[i]["region"] != REPUBLICAN and out[i]["admitted_on"] < "2026-01-01"]
    for i in council[:COUNCIL]:
        out[i]["council"] = "yes"
        out[i]["admitted_on"], out[i]["admit_order"] = ADMISSIONS[0]
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
