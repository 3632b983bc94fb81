"""The citizen's pages (有事请扫码), docs/public-channel.md.

- GET  /p/{token}          the form of a station's (or a deputy's) QR code
- POST /p/{token}          send it (multipart: the matter, category, place, phone, name, up to 3
                           photos, the signed form token); 303 to the tracking page
- GET  /t                  "look up my matter": a box for the tracking code
- GET  /t/{code}           the progress page (no personal data, no names, the phone masked)
- POST /t/{code}/rate      the online evaluation, once, after the unit's reply

No cookies and no JavaScript. Every page is one small HTML document with its CSS inline, sent with
a Content-Security-Policy that allows nothing else. Bad input re-renders the form with a plain
Chinese message and what the citizen typed, and stores nothing. Unknown tokens and codes count
against the client address (a guesser is stopped); submissions are limited per address and per
phone number (api/throttle.py).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from desk_app.domain import public
from desk_app.domain.public import PROBLEM_ZH, SubmissionDraft
from desk_app.domain.vocab import VERDICT_ZH, Verdict
from desk_server.api.deps import client_address
from desk_server.db import begin_write
from desk_server.errors import ApiError
from desk_server.services import photos as photo_service
from desk_server.services import public as service

T = TypeVar("T")

TEMPLATES = Jinja2Templates(
    env=Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
)
# Nothing but this page: no scripts, no outside styles, images, frames or form targets.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}
MAX_FIELDS = 12
PHOTO_FIELDS = ("photo1", "photo2", "photo3")

router = APIRouter(include_in_schema=False)


def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status, headers=HEADERS)


def _message(request: Request, title: str, text: str, status: int) -> HTMLResponse:
    return _page(request, "message.html", status, title=title, text=text)


def _sessions(request: Request) -> Any:
    return request.app.state.sessions


def _lookup_allowed(request: Request) -> bool:
    try:
        request.app.state.public_lookup_throttle.check(client_address(request))
    except ApiError:
        return False
    return True


def _lookup_failed(request: Request) -> None:
    request.app.state.public_lookup_throttle.failed(client_address(request))


def _not_found(request: Request) -> HTMLResponse:
    return _message(request, "找不到页面", "这个二维码或查询码无效。请核对后再试，或到工作站当面反映。", 404)


def _too_many(request: Request) -> HTMLResponse:
    return _message(request, "请稍后再试", "尝试次数过多，请稍后再试。", 429)


def _find_link(request: Request, token: str) -> service.LinkInfo | None:
    return request.app.state.public_links.get(_sessions(request), token)


async def _look_up(request: Request, find: Callable[[Request, str], T | None], key: str) -> T | Response:
    """What a token or tracking code names, looked up under the per-address limit; or the page
    to answer with instead (too many tries; not found, which counts against the address)."""
    if not _lookup_allowed(request):
        return _too_many(request)
    found = await run_in_threadpool(find, request, key)
    if found is None:
        _lookup_failed(request)
        return _not_found(request)
    return found


@router.get("/p/{token}", response_class=HTMLResponse)
async def form_page(request: Request, token: str) -> Response:
    link = await _look_up(request, _find_link, token)
    if isinstance(link, Response):
        return link
    return _form(request, link, SubmissionDraft(), {}, token)


def _form(
    request: Request,
    link: service.LinkInfo,
    draft: SubmissionDraft,
    problems: dict[str, str],
    token: str,
    status: int = 200,
    photos_dropped: bool = False,
) -> HTMLResponse:
    return _page(
        request,
        "form.html",
        status,
        link=link,
        draft=draft,
        errors={k: PROBLEM_ZH[v] for k, v in problems.items()},
        form_token=service.make_form_token(request.app.state.form_secret, token),
        photos_dropped=photos_dropped,
        max_matter=public.MAX_MATTER_CHARS,
    )


async def _read_photos(form: Any) -> tuple[list[bytes], str | None]:
    """The uploaded files' bytes (empty inputs skipped), or a problem code."""
    found: list[bytes] = []
    for name in PHOTO_FIELDS:
        for item in form.getlist(name):
            if not isinstance(item, UploadFile):
                continue
            data = await item.read(photo_service.MAX_UPLOAD_BYTES + 1)
            if not data and not item.filename:
                continue
            if len(found) >= public.MAX_PHOTOS:
                return found, "photo_many"
            found.append(data)
    return found, None


