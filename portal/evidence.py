"""Evidence photos and screenshots: checked by their content (JPEG or PNG only, size and pixel
limits), re-encoded so no metadata (GPS, camera, author) survives, and stored outside the web
root under a name the server makes up. No Flask request objects here."""

import hashlib
import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from portal.extensions import db
from portal.models import Evidence

FORMATS = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png")}


class EvidenceRejected(Exception):
    """The file is not one we accept; the message says what to do."""

    def __init__(self, message: object):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


def clean_image(data: bytes, max_bytes: int, max_pixels: int) -> CleanImage:
    """Decode the image, refuse what is not a sane JPEG or PNG, and re-encode its pixels only."""
    if not data:
        raise EvidenceRejected(_l("The selected file is empty. Choose a photo or screenshot"))
    if len(data) > max_bytes:
        raise EvidenceRejected(
            _l("The selected file must be smaller than %(size)s MB", size=max(1, max_bytes // (1024 * 1024)))
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data))
            if getattr(image, "format", None) not in FORMATS:
                raise EvidenceRejected(_l("The selected file must be a JPEG or PNG photo or screenshot"))
            width, height = image.size
            # Checked from the header, before any pixels are decoded: a tiny file can claim
            # enormous dimensions (a decompression bomb).
            if width * height > max_pixels:
                raise EvidenceRejected(_l("The selected image is too large. Choose a smaller photo or screenshot"))
            image.load()
            image = ImageOps.exif_transpose(image)
    except EvidenceRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise EvidenceRejected(_l("The selected image is too large. Choose a smaller photo or screenshot")) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise EvidenceRejected(_l("The selected file must be a JPEG or PNG photo or screenshot")) from None
    source_format = "JPEG" if data[:3] == b"\xff\xd8\xff" else "PNG"
    mode = (
        "RGB"
        if source_format == "JPEG"
        else ("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    )
    converted = image.convert(mode)
    # A new image from raw pixels carries no info, EXIF, XMP, ICC or text chunks.
    pixels = Image.frombytes(converted.mode, converted.size, converted.tobytes())
    out = io.BytesIO()
    if source_format == "JPEG":
        pixels.save(out, "JPEG", quality=90, optimize=True)
    else:
        pixels.save(out, "PNG", optimize=True)
    content_type, extension = FORMATS[source_format]
    return CleanImage(out.getvalue(), content_type, extension, pixels.width, pixels.height)


def store_evidence(data: bytes, directory: str, max_bytes: int, max_pixels: int, draft_id: str) -> Evidence:
    """Clean the image, write it under a random name, and add an Evidence row for the draft
    (the caller commits)."""
    image = clean_image(data, max_bytes, max_pixels)
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + image.extension
    (folder / name).write_bytes(image.data)
    evidence = Evidence(
        stored_name=name,
        content_type=image.content_type,
        size=len(image.data),
        sha256=hashlib.sha256(image.data).hexdigest(),
        width=image.width,
        height=image.height,
        draft_id=draft_id,
    )
    db.session.add(evidence)
    return evidence


def evidence_manifest(evidence: list[Evidence]) -> list[dict[str, object]]:
    """What the intake payload says about each file."""
    return [
        {"filename": item.stored_name, "content_type": item.content_type, "sha256": item.sha256, "size": item.size}
        for item in evidence
    ]
