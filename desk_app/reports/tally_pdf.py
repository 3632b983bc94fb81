"""The monthly tally (月度统计) as an A4 PDF: the figures with the month before beside them, a bar
chart of the main counts and the satisfaction rate's definition on a portrait first page; then, on
landscape pages (the breakdowns have a column per figure), the breakdowns by category, channel
and handling unit, and every figure's definition. Every figure comes from a domain Tally.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desk_app.domain.tally import (
    CASE_BREAKDOWN_KEYS,
    MEASURES,
    SATISFACTION_DEFINITION,
    UNIT_BREAKDOWN_KEYS,
    UNIT_LEVELS_HEAD,
    BreakdownRow,
    Tally,
    measure_text,
    measure_value,
)
from desk_app.reports.fonts import register_cjk_font
from desk_app.reports.pdfkit import draw_string, para
from desk_app.reports.tally_text import change_text, period_line, short_label

HEAD_BG = colors.HexColor("#DDEBF7")
CURRENT = colors.HexColor("#2F5597")
PREVIOUS = colors.HexColor("#A5A5A5")
# The unit table on paper leaves out the three verdict counts (in the Excel file) to stay readable.
UNIT_PDF_KEYS = tuple(
    k for k in UNIT_BREAKDOWN_KEYS if k not in ("satisfied", "basically_satisfied", "dissatisfied")
)
CASE_PDF_KEYS = CASE_BREAKDOWN_KEYS
MARGIN = 15 * mm
# Room between a cell's text and its lines (points): no character touches a printed rule.
CELL_PAD = 3.5
CHART_KEYS = ("opinions", "on_site", "referred", "replied", "signed_off", "callbacks")


def _chart(tally: Tally, font: str, width: float) -> Drawing:
    height = 62 * mm
    d = Drawing(width, height)
    d.initialFontName = font  # the drawing's starting state: not Helvetica (never embedded)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 12 * mm
    chart.width, chart.height = width - 50 * mm, height - 20 * mm
    chart.data = [
        [int(measure_value(tally.current, k) or 0) for k in CHART_KEYS],
        [int(measure_value(tally.previous, k) or 0) for k in CHART_KEYS],
    ]
    chart.categoryAxis.categoryNames = [short_label(k) for k in CHART_KEYS]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    top = max(max(chart.data[0]), max(chart.data[1]), 1)
    chart.valueAxis.valueMax = top * 1.15
    chart.bars[0].fillColor = CURRENT
    chart.bars[1].fillColor = PREVIOUS
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabelFormat = "%d"
    chart.barLabels.nudge = 5
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 32 * mm, height - 16 * mm
    legend.fontName = font
    legend.fontSize = 9
    legend.colorNamePairs = [(CURRENT, "本期"), (PREVIOUS, "上期")]
    d.add(legend)
    d.add(String(14 * mm, height - 6 * mm, "主要指标本期与上期对比", fontName=font, fontSize=10))
    return d


def _breakdown_table(
    title: str,
    rows: tuple[BreakdownRow, ...],
    keys: tuple[str, ...],
    prev_key: str,
    st: dict[str, ParagraphStyle],
    width: float,
    words: tuple[str, Callable[[str], str]] | None = None,
) -> list[object]:
    """`words`: a last column of text (its heading, and its text by row label), e.g. the unit
    table's second rounds by 大督办 level."""
    head = [para(title.replace("按", "").replace("统计", ""), st["th"])]
    head += [para(short_label(k), st["th"]) for k in keys] + [para("上期" + short_label(prev_key), st["th"])]
    if words is not None:
        head.append(para(words[0], st["th"]))
    data: list[list[object]] = [head]
    for row in rows:
        data.append(
            [para(row.label, st["td"])]
            + [measure_text(row.current, k) for k in keys]
            + [measure_text(row.previous, prev_key)]
            + ([para(words[1](row.label), st["td"])] if words is not None else [])
        )
    extra = 1 if words is not None else 0
    if not rows:
        data.append([para("本期无数据", st["td"])] + [""] * (len(keys) + 1 + extra))
    label_w = 30 * mm
    words_w = 36 * mm if words is not None else 0
    col_w = (width - label_w - words_w) / (len(keys) + 1)
    widths = [label_w] + [col_w] * (len(keys) + 1) + ([words_w] if words is not None else [])
    table = Table(data, colWidths=widths, repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("FONTNAME", (0, 0), (-1, -1), st["td"].fontName),
        ("FONTSIZE", (1, 1), (-1, -1), 8),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TEXTCOLOR", (len(keys) + 1, 1), (len(keys) + 1, -1), colors.HexColor("#555555")),
    ]
    if not rows:
        style.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(style))
    return [para(title, st["h2"]), Spacer(1, 2 * mm), table, Spacer(1, 5 * mm)]


def _definitions(st: dict[str, ParagraphStyle], width: float) -> Table:
    """Every figure's definition, two columns (figure | definition)."""
    data = [[para(m.label, st["def"]), para(m.definition, st["def"])] for m in MEASURES]
    table = Table(data, colWidths=(34 * mm, width - 34 * mm))
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), st["def"].fontName),  # never Helvetica (not embedded)
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#BBBBBB")),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ]
        )
    )
    return table


