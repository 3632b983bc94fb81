"""Campaigns of a mobile station (issue 14), `desk-app campaign …`:

    desk-app campaign list
    desk-app campaign new --topic 交通规范执法 --from 2026-03-01 [--to 2026-10-31]
        [--deputy NAME ...] [--place NAME[:county|township|estate|checkpoint|enterprise|other] ...]
        [--measure NAME[:UNIT] ...]
    desk-app campaign activity TOPIC --kind forum --day 2026-03-08 [--place NAME]
        [--subject TEXT] [--attendees TEXT] [--headcount N] [--people-met N] [--deputy NAME ...]
    desk-app campaign count TOPIC --measure 加装电梯 --day 2026-05-01 --amount 12
    desk-app campaign suggestion TOPIC --deputy NAME --problems 1,5,9 --title TEXT --content TEXT
        [--day 2026-06-01]     # a deputy's suggestion drafted from the problem list's rows
    desk-app campaign template -o problems.xlsx
    desk-app campaign import TOPIC problems.xlsx [--year 2026]     # all rows or none
    desk-app campaign board TOPIC
    desk-app campaign report TOPIC -o report.pdf|report.xlsx
    desk-app campaign problems TOPIC -o problems.pdf|problems.xlsx

A campaign is named by its topic (or its id). Writes name their operator and need their PIN.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.cli.common import OPERATOR_HELP, CommandFailed, acting_operator, no_cjk_font, open_store
from desk_app.cli.table import CommandTable

if TYPE_CHECKING:
    from desk_app.storage.campaign_store import CampaignInfo, CampaignStore
    from desk_app.storage.store import DeskStore


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text}") from None


def register(table: CommandTable) -> None:
    table.add("campaign", "list", help="the desk's campaigns", handler=list_campaigns)

    new = table.add(
        "campaign", "new", help="set up a campaign (topic, period, deputies, places)", handler=new_campaign
    )
    new.add_argument("--topic", required=True)
    new.add_argument("--from", dest="starts_on", type=_day, required=True)
    new.add_argument("--to", dest="ends_on", type=_day, default=None)
    new.add_argument("--note", default="")
    new.add_argument("--deputy", action="append", default=[], metavar="NAME")
    new.add_argument("--place", action="append", default=[], metavar="NAME[:KIND]")
    new.add_argument("--measure", action="append", default=[], metavar="NAME[:UNIT]")
    new.add_argument("--operator", help=OPERATOR_HELP)

    act = table.add(
        "campaign", "activity", help="record an inspection, forum, survey or visit", handler=activity
    )
    act.add_argument("campaign", metavar="TOPIC")
    act.add_argument("--kind", required=True, choices=["inspection", "forum", "survey", "visit"])
    act.add_argument("--day", type=_day, required=True)
    act.add_argument("--place", default="", help="one of the campaign's places, or any place")
    act.add_argument("--subject", default="")
    act.add_argument("--attendees", default="", help="who attended")
    act.add_argument("--headcount", type=int, default=0, help="how many attended")
    act.add_argument("--people-met", type=int, default=0)
    act.add_argument("--deputy", action="append", default=[], metavar="NAME")
    act.add_argument("--operator", help=OPERATOR_HELP)

    cnt = table.add("campaign", "count", help="add a count to a result measure", handler=count)
    cnt.add_argument("campaign", metavar="TOPIC")
    cnt.add_argument("--measure", required=True)
    cnt.add_argument("--day", type=_day, required=True)
    cnt.add_argument("--amount", type=int, required=True)
    cnt.add_argument("--operator", help=OPERATOR_HELP)

    sug = table.add(
        "campaign",
        "suggestion",
        help="draft a deputy's suggestion from the campaign's problems (numbered, sent and answered "
        "like any suggestion)",
        handler=suggestion,
    )
    sug.add_argument("campaign", metavar="TOPIC")
    sug.add_argument("--deputy", required=True, help="the deputy who makes the suggestion")
    sug.add_argument(
        "--problems",
        required=True,
        help="the rows of the campaign's problem list it is drafted from (序号, as exported), e.g. 1,5,9",
    )
    sug.add_argument("--title", required=True)
    sug.add_argument("--content", required=True)
    sug.add_argument("--day", type=_day, help="the day it was drafted (default: today)")
    sug.add_argument("--operator", help=OPERATOR_HELP)

    tpl = table.add(
        "campaign", "template", help="an empty problem list (问题清单) to fill in", handler=template
    )
    tpl.add_argument("-o", "--output", type=Path, required=True)

    imp = table.add(
        "campaign", "import", help="import a campaign's problem list (all rows or none)", handler=import_list
    )
    imp.add_argument("campaign", metavar="TOPIC")
    imp.add_argument("file", type=Path)
    imp.add_argument("--year", type=int, default=None, help="the year of dates written as 4月27日")
    imp.add_argument("--operator", help=OPERATOR_HELP)

    brd = table.add("campaign", "board", help="the campaign's figures", handler=board)
    brd.add_argument("campaign", metavar="TOPIC")

    for word, what, handler in (
        ("report", "the campaign report", report_document),
        ("problems", "the problem list (问题清单)", problems_document),
    ):
        doc = table.add("campaign", word, help=f"{what} as PDF or Excel (by -o's suffix)", handler=handler)
        doc.add_argument("campaign", metavar="TOPIC")
        doc.add_argument("-o", "--output", type=Path, required=True)


def _find(camp: CampaignStore, name: str) -> CampaignInfo:
    found = [c for c in camp.campaigns() if name in (c.topic, c.id)]
    if not found:
        raise CommandFailed(f"没有“{name}”这个活动：请用 desk-app campaign list 查看。")
    if len(found) > 1:
        raise CommandFailed(f"有 {len(found)} 个活动叫“{name}”：请用活动的编号（desk-app campaign list）。")
    return found[0]


def _deputy_ids(store: DeskStore, names: list[str]) -> tuple[str, ...]:
    deputies = {d.name: d.id for d in store.deputies()}
    missing = [n for n in names if n not in deputies]
    if missing:
        raise CommandFailed(f"名册中没有这些代表：{'、'.join(missing)}")
    return tuple(deputies[n] for n in names)


def _refused(exc: Exception) -> CommandFailed:
    return CommandFailed(f"未保存：{getattr(exc, 'message_zh', exc)}")


def list_campaigns(args: argparse.Namespace) -> int:
    from desk_app.storage.campaign_store import CampaignStore

    with open_store(args) as store:
        rows = CampaignStore(store).campaigns()
    if not rows:
        print("还没有活动。")
    for c in rows:
        print(f"{c.topic}\t{c.period_zh}\t{'、'.join(c.deputy_names)}\t{c.id}")
    return 0


def new_campaign(args: argparse.Namespace) -> int:
    from desk_app.domain.campaigns import PLACE_KIND_ZH, CampaignDraft, MeasureDraft, PlaceDraft, PlaceKind
    from desk_app.storage.campaign_store import CampaignRefused, CampaignStore

    kinds = {k.value: k for k in PlaceKind} | {zh: k for k, zh in PLACE_KIND_ZH.items()}
    places = []
    for text in args.place:
        name, _, kind = text.partition(":")
        if kind and kind not in kinds:
            raise CommandFailed(f"地点类型“{kind}”不对，可填：{'、'.join(k.value for k in PlaceKind)}")
        places.append(PlaceDraft(name, kinds[kind] if kind else PlaceKind.OTHER))
    with open_store(args) as store:
        camp = CampaignStore(store)
        deputy_ids = _deputy_ids(store, args.deputy)
        by = acting_operator(store, args).id
        try:
            cid = camp.save_campaign(
                CampaignDraft(args.topic, args.starts_on, args.ends_on, args.note, deputy_ids), by=by
            )
            for p in places:
                camp.add_place(cid, p, by=by)
            for text in args.measure:
                name, _, unit = text.partition(":")
                camp.add_measure(cid, MeasureDraft(name, unit), by=by)
        except CampaignRefused as exc:
            raise _refused(exc) from exc
    print(f"已建立活动“{args.topic}”：{len(places)} 个地点，{len(args.measure)} 项成效指标。{cid}")
    return 0


def activity(args: argparse.Namespace) -> int:
    from desk_app.domain.campaigns import ACTIVITY_KIND_ZH, ActivityDraft, ActivityKind
    from desk_app.storage.campaign_store import CampaignRefused, CampaignStore

    with open_store(args) as store:
        camp = CampaignStore(store)
        c = _find(camp, args.campaign)
        place_id = next((p.id for p in camp.places(c.id) if p.name == args.place), None)
        draft = ActivityDraft(
            ActivityKind(args.kind),
            args.day,
            place_id=place_id,
            place_text="" if place_id else args.place,
            subject=args.subject,
            attendees=args.attendees,
            headcount=args.headcount,
            people_met=args.people_met,
            deputy_ids=_deputy_ids(store, args.deputy),
        )
        by = acting_operator(store, args).id
        try:
            camp.record_activity(c.id, draft, by=by)
        except CampaignRefused as exc:
            raise _refused(exc) from exc
    print(f"已记录{ACTIVITY_KIND_ZH[ActivityKind(args.kind)]}：{args.day.isoformat()} {args.place}")
    return 0


def count(args: argparse.Namespace) -> int:
    from desk_app.storage.campaign_store import CampaignRefused, CampaignStore

    with open_store(args) as store:
        camp = CampaignStore(store)
        c = _find(camp, args.campaign)
        measure = next((m for m in camp.measures(c.id) if m.name == args.measure), None)
        if measure is None:
            names = "、".join(m.name for m in camp.measures(c.id)) or "（无）"
            raise CommandFailed(f"活动“{c.topic}”没有“{args.measure}”这项指标，现有：{names}")
        by = acting_operator(store, args).id
        try:
            camp.record_count(measure.id, day=args.day, amount=args.amount, by=by)
        except CampaignRefused as exc:
            raise _refused(exc) from exc
        total = next(m.total for m in camp.measures(c.id) if m.id == measure.id)
    print(f"{measure.name}：累计 {total} {measure.unit}".rstrip())
    return 0


_SUGGESTION_FIELDS_ZH = {"deputy_id": "代表", "title": "标题", "body": "内容", "reception_ids": "问题"}


def _rows(text: str, count: int) -> list[int]:
    try:
        rows = [int(part) for part in text.replace("，", ",").split(",") if part.strip()]
    except ValueError:
        raise CommandFailed(
            f"--problems 应为问题清单的序号，用逗号分隔（如 1,5,9），而不是“{text}”"
        ) from None
    bad = [n for n in rows if not 1 <= n <= count]
    if bad or not rows:
        raise CommandFailed(f"问题清单共 {count} 个问题，没有序号 {'、'.join(map(str, bad)) or text}")
    return rows


def suggestion(args: argparse.Namespace) -> int:
    from desk_app.domain.ledger import PROBLEM_ZH
    from desk_app.domain.suggestions import SuggestionDraft
    from desk_app.storage.campaign_store import CampaignStore
    from desk_app.storage.errors import ValidationFailed
    from desk_app.storage.suggestions import SuggestionStore

    with open_store(args) as store:
        camp = CampaignStore(store)
        c = _find(camp, args.campaign)
        (deputy,) = _deputy_ids(store, [args.deputy])
        problems = camp.problems(c.id)
        cases = tuple(problems[n - 1].case_id for n in _rows(args.problems, len(problems)))
        by = acting_operator(store, args).id
        draft = SuggestionDraft(deputy, args.title, args.content, cases)
        try:
            sid = camp.draft_suggestion(c.id, draft, by=by, day=args.day)
        except ValidationFailed as exc:
            words = "；".join(
                f"{_SUGGESTION_FIELDS_ZH.get(e.field, e.field)}：{PROBLEM_ZH[e.problem]}" for e in exc.errors
            )
            raise CommandFailed(f"未保存：{words}") from exc
        row = SuggestionStore(store).suggestion(sid)
    print(f"已起草代表建议：{row.title}（{row.deputy_name}，据 {len(cases)} 个问题；交办时编号）")
    return 0


def template(args: argparse.Namespace) -> int:
    from desk_app.reports.campaign_xlsx import write_problem_template

    write_problem_template(args.output)
    print(f"已写出问题清单模板：{args.output}")
    return 0


def import_list(args: argparse.Namespace) -> int:
    from desk_app.reports.campaign_documents import import_problem_list
    from desk_app.storage.campaign_store import CampaignStore, ProblemListRefused

    with open_store(args) as store:
        c = _find(CampaignStore(store), args.campaign)
        by = acting_operator(store, args).id
        try:
            done = import_problem_list(store, args.file, c.id, by=by, year=args.year)
        except ProblemListRefused as exc:
            raise CommandFailed(exc.message_zh) from exc
    if done.applied is None:
        if done.read.file_error:
            raise CommandFailed(done.read.file_error)
        lines = [f"问题清单有 {len(done.read.errors)} 处错误，未导入任何一行："]
        lines += [f"第 {e.row} 行“{e.column}”：{e.message}" for e in done.read.errors]
        raise CommandFailed("\n".join(lines))
    already = f"，{done.applied.already} 个此前已导入" if done.applied.already else ""
    print(f"已导入 {done.applied.added} 个问题到活动“{c.topic}”{already}。")
    return 0


def board(args: argparse.Namespace) -> int:
    from desk_app.domain.campaigns import board_lines_zh
    from desk_app.storage.campaign_store import CampaignStore

    with open_store(args) as store:
        camp = CampaignStore(store)
        c = _find(camp, args.campaign)
        b = camp.board(c.id)
    print(f"{c.topic}（{c.period_zh}）")
    for label, figure in board_lines_zh(b):
        print(f"{label}\t{figure}")
    return 0


def report_document(args: argparse.Namespace) -> int:
    return _document(args, report_wanted=True)


def problems_document(args: argparse.Namespace) -> int:
    return _document(args, report_wanted=False)


def _document(args: argparse.Namespace, *, report_wanted: bool) -> int:
    from desk_app.reports import campaign_documents as docs
    from desk_app.reports.font_errors import CjkFontMissing
    from desk_app.storage.campaign_store import CampaignStore

    suffix = args.output.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise CommandFailed("-o 的文件名应以 .pdf 或 .xlsx 结尾。")
    write = {
        (True, ".pdf"): docs.print_campaign_report,
        (True, ".xlsx"): docs.export_campaign_report,
        (False, ".pdf"): docs.print_problem_list,
        (False, ".xlsx"): docs.export_problem_list,
    }[(report_wanted, suffix)]
    with open_store(args) as store:
        c = _find(CampaignStore(store), args.campaign)
        try:
            report = write(store, args.output, c.id)
        except CjkFontMissing as exc:
            raise no_cjk_font(exc) from exc
    what = "活动报告" if report_wanted else "问题清单"
    print(f"已写出{what}（{len(report.problems)} 个问题）：{args.output}")
    return 0
