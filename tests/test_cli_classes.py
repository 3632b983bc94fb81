"""`desk-app class …` (issue 14): listing the case classes (类案), showing one with its slips and
cases, and printing its class slip with the list of its cases, against a real data folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desk_app.domain.validation import ReferralDraft
from desk_app.storage.class_store import ClassStore
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

sys.path.insert(0, str(Path(__file__).parent / "reports"))
sys.path.insert(0, str(Path(__file__).parent / "storage"))
from report_helpers import flat, needs_font, pdf_text  # noqa: E402
from storage_helpers import Desk  # noqa: E402
from test_cli_rota import desk_app  # noqa: E402

LIFTS = "老旧小区加装电梯"
LAMPS = "建设路路灯"


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, clock: object, data_dir: Path) -> tuple[Path, dict[str, str]]:
    """An open class of two lift cases referred together, and a settled class of one lamp case
    never referred. Returns the folder and the ids and the class slip's number."""
    unit = store.save_handling_unit(
        by=clerk.id, name="区住建局", contact_person="王科长", phone="0376-6221234"
    )
    d = Desk(store, clerk, unit, clock)
    lifts = [
        d.register("幸福小区3号楼加装电梯", citizen_name="王芳"),
        d.register("幸福小区5号楼加装电梯", citizen_name="李强"),
    ]
    lamp = d.register("建设路路灯不亮", citizen_name="赵敏")
    classes = ClassStore(store)
    lift_class = classes.form(lifts[0], LIFTS, by=clerk.id)
    classes.add(lift_class, lifts[1], by=clerk.id)
    lead = classes.refer_together(
        lift_class, ReferralDraft(unit.id, "王科长", d.now.date(), 10, "赵代表"), by=clerk.id
    )
    lamp_class = classes.form(lamp, LAMPS, by=clerk.id)
    classes.settle(lamp_class, note="统一更换灯具", settled_on=d.now.date(), by=clerk.id)
    serials = [serial for _rid, serial, _round in classes.class_info(lift_class).slips[0].members]
    settled = d.now.date().isoformat()
    store.close()
    return data_dir, {
        "lifts": lift_class,
        "lamps": lamp_class,
        "lead": lead,
        "serial": serials[0],
        "serial2": serials[1],
        "settled": settled,
    }


def test_list_shows_each_class_with_its_state_counts_and_id(desk: tuple[Path, dict[str, str]]) -> None:
    folder, ids = desk
    result = desk_app(folder, "class", "list")
    assert result.returncode == 0, result.stderr
    lines = {line.split("\t")[1]: line.split("\t") for line in result.stdout.splitlines()}
    assert lines[LIFTS][2:] == ["办理中", "案件2件，待交办0件，一并交办2件，已销号0件", ids["lifts"]]
    assert lines[LAMPS][2:] == [
        f"{ids['settled']}办结",
        "案件1件，待交办1件，一并交办0件，已销号0件",
        ids["lamps"],
    ]


def test_list_keeps_the_open_or_the_settled_classes(desk: tuple[Path, dict[str, str]]) -> None:
    folder, _ids = desk
    opened = desk_app(folder, "class", "list", "--open").stdout
    settled = desk_app(folder, "class", "list", "--settled").stdout
    assert LIFTS in opened and LAMPS not in opened
    assert LAMPS in settled and LIFTS not in settled


def test_list_finds_a_class_by_words_and_says_when_there_is_none(desk: tuple[Path, dict[str, str]]) -> None:
    folder, _ids = desk
    assert [
        line.split("\t")[1]
        for line in desk_app(folder, "class", "list", "--find", "路灯").stdout.splitlines()
    ] == [LAMPS]
    assert desk_app(folder, "class", "list", "--find", "停车").stdout.strip() == "没有类案。"


def test_the_group_also_answers_to_classes(desk: tuple[Path, dict[str, str]]) -> None:
    folder, _ids = desk
    assert desk_app(folder, "classes", "list").stdout == desk_app(folder, "class", "list").stdout


def test_show_prints_the_class_slip_and_every_case(desk: tuple[Path, dict[str, str]]) -> None:
    folder, ids = desk
    result = desk_app(folder, "class", "show", LIFTS)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.splitlines()[0] == LIFTS
    assert f"类案交办单 {ids['serial']}\t区住建局" in out
    assert "\t王芳\t办理中\t" in out and "\t李强\t办理中\t" in out
    assert ids["serial2"] in out


def test_show_names_a_settled_class_s_measure(desk: tuple[Path, dict[str, str]]) -> None:
    folder, ids = desk
    result = desk_app(folder, "class", "show", ids["lamps"])  # by its id
    assert "解决办法：统一更换灯具" in result.stdout


def test_an_unknown_class_is_refused_plainly(desk: tuple[Path, dict[str, str]]) -> None:
    folder, _ids = desk
    result = desk_app(folder, "class", "show", "停车难")
    assert result.returncode == 1
    assert "没有“停车难”这个类案" in result.stderr and result.stdout == ""


@needs_font
def test_print_writes_the_class_slip_with_its_cases_attached(
    desk: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    folder, ids = desk
    out = tmp_path / "class-slip.pdf"
    result = desk_app(folder, "class", "print", LIFTS, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "2 件一并交办" in result.stdout
    text = flat(pdf_text(out))
    assert flat("附件：类案案件清单") in text and flat(f"类案：{LIFTS}") in text
    assert flat(ids["serial"]) in text and flat(ids["serial2"]) in text


def test_print_refuses_a_class_never_referred_together_and_writes_nothing(
    desk: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    folder, _ids = desk
    out = tmp_path / "none.pdf"
    result = desk_app(folder, "class", "print", LAMPS, "-o", str(out))
    assert result.returncode == 1
    assert "还没有一并交办的交办单" in result.stderr
    assert not out.exists()


def test_print_refuses_a_slip_number_the_class_does_not_have(
    desk: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    folder, ids = desk
    out = tmp_path / "x.pdf"
    result = desk_app(folder, "class", "print", LIFTS, "-o", str(out), "--slip", "〔2026〕第999号")
    assert result.returncode == 1 and ids["serial"] in result.stderr and not out.exists()


def test_print_wants_a_pdf_name(desk: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    folder, _ids = desk
    result = desk_app(folder, "class", "print", LIFTS, "-o", str(tmp_path / "slip.docx"))
    assert result.returncode == 1 and ".pdf" in result.stderr
