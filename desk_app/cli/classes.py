"""Case classes (类案, issue 14), `desk-app class …` (or `desk-app classes …`):

    desk-app class list [--open | --settled] [--find 电梯]
    desk-app class show CLASS
    desk-app class print CLASS -o class-slip.pdf [--slip SERIAL]   # the class slip, its list attached

A class is named by its name (subject) or its id (`class list` prints both). Classes are formed,
referred together and settled in the window (the case view's 类案 box, 类案一览); these commands
read them and print the class slip, the same document the window prints (phone numbers masked).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.cli.common import CommandFailed, no_cjk_font, open_store
from desk_app.cli.table import CommandTable

if TYPE_CHECKING:
    from desk_app.storage.class_reads import ClassSummary
    from desk_app.storage.class_store import ClassStore


def register(table: CommandTable) -> None:
    listing = table.add("class", "list", help="the desk's case classes, newest first", handler=list_classes)
    state = listing.add_mutually_exclusive_group()
    state.add_argument("--open", dest="state", action="store_const", const="open", help="only the open ones")
    state.add_argument(
        "--settled", dest="state", action="store_const", const="settled", help="only the settled ones"
    )
    listing.add_argument(
        "--find", default="", metavar="WORDS", help="only classes whose name holds these words"
    )

    show = table.add("class", "show", help="one class, its slips and its cases", handler=show_class)
    show.add_argument("case_class", metavar="CLASS", help="its name or id")

    doc = table.add(
        "class",
        "print",
        help="the class slip (类案交办单) with the list of its cases, as a PDF",
        handler=print_class_slip,
    )
    doc.add_argument("case_class", metavar="CLASS", help="its name or id")
    doc.add_argument("-o", "--output", type=Path, required=True)
    doc.add_argument(
        "--slip", default=None, metavar="SERIAL", help="which class slip, by its number (default: the latest)"
    )


def _find(classes: ClassStore, name: str) -> ClassSummary:
    found = [c for c in classes.classes() if name in (c.subject, c.id)]
    if not found:
        raise CommandFailed(f"没有“{name}”这个类案：请用 desk-app class list 查看。")
    if len(found) > 1:
        raise CommandFailed(f"有 {len(found)} 个类案叫“{name}”：请用类案的编号（desk-app class list）。")
    return found[0]


def _state_zh(c: ClassSummary) -> str:
    return f"{c.settled_on.isoformat()}办结" if c.settled_on is not None else "办理中"


def _counts_zh(c: ClassSummary) -> str:
    return f"案件{c.members}件，待交办{c.waiting}件，一并交办{c.referred}件，已销号{c.signed_off}件"


def list_classes(args: argparse.Namespace) -> int:
    from desk_app.storage.class_reads import ClassState
    from desk_app.storage.class_store import ClassStore

    with open_store(args) as store:
        rows = ClassStore(store).classes(state=ClassState(args.state) if args.state else None, text=args.find)
    if not rows:
        print("没有类案。")
    for c in rows:
        print(f"{c.formed_at.date().isoformat()}\t{c.subject}\t{_state_zh(c)}\t{_counts_zh(c)}\t{c.id}")
    return 0


def show_class(args: argparse.Namespace) -> int:
    from desk_app.domain.lifecycle import STATUS_ZH, CaseStatus
    from desk_app.reports.summary_xlsx import summary
    from desk_app.storage.class_store import ClassStore

    with open_store(args) as store:
        classes = ClassStore(store)
        c = _find(classes, args.case_class)
        info = classes.class_info(c.id)
    print(info.subject)
    print(f"建立：{info.formed_at.strftime('%Y-%m-%d %H:%M')}　{info.formed_by or '—'}　状态：{_state_zh(c)}")
    if info.settled_on is not None:
        print(f"解决办法：{info.settle_note}（{info.settled_by or '—'}）")
    print(_counts_zh(c))
    for slip in info.slips:
        print(
            f"类案交办单 {slip.serial}\t{slip.unit_name}\t{slip.referred_on.isoformat()}交办"
            f"\t限{slip.reply_due.isoformat()}前答复\t{len(slip.members)}件"
        )
    statuses = {s.value: zh for s, zh in STATUS_ZH.items()}
    for n, m in enumerate(info.members, start=1):
        print(
            f"{n}\t{m.received_at.date().isoformat()}\t{m.citizen_name or '—'}"
            f"\t{statuses.get(m.status, CaseStatus(m.status).value)}\t{m.serial or '—'}\t{summary(m.content)}"
        )
    return 0


def print_class_slip(args: argparse.Namespace) -> int:
    from desk_app.domain.classes import CLASS_REFUSAL_ZH, ClassRefusal
    from desk_app.reports.class_slip_pdf import print_class_slip as write_slip
    from desk_app.reports.documents import atomic_write
    from desk_app.reports.fonts import CjkFontMissing
    from desk_app.storage.class_store import ClassStore

    if args.output.suffix.lower() != ".pdf":
        raise CommandFailed("-o 的文件名应以 .pdf 结尾。")
    with open_store(args) as store:
        classes = ClassStore(store)
        c = _find(classes, args.case_class)
        slips = classes.class_info(c.id).slips
        if not slips:
            raise CommandFailed(f"类案“{c.subject}”：{CLASS_REFUSAL_ZH[ClassRefusal.NO_CLASS_SLIP]}。")
        named = slips[-1] if args.slip is None else next((s for s in slips if s.serial == args.slip), None)
        if named is None:
            numbers = "、".join(s.serial for s in slips)
            raise CommandFailed(
                f"类案“{c.subject}”没有编号为 {args.slip} 的类案交办单；它的类案交办单：{numbers}。"
            )
        slip = named
        try:
            with atomic_write(args.output) as out:
                result = write_slip(store, out, slip.lead_referral_id)
        except CjkFontMissing as exc:
            raise no_cjk_font(exc) from exc
    print(
        f"已写出类案“{c.subject}”的类案交办单 {slip.serial}（{len(slip.members)} 件一并交办）："
        f"交办单 {result.slip_pages} 页、附件 {result.attachment_pages} 页：{args.output}"
    )
    return 0
