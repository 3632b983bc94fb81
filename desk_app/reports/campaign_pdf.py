"""A campaign's report (流动工作站工作情况) and its problem list (问题清单) as A4 PDFs: the board's
figures in the bulletin's words, the places, activities and suggestions, then the problems found
with their state. Every figure comes from the store's CampaignReport (domain/campaigns.board).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from desk_app.domain.campaigns import (
    ACTIVITY_KIND_ZH,
    PLACE_KIND_ZH,
    ActivityKind,
    PlaceKind,
    board_lines_zh,
    suggestion_progress_zh,
)
from desk_app.reports.campaign_xlsx import status_zh
from desk_app.reports.dates import zh_date
from desk_app.reports.fonts import register_cjk_font, runs, string_width
from desk_app.reports.pdfkit import CHINESE_CANNOT_START, draw_string, para
from desk_app.storage.campaign_store import CampaignReport

HEAD_BG = colors.HexColor("#DDEBF7")
MARGIN = 15 * mm


def _styles(font: str) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle(
            "title", fontName=font, fontSize=17, leading=24, alignment=TA_CENTER, wordWrap="CJK"
        ),
        "sub": ParagraphStyle(
            "sub", fontName=font, fontSize=9, leading=13, alignment=TA_CENTER, wordWrap="CJK"
        ),
        "h2": ParagraphStyle("h2", fontName=font, fontSize=12, leading=18, spaceBefore=6, wordWrap="CJK"),
        "td": ParagraphStyle("td", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK"),
    }


def _grid(font: str) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTSIZE", (0, 0), (-1, -1), 8.5),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
    )


class _Widths:
    """Character widths of one font at one size, measured once per character (string_width keeps
    the fallback fonts of rare characters)."""

    def __init__(self, font: str, size: float) -> None:
        self.font, self.size = font, size
        self._known: dict[str, float] = {}

    def __call__(self, ch: str) -> float:
        w = self._known.get(ch)
        if w is None:
            w = self._known[ch] = string_width(ch, self.font, self.size)
        return w


def wrap_lines(text: str, width: float, char_width: Callable[[str], float]) -> list[str]:
    """`text` broken into lines no wider than `width` (any character may end a line, as Chinese
    does; a punctuation mark that must not start a line hangs at the end of the one before)."""
    lines: list[str] = []
    for part in (text or "").split("\n"):
        line: list[str] = []
        used = 0.0
        for ch in part:
            w = char_width(ch)
            if line and used + w > width and ch not in CHINESE_CANNOT_START:
                lines.append("".join(line))
                line, used = [], 0.0
            line.append(ch)
            used += w
        lines.append("".join(line))
    return lines


PROBLEM_HEAD = ("序号", "发现日期", "地点", "问题描述", "状态", "交办编号", "承办单位")
_FIXED_MM = (12, 22, 28, 0, 16, 40, 32)
_SIZE, _LEADING, _PAD = 8.5, 11.0, 3.0


class ProblemTable(Flowable):
    """The problem list as ruled rows, laid out by hand: reportlab's Table with a paragraph per
    cell took ~4 s for 751 problems (every page split lays the rest out again); this measures each
    character once and splits by row, so a list of 1,000 prints well under a second. The header
    repeats on every page."""

    def __init__(self, rows: list[list[list[str]]], col_widths: list[float], font: str) -> None:
        super().__init__()
        self.rows, self.col_widths, self.font = rows, col_widths, font
        self.heights = [max(len(c) for c in r) * _LEADING + 2 * _PAD for r in rows]

    @classmethod
    def of(cls, report: CampaignReport, font: str, width: float) -> ProblemTable:
        cols = [w * mm for w in _FIXED_MM]
        cols[3] = width - sum(cols)
        cw = _Widths(font, _SIZE)
        rows = [[wrap_lines(h, cols[i] - 2 * _PAD, cw) for i, h in enumerate(PROBLEM_HEAD)]]
        for n, p in enumerate(report.problems, start=1):
            cells = (
                str(n),
                p.received_at.date().isoformat(),
                p.place,
                p.content,
                status_zh(p.status),
                p.serial,
                p.unit,
            )
            rows.append([wrap_lines(c, cols[i] - 2 * _PAD, cw) for i, c in enumerate(cells)])
        return cls(rows, cols, font)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = sum(self.col_widths)
        self.height = sum(self.heights)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        used = self.heights[0]
        n = 1
        while n < len(self.rows) and used + self.heights[n] <= availHeight:
            used += self.heights[n]
            n += 1
        if n == 1:  # not even one row fits here: the next frame
            return []
        if n == len(self.rows):
            return [self]
        head = self.rows[0]
        return [
            ProblemTable(self.rows[:n], self.col_widths, self.font),
            ProblemTable([head, *self.rows[n:]], self.col_widths, self.font),
        ]

    def draw(self) -> None:
        c = self.canv
        y = self.height
        total_w = sum(self.col_widths)
        c.setLineWidth(0.5)
        # One text object for the whole piece (a font switch only where a rare character needs a
        # fallback font), and the rules drawn at once: far fewer operators than a string each.
        text = c.beginText()
        font = self.font
        text.setFont(font, _SIZE)
        rules: list[tuple[float, float, float, float]] = []
        for r, (row, h) in enumerate(zip(self.rows, self.heights, strict=True)):
            if r == 0:
                c.setFillColor(HEAD_BG)
                c.rect(0, y - h, total_w, h, stroke=0, fill=1)
                c.setFillColor(colors.black)
            x = 0.0
            for lines, w in zip(row, self.col_widths, strict=True):
                ty = y - _PAD - _SIZE
                for line in lines:
                    if line:
                        text.setTextOrigin(x + _PAD, ty)
                        for f, piece in runs(line, self.font):
                            if f != font:
                                text.setFont(f, _SIZE)
                                font = f
                            text.textOut(piece)
                    ty -= _LEADING
                x += w
            rules.append((0, y, total_w, y))
            y -= h
        rules.append((0, y, total_w, y))
        x = 0.0
        for w in [0.0, *self.col_widths]:
            x += w
            rules.append((x, self.height, x, y))
        c.drawText(text)
        c.lines(rules)


def _doc(target: Path | BinaryIO, title: str, font: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        str(target) if isinstance(target, Path) else target,
        pagesize=landscape(A4),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=title,
    )


def _footer(title: str, font: str) -> Callable[[Any, Any], None]:
    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#666666"))
        draw_string(canvas, MARGIN, 9 * mm, title, font, 8)
        page_w = canvas._pagesize[0]
        draw_string(canvas, page_w - MARGIN, 9 * mm, f"第{doc.page}页", font, 8, align="right")
        canvas.restoreState()

    return draw


def _head(report: CampaignReport, what: str, st: dict[str, ParagraphStyle]) -> list[object]:
    c = report.campaign
    period = f"{zh_date(c.starts_on)}至{zh_date(c.ends_on) if c.ends_on else '今'}"
    lines: list[object] = [para(f"{c.topic}{what}", st["title"])]
    lines.append(para(f"{report.station_name}　活动期间：{period}", st["sub"]))
    if c.deputy_names:
        lines.append(para("参加代表：" + "、".join(c.deputy_names), st["sub"]))
    lines.append(Spacer(1, 4 * mm))
    return lines


def write_problem_list_pdf(
    target: Path | BinaryIO, report: CampaignReport, *, font_path: str | None = None
) -> None:
    """Raises fonts.CjkFontMissing when no Chinese font is on the machine."""
    font = register_cjk_font(font_path)
    st = _styles(font)
    title = f"{report.campaign.topic}问题清单"
    doc = _doc(target, title, font)
    story = _head(report, "问题清单", st)
    story.append(para(f"共 {len(report.problems)} 个问题。", st["td"]))
    story.append(Spacer(1, 2 * mm))
    story.append(ProblemTable.of(report, font, doc.width))
    footer = _footer(title, font)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


def write_campaign_report_pdf(
    target: Path | BinaryIO, report: CampaignReport, *, font_path: str | None = None
) -> None:
    """The board, places, activities, suggestions and the problem list. Raises
    fonts.CjkFontMissing when no Chinese font is on the machine."""
    font = register_cjk_font(font_path)
    st = _styles(font)
    title = f"{report.campaign.topic}工作情况"
    doc = _doc(target, title, font)
    width = doc.width
    story = _head(report, "工作情况", st)
    b = report.board
    summary = (
        f"走访{b.places}处地点，开展座谈会{b.forums}场，接触群众{b.people_met}人，"
        f"发现问题{b.problems}个，已交办{b.referred}个，已办结{b.settled}个，提出建议{b.suggestions}条"
    )
    for m in b.measures:
        summary += f"，{m.name}{m.total}{m.unit}"
    story += [para(summary + "。", st["td"]), Spacer(1, 3 * mm)]
    lines = board_lines_zh(b)
    half = (len(lines) + 1) // 2
    data: list[list[object]] = [["指标", "数量", "指标", "数量"]]
    for i in range(half):
        right = lines[half + i] if half + i < len(lines) else ("", "")
        data.append([lines[i][0], lines[i][1], right[0], right[1]])
    table = Table(data, colWidths=(width / 4,) * 4)
    table.setStyle(_grid(font))
    story += [para("工作成效", st["h2"]), table]
    if report.places:
        story.append(para("走访地点", st["h2"]))
        by_kind: dict[str, list[str]] = {}
        for p in report.places:
            by_kind.setdefault(p.kind, []).append(p.name)
        for kind, names in by_kind.items():
            story.append(
                para(f"{PLACE_KIND_ZH[PlaceKind(kind)]}（{len(names)}）：{'、'.join(names)}", st["td"])
            )
    if report.activities:
        story.append(para("活动记录", st["h2"]))
        rows: list[list[object]] = [
            ["日期", "类型", "地点", "主题", "参加人员（人数）", "接触群众", "参加代表"]
        ]
        for a in report.activities:
            who = f"{a.attendees}（{a.headcount}人）" if a.headcount else a.attendees
            rows.append(
                [
                    a.day.isoformat(),
                    ACTIVITY_KIND_ZH[ActivityKind(a.kind)],
                    para(a.place, st["td"]),
                    para(a.subject, st["td"]),
                    para(who, st["td"]),
                    str(a.people_met),
                    para("、".join(a.deputy_names), st["td"]),
                ]
            )
        fixed = (22 + 20 + 36 + 20 + 40) * mm
        rest = (width - fixed) / 2
        t = Table(rows, colWidths=(22 * mm, 20 * mm, 36 * mm, rest, rest, 20 * mm, 40 * mm), repeatRows=1)
        t.setStyle(_grid(font))
        story.append(t)
    if report.suggestions:
        story.append(para("提出建议", st["h2"]))
        for i, sug in enumerate(report.suggestions, start=1):
            serial = f"（{sug.serial}）" if sug.serial else ""
            progress = suggestion_progress_zh(sug.state, sug.unit)
            text = f"{i}. {sug.title}{serial}，{progress}" + (f"：{sug.content}" if sug.content else "")
            story.append(para(text, st["td"]))
    story += [para("问题清单", st["h2"]), ProblemTable.of(report, font, width)]
    footer = _footer(title, font)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
