"""The service functions of process export and import (one place to call)."""

from backchannel.portability.export import process_export
from backchannel.portability.importer import process_import, validate_process_document
from backchannel.portability.problems import Problem, document_from_text

__all__ = [
    "Problem",
    "document_from_text",
    "process_export",
    "process_import",
    "validate_process_document",
]
