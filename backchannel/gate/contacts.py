"""Contacts: emails (also written out, "name (at) domain (dot) org"),
handles and phone numbers, the roster's own and those built from a name or
standing next to one. No Django here."""

from __future__ import annotations

import re
from bisect import bisect_right

from backchannel.gate.plain import (
    _digits,
    _phone_key,
    normalise,
)
from backchannel.gate.scan import (
    _Raw,
    _Scan,
)

# "@", "(at)", "[AT]"; written to start with a character class (no
# IGNORECASE, no alternation at the start) so the regex engine skips ahead
_EMAIL_TRIGGER = re.compile(r"[@\[(](?:(?<=@)|\s*[aA][tT]\s*[\])])")
# a hashtag is a handle too ("#ZofiaDvorakova", "#zdvorakova")
_HASHTAG = re.compile(r"#(?<![\w&#]#)(?=\w)")
_EMAIL_LOCAL = re.compile(r"([\w.+'-]+)\s*$")
_EMAIL_DOMAIN = re.compile(
    r"\s*[\w-]+(?:(?:\.|\s*[\[(]\s*dot\s*[\])]\s*)[\w-]+)+", re.IGNORECASE
)
# letters of any script: "#žofiadvořáková" is read as much as "#zofiadvorakova"
_HANDLE = re.compile(r"\w[\w.]{1,38}")
# starts with a character class so that the regex engine can skip ahead
_PHONE = re.compile(r"[+(0-9](?:(?<=\()\+)?[0-9 ().\-/]{5,23}[0-9]")
# a link's path after its domain ("wa.me/", "linkedin.com/in/"): found by
# the literal "." before a top-level domain and a "/"
_LINK_PATH = re.compile(r"\.[A-Za-z]{2,24}(?::\d+)?/")
_LINK_END = re.compile(r"[\s<>\"'()\[\]]|[.,;:!?](?:\s|$)")
_SEGMENT = re.compile(r"[^/?#&=]+")
_DATE_LIKE = re.compile(
    r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$|^(19|20)\d\d\s*[-/]\s*(19|20)\d\d$"
)


def _has_digit(text: str) -> bool:
    """Whether an ASCII digit is in the text: ten memchr calls, far faster than
    a regular expression's scan."""
    for d in "0123456789":
        if d in text:
            return True
    return False


