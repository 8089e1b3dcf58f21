"""Errors a user can act on: each carries a code, the file or field concerned and what to do."""

from __future__ import annotations


class CrisisdeskError(Exception):
    """Base of crisisdesk's errors; `code` identifies the kind for scripts and docs."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None, hint: str | None = None) -> None:
        self.source = source
        self.hint = hint
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"[{self.code}] {where}{self.message}{hint}"


class InputError(CrisisdeskError):
    """A document could not be read or made into an article."""

    code = "E100"


class UnsupportedInput(InputError):
    """The file is of a kind crisisdesk does not read."""

    code = "E101"


class EmptyInput(InputError):
    """The document holds no text."""

    code = "E102"


class BinaryInput(InputError):
    """The document is binary, not text or markup."""

    code = "E103"


class DecodeError(InputError):
    """The document's bytes are not valid text in any encoding we accept."""

    code = "E104"


class ModelNotFound(CrisisdeskError):
    """The configured spaCy pipeline is not installed."""

    code = "E200"


class StoreError(CrisisdeskError):
    """The DuckDB store could not be opened or written."""

    code = "E300"
