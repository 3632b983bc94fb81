"""Citizens' photos (issue 12): checked, downscaled and re-encoded as JPEG with Pillow.

What a phone sends carries EXIF (the camera, the time and often the GPS position of the citizen's
home). Nothing of it survives here: the picture is decoded, turned upright by its EXIF
orientation, converted to RGB and saved anew as a plain JPEG with no metadata at all. A file that
is not a picture Pillow can read (JPEG, PNG, GIF, WebP, BMP), or is too large, is refused.
"""

from __future__ import annotations

import base64
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # one photo as sent (a phone's camera: 2-5 MB)
MAX_PIXELS = 40_000_000  # decoded size: a "decompression bomb" is refused before it is decoded
LONG_SIDE = 1280  # enough to read a sign or a crack in a wall on the desk's screen
TARGET_BYTES = 300 * 1024  # each stored photo stays under this (it travels to the desk by sync)
FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP", "BMP", "MPO"})


class PhotoProblem(ValueError):
    """`code`: photo_bad (not a picture we read) or photo_big (too large)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class Photo:
    jpeg: bytes
    width: int
    height: int

    def b64(self) -> str:
        return base64.b64encode(self.jpeg).decode("ascii")


def reencode(data: bytes) -> Photo:
    """A clean JPEG of the picture in `data` (no EXIF, no GPS), or PhotoProblem."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise PhotoProblem("photo_big")
    if not data:
        raise PhotoProblem("photo_bad")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                if img.format not in FORMATS:
                    raise PhotoProblem("photo_bad")
                if img.width * img.height > MAX_PIXELS:
                    raise PhotoProblem("photo_big")
                if img.format == "JPEG":
                    # libjpeg decodes at 1/2, 1/4 or 1/8 scale when that is still large enough:
                    # a phone's 12-megapixel photo is read several times faster.
                    img.draft("RGB", (LONG_SIDE, LONG_SIDE))
                img.load()
                upright = ImageOps.exif_transpose(img)
                picture = upright.convert("RGB")
    except PhotoProblem:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise PhotoProblem("photo_bad") from exc
    except Image.DecompressionBombWarning as exc:
        raise PhotoProblem("photo_big") from exc
    picture.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
    for quality, side in ((82, LONG_SIDE), (70, LONG_SIDE), (60, 1024), (50, 800)):
        if max(picture.size) > side:
            picture.thumbnail((side, side), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        # A fresh image: no `exif=`, no `icc_profile=`, nothing carried over from the upload.
        picture.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
        if out.tell() <= TARGET_BYTES:
            break
    return Photo(out.getvalue(), picture.width, picture.height)
