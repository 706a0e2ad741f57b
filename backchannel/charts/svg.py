"""matplotlib's SVG made fit for a page under a strict Content-Security-Policy.

``style="…"`` attributes and the ``<style>`` element would be blocked by
``style-src 'self'``, so they become presentation attributes (``fill="…"``),
which no policy restricts. Element ids get a prefix unique to the chart (one
page holds several). The root carries ``role="img"``, an ``aria-label``, a
``<title>`` and a ``<desc>``, and no metadata (no creator, no date).

Coordinates are written by matplotlib with Python's float formatting, never
through a locale: "130,5" cannot appear in a path or an attribute.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

_FONT_SHORTHAND = re.compile(
    r"^(?:(?P<style>italic|oblique|normal)\s+)?(?:(?P<weight>bold|normal|\d{3})\s+)?"
    r"(?P<size>[\d.]+px)\s+(?P<family>.+)$"
)
_ROOT_DEFAULTS = {"stroke-linejoin": "round", "stroke-linecap": "butt"}


def _style_attributes(style: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for declaration in style.split(";"):
        if ":" not in declaration:
            continue
        name, value = (part.strip() for part in declaration.split(":", 1))
        if name == "font":
            match = _FONT_SHORTHAND.match(value)
            if match:
                if match["style"]:
                    out["font-style"] = match["style"]
                if match["weight"]:
                    out["font-weight"] = match["weight"]
                out["font-size"] = match["size"]
                out["font-family"] = match["family"].replace("'", "")
            continue
        out[name] = value.replace("'", "")
    return out


def csp_safe(data: bytes, *, key: str, title: str, description: str) -> str:
    """Rewrite matplotlib's SVG ``data``; ``key`` makes its ids unique."""
    prefix = "c" + hashlib.sha256(key.encode()).hexdigest()[:8] + "-"
    text = data.decode("utf-8")
    text = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}\1"', text)
    text = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}\1"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}\1)", text)
    root = ET.fromstring(text)  # noqa: S314 - matplotlib's own SVG, not input
    for parent in root.iter():
        for child in list(parent):
            tag = child.tag.rsplit("}", 1)[-1]
            if tag in {"style", "metadata"}:
                parent.remove(child)
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style:
            for name, value in _style_attributes(style).items():
                element.set(name, value)
        if element.tag == f"{{{SVG_NS}}}text":
            # The browser shapes every label (Arabic joined) and orders mixed
            # scripts by the label's own first letter; matplotlib placed it.
            element.set("unicode-bidi", "plaintext")
    for name, value in _ROOT_DEFAULTS.items():
        root.set(name, value)
    # Anchors ("end" of a tick label) are matplotlib's, computed left to
    # right: an Arabic page's dir="rtl" must not flip them (it pushed labels
    # out of the chart).
    root.set("direction", "ltr")
    for name in ("width", "height"):
        root.attrib.pop(name, None)  # sized by CSS; the viewBox keeps the ratio
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}title {prefix}desc")
    root.set("class", "chart__svg")
    heading = ET.Element(f"{{{SVG_NS}}}title", {"id": f"{prefix}title"})
    heading.text = title
    root.insert(0, heading)
    desc = ET.Element(f"{{{SVG_NS}}}desc", {"id": f"{prefix}desc"})
    desc.text = description
    root.insert(1, desc)
    return ET.tostring(root, encoding="unicode")
