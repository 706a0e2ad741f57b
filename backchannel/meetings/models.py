"""Meetings of a process, their agenda and segments with record rules."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backchannel.core.errors import ValidationFailed
from backchannel.core.fields import (
    EncryptedJSONField,
    EncryptedTextField,
    EncryptedTimeField,
)
from backchannel.core.models import C, EncryptedModel
from backchannel.processes.models import Phase, Process, RecordRule

TIME_ZONE_MAX = 64
DURATION_MAX = 24 * 60


@functools.cache
def time_zone_names() -> tuple[str, ...]:
    """Every IANA zone name this server's zone database knows, sorted."""
    return tuple(sorted(zoneinfo.available_timezones()))


# Cities where dialogues meet that have no zone of their own in the IANA
# database (its zones are named after one city per region).
CITY_ZONES = {
    "geneva": "Europe/Zurich",
    "genève": "Europe/Zurich",
    "bern": "Europe/Zurich",
    "the hague": "Europe/Amsterdam",
    "washington": "America/New_York",
    "washington dc": "America/New_York",
    "ottawa": "America/Toronto",
    "doha": "Asia/Qatar",
    "abu dhabi": "Asia/Dubai",
}


def resolve_time_zone(value: str) -> str:
    """The IANA name for what was typed: the name itself (any case), or a city
    that names exactly one zone ("Beirut" → "Asia/Beirut", "Geneva" →
    "Europe/Zurich"). Anything else is returned as typed, for
    :func:`validate_time_zone` to refuse with its fix; a city of several zones
    is refused here (``ValidationFailed``), naming them."""
    value = " ".join(str(value or "").split())
    if not value:
        return ""
    names = time_zone_names()
    wanted = value.casefold()
    exact = [n for n in names if n.casefold() == wanted]
    if exact:
        return exact[0]
    city = wanted.replace("_", " ")
    # places only: "GMT+3" is no city (and Etc/GMT+3 is UTC−3)
    matches = [
        n
        for n in names
        if "/" in n
        and not n.startswith("Etc/")
        and n.rsplit("/", 1)[-1].replace("_", " ").casefold() == city
    ]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise ValidationFailed(
            {
                "time_zone": [
                    gettext(
                        "“%(value)s” names several time zones (%(zones)s): choose one of them."
                    )
                    % {"value": value, "zones": ", ".join(matches)}
                ]
            }
        )
    return CITY_ZONES.get(city, value)


def validate_time_zone(value: str) -> None:
    """An IANA time zone name that this server's zone database knows."""
    if not value:
        return
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _(
                "“%(value)s” is not a time zone name: choose one from the list, or give an IANA name such as Europe/Paris, Asia/Beirut or UTC (a city alone works when it names one zone, such as Beirut)."
            ),
            params={"value": value},
            code="time_zone",
        ) from None


class Meeting(EncryptedModel):
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="meetings"
    )
    phase = models.ForeignKey(
        Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    title = EncryptedTextField(max_length=200)
    date = models.DateField()
    # The local start time on ``date`` in ``time_zone`` (an IANA name), and how long.
    # Both encrypted: a zone names a city (Asia/Kabul), a local hour narrows it.
    start_time = EncryptedTimeField(null=True, blank=True)
    time_zone = EncryptedTextField(
        max_length=TIME_ZONE_MAX,
        blank=True,
        default="",
        validators=[validate_time_zone],
    )
    duration_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(DURATION_MAX)],
    )
    venue = EncryptedTextField(max_length=300, blank=True, default="")
    venue_withheld = models.BooleanField(default=False)
    # Seat ids of those who attended: encrypted, since who met whom is the secret.
    attendance = EncryptedJSONField(default=list, blank=True)

    key_owner = "process"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "process": C.INTERNAL,
        "phase": C.INTERNAL,
        "title": C.CONFIDENTIAL,
        "date": C.INTERNAL,
        "start_time": C.CONFIDENTIAL,
        "time_zone": C.CONFIDENTIAL,
        "duration_minutes": C.INTERNAL,
        "venue": C.CONFIDENTIAL,
        "venue_withheld": C.INTERNAL,
        "attendance": C.CONFIDENTIAL,
    }

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return str(self.title)

    def clean(self) -> None:
        super().clean()
        if self.start_time is not None and not self.time_zone:
            raise ValidationError(
                {
                    "time_zone": _(
                        "A start time needs its time zone: give an IANA name such as Europe/Paris."
                    )
                }
            )
        if self.duration_minutes is not None and self.start_time is None:
            raise ValidationError(
                {
                    "start_time": _(
                        "A duration needs a start time: give the start time, or leave the duration empty."
                    )
                }
            )

    @property
    def starts(self) -> dt.datetime | None:
        """The start as an aware datetime in the meeting's time zone."""
        if self.start_time is None or not self.time_zone:
            return None
        try:
            zone = zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None
        return dt.datetime.combine(self.date, self.start_time, tzinfo=zone)

    @property
    def ends(self) -> dt.datetime | None:
        start = self.starts
        if start is None or not self.duration_minutes:
            return None
        return start + dt.timedelta(minutes=self.duration_minutes)


class AgendaItem(EncryptedModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = EncryptedTextField(max_length=300)

    key_owner = "meeting"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "meeting": C.INTERNAL,
        "position": C.INTERNAL,
        "title": C.CONFIDENTIAL,
    }

    class Meta:
        ordering = ["position"]


class SegmentKind(models.TextChoices):
    """What a segment's title is: its own words, or the workspace's."""

    NAMED = "", "named"
    WHOLE_MEETING = "whole_meeting", "whole meeting"


class Segment(EncryptedModel):
    """A part of a meeting under one record rule. A segment the workspace made
    itself (the "Whole meeting" of a meeting without segments) stores no title
    in anyone's language but its ``kind``; :attr:`label` writes it in the
    reader's language."""

    WHOLE_MEETING = SegmentKind.WHOLE_MEETING.value

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="segments"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = EncryptedTextField(max_length=300)
    record_rule = models.CharField(max_length=16, choices=RecordRule.choices)
    kind = models.CharField(
        max_length=16,
        blank=True,
        default="",
        choices=SegmentKind.choices,
    )

    key_owner = "meeting"
    data_classification: ClassVar[dict[str, str]] = {
        "id": C.INTERNAL,
        "data_key": C.INTERNAL,
        "meeting": C.INTERNAL,
        "position": C.INTERNAL,
        "title": C.CONFIDENTIAL,
        "record_rule": C.INTERNAL,
        "kind": C.INTERNAL,
    }

    class Meta:
        ordering = ["position"]

    @property
    def label(self) -> str:
        """The title to show, in the reader's language for a segment the
        workspace named itself."""
        if self.kind == self.WHOLE_MEETING:
            return gettext("Whole meeting")
        return str(self.title)

    def __str__(self) -> str:
        return self.label
