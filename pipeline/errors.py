"""Errors the library raises; the CLI alone turns them into messages and exit codes.

Each carries a one-line message that names the file or folder and the problem.
"""

from __future__ import annotations


class PipelineError(Exception):
    """A run could not happen at all (bad input folder, lock held, ...)."""

    exit_code = 2


class InputFolderError(PipelineError):
    """The input folder is missing or not a folder."""


class OutputFolderError(PipelineError):
    """The output folder cannot be created or written."""


class LockHeldError(PipelineError):
    """Another run holds the output folder's lock."""

    exit_code = 3


class ModelError(PipelineError):
    """A spaCy or natasha pipeline cannot be loaded: no document can be annotated."""


class GoldFileError(PipelineError):
    """The gold file for `eval` is missing or malformed."""


class QueryError(PipelineError):
    """A SQL query given to `query` failed."""


class DocumentError(Exception):
    """One document cannot be processed; it is quarantined and the run goes on.

    `code` is the short machine-readable kind of problem stored in errors.parquet.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