def write_tally_pdf(target: Path | BinaryIO, tally: Tally, *, font_path: str | None = None) -> None:
    """Raises fonts.CjkFontMissing when no Chinese font is on the machine."""
    font = register_cjk_font(font_path)
    st = {
        "title": ParagraphStyle(
            "title", fontName=font, fontSize=17, leading=24, alignment=TA_CENTER, wordWrap="CJK"
        ),
        "sub": ParagraphStyle(
            "sub",
            fontName=font,
            fontSize=8.5,
            leading=12,
            alignment=TA_CENTER,
            textColor=colors.HexColor("#333333"),
            wordWrap="CJK",
        ),
        "h2": ParagraphStyle("h2", fontName=font, fontSize=12, leading=16, wordWrap="CJK"),
        "th": ParagraphStyle(
            "th", fontName=font, fontSize=8.5, leading=10.5, alignment=TA_CENTER, wordWrap="CJK"
        ),
        "td": ParagraphStyle("td", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK"),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=10, leading=13, wordWrap="CJK"),
        "def": ParagraphStyle("def", fontName=font, fontSize=8, leading=11, wordWrap="CJK"),
        "rate": ParagraphStyle(
            "rate",
            fontName=font,
            fontSize=9.5,
            leading=13,
            wordWrap="CJK",
            borderColor=colors.HexColor("#2F5597"),
            borderWidth=0.6,
            borderPadding=4,
            backColor=colors.HexColor("#F3F7FC"),
        ),
    }
    width = A4[0] - 30 * mm
    story: list[object] = [para(tally.title, st["title"]), para(period_line(tally), st["sub"])]
    if len(tally.stations) > 1:
        story.append(para("统计范围：" + "、".join(tally.stations), st["sub"]))
    story.append(Spacer(1, 4 * mm))
    data: list[list[object]] = [["指标", "本期", "上期", "环比增减", "去年同期", "同比增减"]]
    for m in MEASURES:
        data.append(
            [
                para(m.label, st["td"]),
                measure_text(tally.current, m.key),
                measure_text(tally.previous, m.key),
                change_text(m.key, tally.current, tally.previous),
                measure_text(tally.year_ago, m.key),
                change_text(m.key, tally.current, tally.year_ago),
            ]
        )
    rest = (width - 46 * mm) / 5
    table = Table(data, colWidths=(46 * mm,) + (rest,) * 5, repeatRows=1)
    rate_rows = [i + 1 for i, m in enumerate(MEASURES) if m.key == "satisfaction_rate"]
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BOX", (0, 0), (-1, -1), 1, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
            ]
            + [("BACKGROUND", (0, r), (-1, r), colors.HexColor("#FFF2CC")) for r in rate_rows]
        )
    )
    story += [
        table,
        Spacer(1, 3 * mm),
        para("满意率口径：" + SATISFACTION_DEFINITION, st["rate"]),
        Spacer(1, 3 * mm),
    ]
    for line in (tally.theme_days_line, tally.second_rounds_line):
        if line:
            story += [para(line, st["rate"]), Spacer(1, 3 * mm)]
    story += [_chart(tally, font, width)]
    wide = landscape(A4)[0] - 2 * MARGIN
    story += [NextPageTemplate("landscape"), PageBreak()]
    story += _breakdown_table("按问题类别统计", tally.by_category, CASE_PDF_KEYS, "opinions", st, wide)
    story += _breakdown_table("按来源渠道统计", tally.by_channel, CASE_PDF_KEYS, "opinions", st, wide)
    story += _breakdown_table(
        "按承办单位统计",
        tally.by_unit,
        UNIT_PDF_KEYS,
        "referred",
        st,
        wide,
        words=(UNIT_LEVELS_HEAD, tally.unit_levels_words),
    )
    story.append(KeepTogether([para("统计口径", st["h2"]), Spacer(1, 1 * mm), _definitions(st, wide)]))

    def footer(canvas, doc) -> None:
        page_w = canvas._pagesize[0]
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#666666"))
        draw_string(canvas, MARGIN, 10 * mm, tally.title, font, 8)
        draw_string(canvas, page_w - MARGIN, 10 * mm, f"第{doc.page}页", font, 8, align="right")
        canvas.restoreState()

    def frame(size: tuple[float, float], name: str) -> Frame:
        return Frame(
            MARGIN,
            16 * mm,
            size[0] - 2 * MARGIN,
            size[1] - 30 * mm,
            id=name,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    doc = BaseDocTemplate(
        target if not isinstance(target, Path) else str(target),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=tally.title,
        author=tally.scope,
        initialFontName=font,  # not Helvetica, which would be listed in the PDF without being embedded
    )
    doc.addPageTemplates(
        [
            PageTemplate("portrait", [frame(A4, "portrait")], onPage=footer, pagesize=A4),
            PageTemplate(
                "landscape", [frame(landscape(A4), "landscape")], onPage=footer, pagesize=landscape(A4)
            ),
        ]
    )
    doc.build(story)
