"""The ``<id:...>`` path converter: a row id as the database can hold it.

Django's ``<int:...>`` takes any number of digits, and an id past a 64-bit integer then
fails deep in the database driver (a 500). ``<id:...>`` answers 404 instead: a value it
cannot convert is simply a path that matches nothing.
"""

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


register_converter(IdConverter, "id")


def ids_from(values) -> list[int]:
    """The row ids among form values (``request.POST.getlist``): only ASCII digits within
    ``MAX_ID``. ``"²".isdigit()`` is true yet ``int("²")`` fails, and an id past 64 bits fails
    in the database driver; such values are dropped, like any other value that names no row."""
    return [int(v) for v in values if v.isascii() and v.isdigit() and int(v) <= MAX_ID]
