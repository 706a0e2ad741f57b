"""Content in several languages: originals keep their language, translations sit
beside them, each marked machine, draft or verified.

- **What is translated** is listed in :mod:`backchannel.translations.registry`
  (a note's text, an idea version's text, a joint-text version; a transfer
  output's body joins with one foreign key and one entry). A translation is a
  row of :class:`~backchannel.translations.models.ContentTranslation` with one
  explicit, nullable foreign key per kind (a constraint keeps exactly one set).
  Foreign keys rather than a generic relation: deleting a note deletes its
  translations in the database itself (no orphaned confidential text), ids
  survive backups and restores (content-type ids do not), and only registered
  kinds can be translated.
- **Who reads** a translation: whoever may read its original, through the
  original's own access function; translations never widen access.
- **Who writes**: managers, rapporteurs and interpreters (``TRANSLATORS``);
  nobody changes an original here, only its stated language.
- **Who verifies**: only an interpreter seat (which holds a confidentiality
  pledge, or it would see nothing). Participants see the role that translated
  or verified, never the seat; managers also see the seat.
- **Nothing leaves the server**: "machine" marks text that someone translated
  with a tool of their own, offline, and pasted in. No code here calls an
  outside service (``tests/translations/test_no_network.py`` checks imports).
"""
