from __future__ import annotations

from pathlib import Path

from backchannel.core.inventory import misclassified, render_inventory, unclassified

INVENTORY = Path(__file__).resolve().parents[2] / "docs" / "data-inventory.md"


def test_every_model_field_is_classified() -> None:
    assert unclassified() == []


def test_confidential_fields_are_encrypted_and_encrypted_fields_confidential() -> None:
    assert misclassified() == []


def test_the_committed_data_inventory_is_current() -> None:
    assert INVENTORY.read_text(encoding="utf-8") == render_inventory() + "\n", (
        "docs/data-inventory.md is stale: run `backchannel inventory --output "
        "docs/data-inventory.md` and commit it."
    )
