"""The gate engine (backchannel/gate/)
is tested here on the corpus that tests/transfer shares with the transfer app."""

from __future__ import annotations

from tests.transfer.conftest import gate, roster

__all__ = ["gate", "roster"]