class _ContactRules(_Scan):
    # ---------------------------------------------------------- contacts
    def _contacts(self, raws: list[_Raw]) -> None:
        gate = self.gate
        text = self.text
        contact_spans: list[tuple[int, int]] = []
        # a one-character "in" (a memchr) before each regular-expression scan
        triggers = (
            _EMAIL_TRIGGER.finditer(text)
            if "@" in text or "(" in text or "[" in text
            else ()
        )
        for m in triggers:
            at_start, at_end = m.span()
            local = _EMAIL_LOCAL.search(text, max(0, at_start - 64), at_start)
            if m.group() == "@" and local is not None and local.end(1) != at_start:
                local = None  # "@name" after a space is a handle
            if m.group() == "@" and local is None:
                self._handle(at_start, raws, contact_spans)
                continue
            if local is None:
                continue
            domain = _EMAIL_DOMAIN.match(text, at_end)
            if domain is None:
                continue
            start = local.start(1)
            end = domain.end()
            local_part = local.group(1).strip(".").casefold()
            dom = re.sub(r"\s*[\[(]\s*dot\s*[\])]\s*", ".", domain.group().strip())
            address = f"{local_part}@{dom.casefold()}"
            owners = gate._email_owner.get(address)
            rule = "roster email"
            if not owners:
                owners = self._derived(local_part)
                rule = "email built from a name"
            if not owners:
                owners = gate._domain_given.get(address, set())
                rule = "email: the given name at the participant's own domain"
            for pidx in sorted(owners):
                raws.append(_Raw("email", pidx, start, end, rule))
            if owners:
                contact_spans.append((start, end))
        if "#" in text:
            for m in _HASHTAG.finditer(text):
                self._handle(m.start(), raws, contact_spans)
        paths = self._link_paths()
        self._link_handles(paths, raws, contact_spans)
        names = sorted(
            (r for r in raws if r.kind in ("name", "alias")), key=lambda r: r.start
        )
        name_starts = [r.start for r in names]
        if not gate._phone_owner and not names:
            return
        for m in _PHONE.finditer(text) if _has_digit(text) else ():
            before = text[m.start() - 1 : m.start()]
            after = text[m.end() : m.end() + 1]
            if after and (after.isalnum() or after in "/_"):
                continue
            # a messaging link ("wa.me/41…", "t.me/+7…", "signal.me/#p/+7…"):
            # the roster's own numbers only
            in_link = before in ("/", "=") and any(a <= m.start() < b for a, b in paths)
            if not in_link and before and (before.isalnum() or before in "+/.-_"):
                continue
            raw = m.group().rstrip(" ().-/")
            digits = _digits(raw)
            if not 7 <= len(digits) <= 15 or _DATE_LIKE.match(raw.strip()):
                continue
            start = m.start()
            end = start + len(raw)
            owners = gate._phone_owner.get(_phone_key(raw), set())
            rule = "roster phone"
            if (
                not owners
                and not in_link
                and (len(digits) >= 8 or raw.startswith(("+", "(", "0")))
            ):
                lo = bisect_right(name_starts, start - 120)
                hi = bisect_right(name_starts, start + 120)
                near = [
                    r
                    for r in names[lo:hi]
                    if abs(r.start - start) < 120
                    and not re.search(
                        r"\n\s*\n", text[min(r.end, start) : max(r.start, end)]
                    )
                ]
                if near:
                    nearest = min(near, key=lambda r: abs(r.start - start))
                    owners = {nearest.pidx}
                    rule = "phone number next to a name"
            for pidx in sorted(owners):
                raws.append(_Raw("phone", pidx, start, end, rule))
        # names inside an email address or handle are that contact
        if contact_spans:
            contact_spans.sort()
            starts = [a for a, _ in contact_spans]

            def inside(r: _Raw) -> bool:
                k = bisect_right(starts, r.start) - 1
                return k >= 0 and r.end <= contact_spans[k][1]

            raws[:] = [
                r for r in raws if r.kind not in ("name", "alias") or not inside(r)
            ]

    def _link_paths(self) -> list[tuple[int, int]]:
        """Spans of the paths of links in the text (after the domain's "/")."""
        text = self.text
        if "/" not in text:
            return []
        out: list[tuple[int, int]] = []
        for m in _LINK_PATH.finditer(text):
            a = m.end()
            if out and a < out[-1][1]:
                continue
            end = _LINK_END.search(text, a)
            out.append((a, end.start() if end else len(text)))
        return out

    def _link_handles(
        self,
        paths: list[tuple[int, int]],
        raws: list[_Raw],
        spans: list[tuple[int, int]],
    ) -> None:
        """A handle built from a name as a profile link's path segment
        ("linkedin.com/in/zdvorakova", "x.com/dvorakovaz"); a segment
        already read as a name is left to that finding."""
        if not paths:
            return
        named = [(r.start, r.end) for r in raws if r.kind in ("name", "alias")]
        for lo, hi in paths:
            for m in _SEGMENT.finditer(self.text, lo, hi):
                a, b = m.span()
                segment = m.group()
                if len(segment) < 4 or not any(c.isalpha() for c in segment):
                    continue
                if any(na < b and a < nb for na, nb in named):
                    continue
                owners = self._derived(segment)
                for pidx in sorted(owners):
                    raws.append(
                        _Raw("handle", pidx, a, b, "handle built from a name in a link")
                    )
                if owners:
                    spans.append((a, b))

    def _handle(self, at: int, raws: list[_Raw], spans: list[tuple[int, int]]) -> None:
        m = _HANDLE.match(self.text, at + 1)
        if m is None:
            return
        written = m.group().rstrip(".")
        handle = written.casefold()
        owners = self.gate._handle_owner.get(handle) or self.gate._handle_owner.get(
            re.sub(r"[._\-]+", "", handle)
        )
        rule = "roster handle"
        if not owners:
            owners = self._derived(handle)
            rule = "handle built from a name"
        end = at + 1 + len(written)
        for pidx in sorted(owners):
            raws.append(_Raw("handle", pidx, at, end, rule))
        if owners:
            spans.append((at, end))

    def _derived(self, token: str) -> set[int]:
        """Who a login-like string (email local part, handle) names."""
        gate = self.gate
        flat = re.sub(r"[^a-z]", "", normalise(token).replace(" ", ""))
        owners: set[int] = set()
        if flat in gate._derived_owner:
            owners |= gate._derived_owner[flat]
        for part in re.split(r"[._+\-0-9]+", token):
            part = normalise(part).replace(" ", "")
            owners |= gate._derived_owner.get(part, set())
        if not owners and len(flat) >= 6 and gate._derived_automaton is not None:
            # a surname inside a longer handle: "zdvorakova77", "nunez_jose"
            for _, who in gate._derived_automaton.iter(flat):
                owners |= who
        return owners
