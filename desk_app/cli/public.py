"""The public channel's printed codes (issue 12):

    desk-app print codes --base-url https://centre.example -o codes.pdf
        [--deputy NAME ...] [--on-duty-days 31] [--hours TEXT] [--no-poster] [--operator NAME]

The station's A4 poster (有事请扫码) and a table card for each deputy named, or, without
--deputy, for each deputy on the station's rota in the next --on-duty-days days. The QR links
are made where missing: a write, so the command names its operator and needs their PIN. The
links work on the citizens' side once the desk has synced (`desk-app sync`). The public address
is remembered: later prints may leave --base-url out.
"""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

from desk_app.cli.common import OPERATOR_HELP, CommandFailed, acting_operator, no_cjk_font, open_store
from desk_app.cli.table import CommandTable


def register(table: CommandTable) -> None:
    codes = table.add(
        "print",
        "codes",
        help="the public channel's QR poster and deputies' table cards (有事请扫码) as PDF",
        handler=print_codes,
    )
    codes.add_argument("-o", "--output", type=Path, required=True)
    codes.add_argument(
        "--base-url",
        default="",
        help="the central server's address as citizens' phones reach it (remembered after the first print)",
    )
    codes.add_argument(
        "--deputy", action="append", default=None, metavar="NAME", help="a deputy's card (repeatable)"
    )
    codes.add_argument(
        "--on-duty-days",
        type=int,
        default=31,
        help="without --deputy: cards for every deputy on the rota in the next N days (default 31)",
    )
    codes.add_argument("--hours", default="", help="the reception hours printed on the poster")
    codes.add_argument("--no-poster", action="store_true", help="only the table cards")
    codes.add_argument("--operator", help=OPERATOR_HELP)


def print_codes(args: argparse.Namespace) -> int:
    from desk_app.reports.documents import print_public_codes
    from desk_app.reports.font_errors import CjkFontMissing
    from desk_app.storage.public_store import PublicStore

    with open_store(args) as store:
        base_url = args.base_url or PublicStore(store).base_url()
        if not base_url:
            raise CommandFailed(
                "请用 --base-url 给出中心服务器对群众公开的网址（如 https://rd.example.gov.cn）。"
            )
        if not base_url.startswith(("https://", "http://")):
            raise CommandFailed(f"网址应以 https:// 开头：{base_url}")
        deputies = {d.name: d.id for d in store.deputies()}
        if args.deputy:
            missing = [n for n in args.deputy if n not in deputies]
            if missing:
                raise CommandFailed(f"名册中没有这些代表：{'、'.join(missing)}")
            ids = [deputies[n] for n in args.deputy]
        else:
            today = store.today()
            rota = store.rota(today, today + timedelta(days=max(0, args.on_duty_days)))
            ids = list(dict.fromkeys(a.deputy_id for a in rota))
        by = acting_operator(store, args).id
        try:
            written = print_public_codes(
                store,
                args.output,
                base_url=base_url,
                deputy_ids=ids,
                by=by,
                hours=args.hours,
                poster=not args.no_poster,
            )
        except CjkFontMissing as exc:
            raise no_cjk_font(exc) from exc
    print(f"已写出扫码海报和 {written.cards} 张代表桌牌（共 {written.pages} 页）：{args.output}")
    print("二维码在本机同步到中心服务器后即可使用。")
    return 0
