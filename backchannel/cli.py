"""The ``backchannel`` console entry point: Django's management utility."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backchannel.settings")
    from django.core.management import execute_from_command_line

    from backchannel.env import ConfigError

    args = list(sys.argv if argv is None else argv)
    args[0] = "backchannel"
    try:
        execute_from_command_line(args)
    except ConfigError as exc:
        # A wrong setting is an operator's fix, not a crash: one line, no traceback.
        sys.stderr.write(f"Configuration error: {exc}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
