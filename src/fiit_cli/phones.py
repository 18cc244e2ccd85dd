"""Phone numbers people can act on: readable international form and tel: URIs.

The data keeps every number as printed; these helpers only derive display forms.
"""

from __future__ import annotations

import re


def international(e164: str) -> str:
    """'+3680205520' -> '+36 80 205 520' (phonenumbers' international format)."""
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def is_valid(e164: str) -> bool:
    import phonenumbers

    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return False


def e164_from_printed(printed: str) -> str | None:
    """Best-effort E.164 of a profile contact phone as printed, e.g. '+32 (0) 22123000'.

    Drops a '(0)' trunk marker; keeps Italian leading zeros, as Italian numbers need them.
    Returns None when the result is not a valid number.
    """
    import phonenumbers

    text = re.sub(r"\(0\)", "", printed)
    digits = "+" + re.sub(r"\D", "", text)
    try:
        number = phonenumbers.parse(digits, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
