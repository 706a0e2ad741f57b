"""Issue 15.11: the length of a stored ciphertext does not give the length of
the plaintext. A dump shows only the size bucket a value falls in."""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import connection

from backchannel.core import crypto
from backchannel.participants.models import Person
from backchannel.participants.services import person_create
from tests.world import World


def _raw_name(person: Person) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM participants_person WHERE id = %s",
            [person.pk.hex if connection.vendor == "sqlite" else person.pk],
        )
        return bytes(cursor.fetchone()[0])


def _person(world: World, name: str) -> Person:
    return person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name=name,
        gender="woman",
        capacity="expert",
        level="broader",
    )


def test_names_of_different_lengths_have_the_same_ciphertext_length(
    world: World,
) -> None:
    short = _person(world, "Al")
    long = _person(world, "Bartholomew Featherstonehaugh")  # 29 characters
    assert len(_raw_name(short)) == len(_raw_name(long))
    assert Person.objects.get(pk=long.pk).name == "Bartholomew Featherstonehaugh"


@pytest.mark.parametrize(
    ("length", "bucket"),
    [(0, 32), (31, 32), (32, 64), (1000, 1024), (65535, 65536), (65536, 131072)],
)
def test_buckets(length: int, bucket: int) -> None:
    assert crypto.padded_size(length) == bucket
    padded = crypto.pad(b"x" * length)
    assert len(padded) == bucket
    assert crypto.unpad(padded) == b"x" * length


def test_values_ending_in_zero_bytes_and_0x80_survive() -> None:
    for value in (b"", b"\x00", b"\x80", b"a\x80\x00\x00", bytes(40)):
        assert crypto.unpad(crypto.pad(value)) == value


def test_ciphertext_written_before_padding_still_reads(world: World) -> None:
    person = _person(world, "Old Format")
    key_id = person.data_key_id
    aad = crypto.aad_for("participants_person", "name", person.pk, key_id)
    nonce = os.urandom(crypto.NONCE_BYTES)
    cipher: AESGCM = crypto._cipher_for(key_id)
    legacy = crypto.VERSION + nonce + cipher.encrypt(nonce, b"Written in 2025", aad)
    Person.objects.filter(pk=person.pk).update(name=legacy)
    assert Person.objects.get(pk=person.pk).name == "Written in 2025"