@router.post("/p/{token}", response_class=HTMLResponse)
async def send(request: Request, token: str) -> Response:
    link = await _look_up(request, _find_link, token)
    if isinstance(link, Response):
        return link
    async with request.form(
        max_files=len(PHOTO_FIELDS), max_fields=MAX_FIELDS, max_part_size=64 * 1024
    ) as form:
        raw = SubmissionDraft(
            matter=str(form.get("matter") or ""),
            category=str(form.get("category") or ""),
            place=str(form.get("place") or ""),
            phone=str(form.get("phone") or ""),
            name=str(form.get("name") or ""),
        )
        uploads, photo_problem = await _read_photos(form)
        form_token = str(form.get("form_token") or "")
    draft = public.clean_draft(raw)
    problems = public.draft_problems(draft, link.categories)
    if not service.form_token_ok(request.app.state.form_secret, token, form_token):
        problems.setdefault("form", "form_expired")
    cleaned: list[photo_service.Photo] = []
    if photo_problem is not None:
        problems["photos"] = photo_problem
    elif not problems:
        for data in uploads:
            try:
                cleaned.append(await run_in_threadpool(photo_service.reencode, data))
            except photo_service.PhotoProblem as exc:
                problems["photos"] = exc.code
                break
    if problems:
        # What was typed comes back as typed (not cleaned); photos must be chosen again.
        return _form(request, link, raw, problems, token, 400, photos_dropped=bool(uploads))
    address = client_address(request)
    phone_key = hashlib.sha256(draft.phone.encode()).hexdigest()
    try:
        request.app.state.public_phone_throttle.check(phone_key)
    except ApiError:
        return _form(request, link, raw, {"form": "too_many_phone"}, token, 429)
    try:
        request.app.state.public_address_throttle.check(address)
    except ApiError:
        return _form(request, link, raw, {"form": "too_many_address"}, token, 429)
    # Stored by the process's writer with whatever else arrives meanwhile (group commit).
    code = await asyncio.wrap_future(request.app.state.public_writer.submit(link, draft, cleaned))
    request.app.state.public_phone_throttle.failed(phone_key)
    request.app.state.public_address_throttle.failed(address)
    return RedirectResponse(f"/t/{code}?new=1", status_code=303, headers={"Referrer-Policy": "no-referrer"})


@router.get("/t", response_class=HTMLResponse)
async def lookup(request: Request, code: str = "") -> Response:
    if code:
        return RedirectResponse(f"/t/{public.normalize_code(code)[:20]}", status_code=303)
    return _page(request, "lookup.html")


def _progress(request: Request, code: str) -> public.Progress | None:
    with _sessions(request)() as session:
        return service.progress(session, code)


@router.get("/t/{code}", response_class=HTMLResponse)
async def track(request: Request, code: str, new: int = 0) -> Response:
    shown = await _look_up(request, _progress, code)
    if isinstance(shown, Response):
        return shown
    return _track_page(request, shown, new=bool(new))


def _track_page(
    request: Request,
    shown: public.Progress,
    *,
    new: bool = False,
    problems: dict[str, str] | None = None,
    verdict: str = "",
    words: str = "",
    status: int = 200,
    thanks: bool = False,
) -> HTMLResponse:
    return _page(
        request,
        "track.html",
        status,
        p=shown,
        new=new,
        link=str(request.base_url).rstrip("/") + f"/t/{shown.code}",
        verdicts=[(v.value, VERDICT_ZH[v]) for v in Verdict],
        errors={k: PROBLEM_ZH[v] for k, v in (problems or {}).items()},
        verdict=verdict,
        words=words,
        thanks=thanks,
        form_token=service.make_form_token(request.app.state.form_secret, "rate:" + shown.code),
    )


def _rate(request: Request, code: str, verdict: str, words: str) -> bool:
    with _sessions(request)() as session:
        begin_write(session)
        done = service.rate(session, code, verdict, words)
        session.commit()
        return done


@router.post("/t/{code}/rate", response_class=HTMLResponse)
async def rate(request: Request, code: str) -> Response:
    shown = await _look_up(request, _progress, code)
    if isinstance(shown, Response):
        return shown
    async with request.form(max_files=0, max_fields=MAX_FIELDS, max_part_size=16 * 1024) as form:
        verdict = str(form.get("verdict") or "")
        words = str(form.get("words") or "")
        form_token = str(form.get("form_token") or "")
    problems = public.rating_problems(verdict, words)
    if not service.form_token_ok(request.app.state.form_secret, "rate:" + shown.code, form_token):
        problems.setdefault("form", "form_expired")
    if not shown.rateable:
        problems = {"form": "not_rateable"}
    if problems:
        return _track_page(request, shown, problems=problems, verdict=verdict, words=words, status=400)
    if not await run_in_threadpool(_rate, request, shown.code, verdict, words):
        return _track_page(request, shown, problems={"form": "not_rateable"}, status=409)
    return RedirectResponse(f"/t/{shown.code}?rated=1", status_code=303)
