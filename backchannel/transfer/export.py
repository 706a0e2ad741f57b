"""An output as Markdown, DOCX or PDF, with no document metadata.

Django is not imported. The Markdown is the document: the gate checks exactly
that text, and DOCX and PDF are set from it (headings, paragraphs, quotes and
list items; emphasis markers are kept as typed). A DOCX carries no author,
last editor, revision count, title, comments, company, manager, application
or thumbnail, and fixed dates; a PDF is started by :func:`core.pdf.new_pdf`.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from backchannel.core.pdf import new_pdf, render_pdf

FORMATS = ("md", "docx", "pdf")
CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
#: The same neutral moment as core.pdf: says nothing about when it was made.
NEUTRAL_W3CDTF = "1970-01-01T00:00:00Z"


def document_text(title: str, body: str) -> str:
    """The Markdown document: what the gate checks and every format is made from."""
    return f"# {title.strip()}\n\n{body.strip()}\n"


def with_language_line(text: str, line: str) -> str:
    """The document with a line stating its language under the title."""
    head, _, body = text.partition("\n\n")
    return f"{head.rstrip()}\n\n{line.strip()}\n\n{body.strip()}\n"


def split_document(text: str) -> tuple[str, str]:
    """Back from :func:`document_text` to (title, body)."""
    head, _, body = text.partition("\n\n")
    return head.removeprefix("# ").strip(), body.strip()


@dataclass(frozen=True)
class Block:
    kind: str  # heading1..3 | paragraph | quote | item
    text: str


_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")


def blocks(markdown: str) -> list[Block]:
    """The few Markdown blocks outputs use, in order."""
    out: list[Block] = []
    para: list[str] = []
    quote: list[str] = []

    def flush() -> None:
        if para:
            out.append(Block("paragraph", " ".join(para)))
            para.clear()
        if quote:
            out.append(Block("quote", " ".join(quote)))
            quote.clear()

    for raw in markdown.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        if m := _HEADING.match(line):
            flush()
            out.append(Block(f"heading{len(m[1])}", m[2].strip()))
        elif line.lstrip().startswith(">"):
            if para:
                flush()
            quote.append(line.lstrip()[1:].strip())
        elif re.match(r"^\s*[-*]\s+", line):
            flush()
            out.append(Block("item", re.sub(r"^\s*[-*]\s+", "", line)))
        else:
            if quote:
                flush()
            para.append(line.strip())
    flush()
    return out


def to_markdown(text: str) -> bytes:
    return text.encode("utf-8")


def to_pdf(text: str, *, lang: str = "en") -> bytes:
    pdf = new_pdf(lang=lang)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    sizes = {"heading1": 16, "heading2": 13, "heading3": 12}
    for block in blocks(text):
        pdf.set_x(pdf.l_margin)
        if block.kind in sizes:
            pdf.set_font(style="B", size=sizes[block.kind])
            pdf.multi_cell(width, 8, block.text)
            pdf.set_font(style="", size=11)
        elif block.kind == "quote":
            pdf.set_font(style="I", size=11)
            pdf.set_x(pdf.l_margin + 6)
            pdf.multi_cell(width - 6, 6, block.text)
            pdf.set_font(style="", size=11)
        elif block.kind == "item":
            pdf.multi_cell(width, 6, f"• {block.text}")
        else:
            pdf.multi_cell(width, 6, block.text)
        pdf.ln(2)
    return render_pdf(pdf)


_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/'
    'officeDocument/2006/docPropsVTypes"><DocSecurity>0</DocSecurity></Properties>'
)
_CORE_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
    'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    f'<dcterms:created xsi:type="dcterms:W3CDTF">{NEUTRAL_W3CDTF}</dcterms:created>'
    f'<dcterms:modified xsi:type="dcterms:W3CDTF">{NEUTRAL_W3CDTF}</dcterms:modified>'
    "</cp:coreProperties>"
)
_THUMBNAIL_REL = re.compile(rb"<Relationship [^>]*thumbnail[^>]*/>")
_RSID = re.compile(rb'\s+w:rsid\w*="[0-9A-Fa-f]+"')


def _scrub_docx(data: bytes) -> bytes:
    """Rewrite the package: core and app properties replaced by empty ones,
    the template's thumbnail and revision-session ids (rsid) dropped."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            name = info.filename
            if name == "docProps/thumbnail.jpeg":
                continue
            content = source.read(name)
            if name == "docProps/core.xml":
                content = _CORE_XML.encode()
            elif name == "docProps/app.xml":
                content = _APP_XML.encode()
            elif name == "_rels/.rels":
                content = _THUMBNAIL_REL.sub(b"", content)
            elif name == "[Content_Types].xml":
                content = re.sub(rb'<Default Extension="jpeg"[^>]*/>', b"", content)
            elif name.startswith("word/") and name.endswith(".xml"):
                content = _RSID.sub(b"", content)
            fixed = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


def to_docx(text: str) -> bytes:
    import docx  # heavy: loaded when a DOCX is written

    document = docx.Document()
    for block in blocks(text):
        if block.kind.startswith("heading"):
            document.add_heading(block.text, level=int(block.kind[-1]))
        elif block.kind == "quote":
            document.add_paragraph(block.text, style="Quote")
        elif block.kind == "item":
            document.add_paragraph(block.text, style="List Bullet")
        else:
            document.add_paragraph(block.text)
    props = document.core_properties
    props.author = props.last_modified_by = props.title = props.comments = ""
    props.subject = props.keywords = props.category = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return _scrub_docx(buffer.getvalue())


def render(text: str, fmt: str, *, lang: str = "en") -> bytes:
    if fmt == "md":
        return to_markdown(text)
    if fmt == "docx":
        return to_docx(text)
    if fmt == "pdf":
        return to_pdf(text, lang=lang)
    raise ValueError(fmt)
