"""Evidence files: photos and screenshots (JPEG or PNG) and, for a report, documents (PDF).
Each is checked by its content, never its name (size limit; pixel limit for images; for a PDF a
real parse, a page limit and no active content), rewritten so no metadata (GPS, camera, author,
XMP) survives, and stored outside the web root under a name the server makes up. No Flask
request objects here."""

import hashlib
import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from PIL import Image, ImageOps, UnidentifiedImageError

from portal.extensions import db
from portal.models import Evidence
from portal.unit_of_work import after_commit

FORMATS = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png")}
PDF = "application/pdf"
ACCEPT_IMAGES = "image/jpeg,image/png"
ACCEPT_IMAGES_AND_PDF = "image/jpeg,image/png,application/pdf"

# What makes a PDF active: a key anywhere in it, an action type (/S), or an object type
# (/Type or /Subtype). Hex-escaped names (/J#53) are decoded by the parser before this check.
ACTIVE_KEYS = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/AA",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/RichMedia",
        "/EmbeddedFiles",
        "/EF",
        "/XFA",
    }
)
ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/RichMediaExecute",
        "/GoToE",
        "/GoToR",
        "/Rendition",
        "/Movie",
        "/Sound",
    }
)
ACTIVE_TYPES = frozenset({"/EmbeddedFile", "/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"})
# Removed from every object of a kept PDF: XMP packets (document, page, image, font level) and
# the private data editing programs leave.
METADATA_KEYS = ("/Metadata", "/PieceInfo")


class EvidenceRejected(Exception):
    """The file is not one we accept; the message says what to do."""

    def __init__(self, message: object):
        super().__init__(str(message))
        self.message = message


