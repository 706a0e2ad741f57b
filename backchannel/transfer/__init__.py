"""Outputs leaving the workspace: rosters (``roster``: the organisation's
people registry as the gate's roster), outputs and their exports
(``export``), the transfer ledger and the one door every outgoing text passes
(``services.gate_outgoing``, which calls :func:`backchannel.gate.egress`).

The identification gate itself is the framework-free package
:mod:`backchannel.gate`.
"""
