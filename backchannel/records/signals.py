"""What the records tell the apps above them, which records cannot import.

``note_text_changed`` is sent (``sender=Note``, ``note=...``) inside the
transaction of an edit that changed a note's text: translations connects to it
(its ``AppConfig.ready``) and sends the note's verified translations back to
draft.
"""

from django.dispatch import Signal

note_text_changed = Signal()
