"""A batch of regional notices is addressed in one form: to the chair of each small assembly,
the akim (p.17), position in the dative, by name as the roll has the akim on the notice's date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from helpers import SAMPLES, read_docx_text, run_cli

from docgen.input.regions import load_regions
from docgen.records.roll import open_roll
from docgen.rendering.names import name_form

BATCH = SAMPLES / "batch-session-34.yaml"


def _addressee(out: Path, region: str, lang: str) -> list[str]:
    text = read_docx_text(out / "batch-session-34" / "regions" / region / f"notice_{lang}.docx")
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines)
                 if line.startswith(("Акиму", "Ассамбле")) or "әкіміне" in line
                 or line.endswith("Ассамблеясына"))
    return lines[first:first + 2]


def test_every_region_is_addressed_to_its_akim_by_name(sample_roll: Path,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "out"
    made = run_cli("batch", "notices", BATCH, "--archive", sample_roll, "--out", out)
    assert made.exit_code == 0, made.stderr
    regions = load_regions()
    with open_roll(sample_roll) as roll:
        akims = {rid: roll.member(roll.holders("small_assembly_chair", dt.date(2026, 3, 20),
                                               rid)[0]) for rid in regions}
    for rid, region in regions.items():
        akim = akims[rid]
        ru, kk = _addressee(out, rid, "ru"), _addressee(out, rid, "kk")
        title = region.akim["ru"].replace("аким", "Акиму", 1)
        assert ru[0] == (f"{title}, председателю {region.assembly_genitive['ru']}"), ru
        assert ru[1] == name_form(akim.name_ru, "ru", "dative", "initials", "male"
                                  if akim.gender == "m" else "female")
        assert kk[0].startswith(region.akim["kk"][:-1]) and kk[0].endswith(
            "Ассамблеясының төрағасына"), kk
        assert kk[1] == name_form(akim.name_kk, "kk", "dative", "initials", "male"
                                  if akim.gender == "m" else "female")
    assert _addressee(out, "karaganda", "ru") == [
        "Акиму Карагандинской области, председателю Ассамблеи народа Казахстана "
        "Карагандинской области", "Е.К. Жумабекову"]
    assert _addressee(out, "karaganda", "kk") == [
        "Қарағанды облысының әкіміне, Қарағанды облысы Қазақстан халқы Ассамблеясының "
        "төрағасына", "Е.Қ. Жұмабековке"]
    assert _addressee(out, "mangystau", "kk")[0] == (
        "Маңғыстау облысының әкіміне, Маңғыстау облысы Қазақстан халқы Ассамблеясының "
        "төрағасына")


def test_without_the_roll_the_form_is_the_same_without_a_name(tmp_path: Path) -> None:
    data = yaml.safe_load(BATCH.read_text(encoding="utf-8"))
    data.pop("regions")
    batch = tmp_path / "batch-session-34.yaml"
    batch.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    made = run_cli("batch", "notices", batch, "--regions", "shymkent", "--out", out)
    assert made.exit_code == 0, made.stderr
    text = read_docx_text(out / "batch-session-34" / "regions" / "shymkent" / "notice_ru.docx")
    assert ("Акиму города Шымкента, председателю Ассамблеи народа Казахстана города Шымкента\n"
            "\n") in text
    assert "\nАссамблее народа Казахстана города Шымкента\n" not in text
