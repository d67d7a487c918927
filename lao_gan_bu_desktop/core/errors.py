"""Typed errors raised by the rules in core.

Every error carries ``message``: Simplified Chinese text that tells the clerk what is wrong and
what to do. Callers show ``message`` as it is; they never show a stack trace.
"""

from __future__ import annotations


class RuleError(ValueError):
    """A value broke one of the rules; ``message`` is the Chinese text for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class IdNumberError(RuleError):
    """A 公民身份号码 is malformed, has an impossible birth date or a wrong check digit."""


class DateFormatError(RuleError):
    """A date could not be read or does not exist."""


class PhoneFormatError(RuleError):
    """A telephone number is not plausible."""


class VocabularyError(RuleError):
    """A value is not one of the allowed choices of a vocabulary (政治面貌, 职级 …)."""


class PersonNameError(RuleError):
    """A person's name is empty or contains characters a name cannot have."""
