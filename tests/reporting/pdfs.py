"""PDFs built by the tests themselves: a clean one carrying an author and XMP metadata, and the
kinds the portal refuses (scripts, an attached file, a password, damage)."""

import io

import pikepdf
from pikepdf import Array, Dictionary, Name, String

AUTHOR = "Ada Author"
XMP_CREATOR = "Xavier Metadata"


def _saved(pdf: pikepdf.Pdf, **options: object) -> bytes:
    out = io.BytesIO()
    pdf.save(out, **options)
    return out.getvalue()


def _new(pages: int = 1) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(200, 200))
    return pdf


def clean_pdf(pages: int = 1) -> bytes:
    """A harmless PDF whose /Info names its author and whose XMP (document and page) names another."""
    pdf = _new(pages)
    pdf.docinfo["/Author"] = AUTHOR
    pdf.docinfo["/Producer"] = "SpyWriter 3.1"
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:creator"] = [XMP_CREATOR]
    pdf.pages[0].obj["/Metadata"] = pdf.make_stream(b"<x:xmpmeta>" + XMP_CREATOR.encode() + b"</x:xmpmeta>")
    data = _saved(pdf)
    assert AUTHOR.encode() in data and b"xmpmeta" in data, "the test PDF must carry metadata"
    return data


def open_action_javascript() -> bytes:
    pdf = _new()
    pdf.Root["/OpenAction"] = Dictionary(S=Name.JavaScript, JS=String("app.alert('hello')"))
    return _saved(pdf)


def annotation_javascript() -> bytes:
    """A link whose action is JavaScript, written inside a compressed object stream: the /JS key
    is not in the file's bytes, so only a real parse finds it."""
    pdf = _new()
    link = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Link,
        Rect=Array([10, 10, 100, 40]),
        A=Dictionary(S=Name.JavaScript, JS=String("this.submitForm('https://example.org')")),
    )
    pdf.pages[0].obj["/Annots"] = Array([pdf.make_indirect(link)])
    data = _saved(pdf, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert b"/JS" not in data and b"/JavaScript" not in data
    return data


def embedded_file() -> bytes:
    pdf = _new()
    pdf.attachments["payload.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ not really a program")
    return _saved(pdf)


def encrypted(user_password: str = "") -> bytes:
    return _saved(_new(), encryption=pikepdf.Encryption(owner="owner-secret", user=user_password))


def truncated() -> bytes:
    data = clean_pdf()
    return data[: len(data) // 2]


def garbage() -> bytes:
    return b"%PDF-1.7\n" + b"this is not really a PDF at all\n" * 20
