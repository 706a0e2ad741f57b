"""The identification gate's framework-free parts (no Django import here).

:mod:`backchannel.gate.normalise` turns a text into what a reader sees (markup
rendered away, look-alike letters, invisible characters, spaced-out letters,
digits for letters and written-out contacts folded), with a map back to the
source offsets. The matching engine itself is still
:mod:`backchannel.transfer.gate`, which calls it.
"""
