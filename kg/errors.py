"""Error types the library raises for expected failures, and the exit codes they map to.

Every error a user can cause (bad annotation, unknown query, unsafe SPARQL, unreachable
endpoint) is a :class:`KGError`. Its message names the file and line where there is one,
says what is wrong and what to do. The CLI prints it without a traceback and exits with
:attr:`KGError.exit_code`.

These are deliberately *not* subclasses of :class:`SyntaxError`: IPython renders a
``SyntaxError`` subclass with an empty message, so notebook users would see nothing.

Exit codes (documented in the README):

* 0 — success (``kg validate``: the KG conforms; ``ASK``: true)
* 1 — the KG does not conform (``kg validate``), or an ``ASK`` query answered false
* 2 — an error: bad input, bad query, unusable store
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_ERROR = 2


def a(noun: str) -> str:
    """``noun`` with its indefinite article, for messages: "an actor", "a proposal"."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


class KGError(Exception):
    """An expected failure with a message a user can act on."""

    exit_code = EXIT_ERROR

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file if self.line is None else f"{self.file}:{self.line}"
            where += ": "
        text = where + self.message
        if self.hint:
            text += "\n  " + self.hint.replace("\n", "\n  ")
        return text


class AnnotationError(KGError):
    """An annotation, registry or article file cannot be read as written."""


class OntologyError(KGError):
    """The ontology or SHACL shapes cannot be read."""


class QueryError(KGError):
    """A SPARQL query or query name is malformed or unknown."""


class UnsafeQueryError(QueryError):
    """A query asks for something ``kg query`` refuses (updates, SERVICE, LOAD, remote FROM)."""


class QueryTimeout(QueryError):
    """A query ran past its time limit."""


class StoreError(KGError):
    """A store or endpoint cannot be opened, read or written."""


class BuildError(KGError):
    """A build could not complete; the previous KG is left untouched."""
