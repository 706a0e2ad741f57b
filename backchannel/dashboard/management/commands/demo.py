"""``backchannel demo``: migrate, load the demo workspace once, and serve it."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from backchannel.core.errors import ValidationFailed
from backchannel.core.serving import (
    add_port_argument,
    check_port,
    serve,
    url_for,
)
from backchannel.demo import DEMO_ORG_SLUG, load_demo


class Command(BaseCommand):
    help = (
        "Create the database tables, load the demo workspace (an invented dialogue "
        "with published demo logins) unless it is loaded, and serve it on 127.0.0.1. "
        "Only for your own computer: the demo passwords are public."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_port_argument(parser)
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="load the demo and stop, without serving",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        port = check_port(options["port"])
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        try:
            info = load_demo()
        except ValidationFailed as exc:
            # E.g. a demo username is taken by a real account in this database.
            raise CommandError(
                f"The demo cannot be loaded here ({exc.message}). Load it into an "
                f"empty database, or one that already holds the {DEMO_ORG_SLUG!r} "
                "organisation."
            ) from None
        state = "loaded" if info.created else "already loaded, left as it was"
        self.stdout.write(
            f"Demo workspace {state}: {info.process.title} ({info.organisation.name})."
        )
        self.stdout.write(f"Open {url_for(port)} and log in as:")
        width = max(len(login.username) for login in info.logins)
        pwidth = max(len(login.password) for login in info.logins)
        for login in info.logins:
            self.stdout.write(
                f"  {login.username:<{width}}  password {login.password:<{pwidth}}  "
                f"{login.description}"
            )
        self.stdout.write(
            f"A pending invitation (a participant's seat, not taken up yet): open "
            f"{url_for(port).rstrip('/')}/join/{info.invitation_code}/ in a private "
            "window to accept it as the invitee would, until it is used or expires."
        )
        self.stdout.write(
            "These demo passwords are public: never expose the demo beyond this computer."
        )
        if options["no_serve"]:
            self.stdout.write(f"Serve it with: backchannel serve --port {port}")
            return
        if "BACKCHANNEL_REQUIRE_MFA" not in os.environ:
            # The demo logins are shared and public, so a second factor would
            # protect nothing; a real deployment keeps it on.
            settings.BACKCHANNEL_REQUIRE_MFA = False
            self.stdout.write(
                "A second factor is not required in this local demo; everywhere "
                "else conveners, facilitators and rapporteurs must set one up "
                "(BACKCHANNEL_REQUIRE_MFA)."
            )
        serve(self, port)
