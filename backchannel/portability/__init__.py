"""Moving a process between deployments: one JSON file with the whole process.

``schema`` describes the file (pydantic models: the schema is the validator),
``export`` writes it, ``importer`` reads it into a new process, ``content``
carries the recorded content (``kinds`` lists what); ``services`` is what the
commands and tests call. A top-layer app: it reads and writes every domain
app, and nothing imports it but its commands.
"""
