"""Person ↔ login without a clear link (2/3): move the existing links.

For each person linked to a login: the blind index of the login's id (HMAC-SHA256
under the key HKDF derives from the master key with the label below, as
``participants.logins`` computes it) and the login's id and name sealed under
the organisation's data key. For each invitation: its seat's data key, and who
made it sealed under that key. Sealed with the associated data of the final
column names (``login``, ``created_by``). Reversed, the clear links come back.
A row whose data key was destroyed keeps no link (it could not be sealed).
"""

from django.db import migrations

# Frozen copy of ``participants.logins.LOGIN_INDEX_PURPOSE``.
LOGIN_INDEX_PURPOSE = b"backchannel-login-index"


def _seal(table, column, pk, key_id, user_id, username):
    from backchannel.core import crypto

    return crypto.encrypt_value(
        crypto.dumps([str(user_id), username]),
        key_id=key_id,
        aad=crypto.aad_for(table, column, pk, key_id),
    )


def _open(table, column, pk, key_id, blob):
    from backchannel.core import crypto

    user_id, _username = crypto.loads(
        crypto.decrypt_value(
            bytes(blob), key_id=key_id, aad=crypto.aad_for(table, column, pk, key_id)
        )
    )
    return user_id


def seal(apps, schema_editor):
    from backchannel.core import crypto
    from backchannel.core.errors import KeyDestroyed

    Person = apps.get_model("participants", "Person")
    Invitation = apps.get_model("participants", "Invitation")
    User = apps.get_model("accounts", "User")
    names = dict(User.objects.values_list("pk", "username"))
    for pk, key_id, user_id in Person.objects.filter(user__isnull=False).values_list(
        "pk", "data_key_id", "user_id"
    ):
        try:
            sealed = _seal(
                "participants_person", "login", pk, key_id, user_id, names[user_id]
            )
        except KeyDestroyed:
            continue
        index = crypto.blind_index(
            crypto.master_key(), LOGIN_INDEX_PURPOSE, str(user_id)
        )
        Person.objects.filter(pk=pk).update(login_index=index, login=sealed)
    for pk, key_id, user_id in Invitation.objects.values_list(
        "pk", "seat__data_key_id", "created_by_id"
    ):
        sealed = None
        if user_id is not None:
            try:
                sealed = _seal(
                    "participants_invitation",
                    "created_by",
                    pk,
                    key_id,
                    user_id,
                    names[user_id],
                )
            except KeyDestroyed:
                sealed = None
        Invitation.objects.filter(pk=pk).update(
            data_key_id=key_id, created_by_sealed=sealed
        )


def unseal(apps, schema_editor):
    import uuid

    from backchannel.core.errors import KeyDestroyed

    Person = apps.get_model("participants", "Person")
    Invitation = apps.get_model("participants", "Invitation")
    User = apps.get_model("accounts", "User")
    users = set(User.objects.values_list("pk", flat=True))

    def existing(user_id):
        uid = uuid.UUID(str(user_id))
        return uid if uid in users else None

    for pk, key_id, blob in Person.objects.filter(login__isnull=False).values_list(
        "pk", "data_key_id", "login"
    ):
        try:
            user_id = existing(_open("participants_person", "login", pk, key_id, blob))
        except KeyDestroyed:
            continue
        Person.objects.filter(pk=pk).update(user_id=user_id)
    for pk, key_id, blob in Invitation.objects.filter(
        created_by_sealed__isnull=False
    ).values_list("pk", "data_key_id", "created_by_sealed"):
        try:
            user_id = existing(
                _open("participants_invitation", "created_by", pk, key_id, blob)
            )
        except KeyDestroyed:
            continue
        Invitation.objects.filter(pk=pk).update(created_by_id=user_id)


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0004_login_sealed_fields"),
    ]

    operations = [
        migrations.RunPython(seal, unseal),
    ]
