"""The top layer beside reports: the process dashboard, and the ``demo`` command.

Both assemble what every domain app shows (phases and objectives, meetings,
composition, transfers, the risk register; the demo workspace builds all of
them), so they sit above the domain apps and no domain app imports them
(``lint-imports``, see pyproject.toml).
"""