class WrongType(EvidenceRejected):
    """The content is none of the accepted types (whatever its name says)."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pixels: int
    max_pdf_pages: int = 0
    # A report takes PDFs; a photo added later from the status pages does not.
    allow_pdf: bool = False

    @classmethod
    def from_config(cls, config: Any, allow_pdf: bool) -> "Limits":
        return cls(
            int(config["EVIDENCE_MAX_BYTES"]),
            int(config["EVIDENCE_MAX_PIXELS"]),
            int(config["EVIDENCE_MAX_PDF_PAGES"]),
            allow_pdf,
        )


@dataclass(frozen=True)
class CleanFile:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


def clean_image(data: bytes, max_bytes: int, max_pixels: int) -> CleanFile:
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
                raise WrongType(_l("The selected file must be a JPEG or PNG photo or screenshot"))
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
        raise WrongType(_l("The selected file must be a JPEG or PNG photo or screenshot")) from None
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
    return CleanFile(out.getvalue(), content_type, extension, pixels.width, pixels.height)


PDF_ENCRYPTED = _l("The selected PDF is protected by a password. Remove the password, or choose a different file")
PDF_DAMAGED = _l("The selected PDF cannot be opened. It may be damaged. Choose a different file")
PDF_ACTIVE = _l(
    "The selected PDF has scripts, actions or attached files in it. We cannot accept these. "
    "Take a screenshot of it instead"
)
FILE_TYPE = _l("The selected file must be a JPEG, PNG or PDF")


def clean_pdf(data: bytes, max_pages: int) -> CleanFile:
    """Parse the PDF (qpdf, no repair of a damaged file), refuse it when it is encrypted, damaged,
    too long or active, and write it again without its metadata."""
    try:
        pdf = pikepdf.open(io.BytesIO(data), attempt_recovery=False)
    except pikepdf.PasswordError:
        raise EvidenceRejected(PDF_ENCRYPTED) from None
    except (pikepdf.PdfError, ValueError, OSError, RecursionError):
        raise EvidenceRejected(PDF_DAMAGED) from None
    with pdf:
        if pdf.is_encrypted:
            raise EvidenceRejected(PDF_ENCRYPTED)
        try:
            pages = len(pdf.pages)
            active = _is_active(pdf)
            if not active:
                _strip_metadata(pdf)
                out = io.BytesIO()
                pdf.save(out, deterministic_id=True)
        except (pikepdf.PdfError, ValueError, TypeError, KeyError, RecursionError):
            raise EvidenceRejected(PDF_DAMAGED) from None
    if active:
        raise EvidenceRejected(PDF_ACTIVE)
    if not 0 < pages <= max_pages:
        raise EvidenceRejected(
            PDF_DAMAGED
            if pages == 0
            else lazy_ngettext(
                "The selected PDF must have no more than %(num)d page",
                "The selected PDF must have no more than %(num)d pages",
                max_pages,
            )
        )
    return CleanFile(out.getvalue(), PDF, ".pdf", 0, 0)


def _objects(pdf: pikepdf.Pdf) -> Any:
    """Every object of the file: each indirect object (referenced or not) and the trailer, with
    the direct objects inside them. Indirect references are not followed: each is visited as
    itself, so a cycle cannot loop."""
    pending = [pdf.trailer, *pdf.objects]
    while pending:
        item = pending.pop()
        if isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
            yield item
            children = [item.get(str(key)) for key in item]
        elif isinstance(item, pikepdf.Array):
            children = list(item)
        else:
            continue
        # Numbers, names and strings come back as Python values or pikepdf scalars: only
        # containers can hold more.
        pending.extend(
            child
            for child in children
            if isinstance(child, pikepdf.Dictionary | pikepdf.Stream | pikepdf.Array) and not child.is_indirect
        )


def _is_active(pdf: pikepdf.Pdf) -> bool:
    """JavaScript, launch, form submission or import actions, rich media, embedded files or an
    XFA form anywhere; an /OpenAction other than going to a page. Plain links (/URI, /GoTo)
    stay."""
    for item in _objects(pdf):
        keys = set(item.keys())
        if keys & ACTIVE_KEYS:
            return True
        if str(item.get("/S", "")) in ACTIVE_ACTIONS:
            return True
        if {str(item.get("/Type", "")), str(item.get("/Subtype", ""))} & ACTIVE_TYPES:
            return True
    open_action = pdf.Root.get("/OpenAction")
    return isinstance(open_action, pikepdf.Dictionary) and str(open_action.get("/S", "")) != "/GoTo"


def _strip_metadata(pdf: pikepdf.Pdf) -> None:
    """No document information (/Info: author, title, dates, program), no XMP anywhere, no /ID
    (it is written afresh from the content), no opening view."""
    for key in ("/Info", "/ID"):
        if key in pdf.trailer:
            del pdf.trailer[key]
    if "/OpenAction" in pdf.Root:
        del pdf.Root["/OpenAction"]
    for item in _objects(pdf):
        for key in METADATA_KEYS:
            if key in item:
                del item[key]
        if "/Rect" in item and "/T" in item and str(item.get("/Subtype", "")) not in ("", "/Widget"):
            del item["/T"]  # a comment's author (a form field's /T is its name, and stays)


def clean_file(data: bytes, limits: Limits) -> CleanFile:
    """An image, or (when the limits allow it) a PDF, cleaned; which one is told by the content."""
    if not data:
        raise EvidenceRejected(_l("The selected file is empty. Choose a photo or screenshot"))
    if len(data) > limits.max_bytes:
        raise EvidenceRejected(
            _l("The selected file must be smaller than %(size)s MB", size=max(1, limits.max_bytes // (1024 * 1024)))
        )
    if not limits.allow_pdf:
        return clean_image(data, limits.max_bytes, limits.max_pixels)
    if data.startswith(b"%PDF-"):
        return clean_pdf(data, limits.max_pdf_pages)
    try:
        return clean_image(data, limits.max_bytes, limits.max_pixels)
    except WrongType:
        raise WrongType(FILE_TYPE) from None


def store_evidence(data: bytes, directory: str, limits: Limits, draft_id: str) -> Evidence:
    """Clean the file, write it under a random name, and add an Evidence row for the draft
    (the caller commits)."""
    return keep_evidence(clean_file(data, limits), directory, draft_id)


def keep_evidence(cleaned: CleanFile, directory: str, draft_id: str) -> Evidence:
    """Write a cleaned file under a random name and add its Evidence row (the caller commits)."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + cleaned.extension
    (folder / name).write_bytes(cleaned.data)
    evidence = Evidence(
        stored_name=name,
        content_type=cleaned.content_type,
        size=len(cleaned.data),
        sha256=hashlib.sha256(cleaned.data).hexdigest(),
        width=cleaned.width,
        height=cleaned.height,
        draft_id=draft_id,
    )
    db.session.add(evidence)
    return evidence


def delete_evidence(items: list[Evidence], directory: str) -> None:
    """Delete the rows now and their files once the unit of work is committed (a failed commit
    keeps both)."""
    files = [Path(directory) / item.stored_name for item in items]
    for item in items:
        db.session.delete(item)
    after_commit(lambda: _unlink(files))


def _unlink(files: list[Path]) -> None:
    for path in files:
        path.unlink(missing_ok=True)


def evidence_manifest(evidence: list[Evidence]) -> list[dict[str, object]]:
    """What the intake payload says about each file."""
    return [
        {"filename": item.stored_name, "content_type": item.content_type, "sha256": item.sha256, "size": item.size}
        for item in evidence
    ]
