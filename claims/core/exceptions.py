"""Domain errors raised by claim services; views and the API turn them into messages."""

from __future__ import annotations


class ClaimError(Exception):
    """Base class: the message is safe to show to the user."""


class ClaimStateError(ClaimError):
    """The claim is not in a state that allows this action (often: someone else acted first)."""

    def __init__(self, message: str, *, current_status: str | None = None) -> None:
        super().__init__(message)
        self.current_status = current_status


class ClaimPermissionError(ClaimError):
    """This actor may not do this to this claim."""
