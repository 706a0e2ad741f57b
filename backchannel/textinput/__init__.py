"""Checks on text that enters from outside, framework-free (no Django import here).

:mod:`backchannel.textinput.uploads` bounds and decodes files and payloads
(size, UTF-8, compressed files, decompression bombs, JSON depth) with the
limits passed in as arguments; :mod:`backchannel.textinput.csvsafe` refuses
spreadsheet formulas on import and defuses them on export. The configured
limits (``BACKCHANNEL_MAX_UPLOAD_BYTES``...) are read on the Django side by
:mod:`backchannel.core.uploads`, which passes them here.
"""
