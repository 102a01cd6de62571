"""Reading the spreadsheets staff upload: a CSV file or the first sheet of an XLSX workbook.

Both imports (company profiles here, demand projects in ``missions``) read files through
this module, so they accept the same files and refuse bad ones with the same messages:
UTF-8 CSV separated by commas or, as spreadsheets save it in many European locales, by
semicolons; or an XLSX workbook. Every row keeps the line it came from in the file, so an
error points at the line staff see in their editor, even past blank lines and quoted line
breaks.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Python's csv module refuses longer fields; an XLSX cell is held to the same limit.
MAX_FIELD = 131_072
MAX_BYTES = 5 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"
ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Row = tuple[int, dict[str, str]]
# Data exports join lists with "|"; spreadsheets made by hand often use ";".
LIST_SEPARATORS = re.compile(r"[|;]")


@dataclass(frozen=True)
class RowError:
    """A problem with the file (``line`` 0 or the header's line, no column) or a cell."""

    line: int
    column: str
    message: str


def file_error(message: str, line: int = 0) -> list[RowError]:
    return [RowError(line, "", message)]


def split_list(value: str) -> list[str]:
    """The items of a list cell, without blanks."""
    return [part.strip() for part in LIST_SEPARATORS.split(value or "") if part.strip()]


def template_csv(columns: Sequence[str], example_row: dict[str, str]) -> str:
    """The CSV template staff download: the header and one example row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerow(example_row)
    return out.getvalue()


def _csv_table(content: bytes, max_rows: int) -> tuple[list[tuple[int, list[str]]], list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], file_error(_("The file is not UTF-8 encoded text."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    table = []
    try:
        for cells in reader:
            table.append((reader.line_num, cells))
            if len(table) > max_rows + 1:
                break
    except csv.Error:
        # A line break inside an unquoted field (a bare carriage return too), or a field
        # beyond the parser's limit; the reader has counted the line it failed on.
        line = max(reader.line_num, 1)
        return [], file_error(
            _("The file is not valid CSV at line %(line)s: put text with line breaks in "
              "double quotes, and keep every field under 131,072 characters.")
            % {"line": line},
            line,
        )
    return table, []


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _xlsx_table(content: bytes, max_rows: int) -> tuple[list[tuple[int, list[str]]], list]:
    # Imported here: openpyxl is heavy and only the import pages need it.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — a broken workbook fails in many ways (zip, XML, keys)
        return [], file_error(_("The file is not a valid XLSX workbook."))
    try:
        if not workbook.worksheets:
            return [], file_error(_("The file holds no rows."))
        table = []
        for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), 1):
            cells = [_cell_text(v) for v in values]
            if any(len(cell) > MAX_FIELD for cell in cells):
                return [], file_error(
                    _("Line %(line)s holds a cell longer than 131,072 characters.")
                    % {"line": number},
                    number,
                )
            table.append((number, cells))
            if len(table) > max_rows + 1:
                break
        return table, []
    except Exception:  # noqa: BLE001 — the sheet's XML is read lazily, row by row
        return [], file_error(_("The file is not a valid XLSX workbook."))
    finally:
        workbook.close()


def read_rows(
    content: bytes,
    *,
    columns: Collection[str],
    required: Collection[str] = (),
    one_group_of: Sequence[Sequence[str]] = (),
    ignored: Collection[str] = (),
    max_rows: int,
) -> tuple[list[Row], list[RowError]]:
    """(line, column → stripped text) of every non-empty row, or the errors of the file.

    ``required`` columns must all be in the header; of ``one_group_of``, at least one group
    must be there in full (the first group is reported missing otherwise). A header naming a
    column outside ``columns`` and ``ignored`` is refused, so a misspelt column is not
    silently dropped.
    """
    if len(content) > MAX_BYTES:
        return [], file_error(_("The file is larger than 5 MB."))
    reader = _xlsx_table if content.startswith(XLSX_MAGIC) else _csv_table
    table, errors = reader(content, max_rows)
    if errors:
        return [], errors
    if not table:
        return [], file_error(_("The file holds no rows."))
    header_line, header = table[0]
    header = [name.strip() for name in header]
    while header and not header[-1]:
        header.pop()
    present = set(header)
    missing = set(required) - present
    if one_group_of and not any(set(group) <= present for group in one_group_of):
        missing |= set(one_group_of[0]) - present
    unknown = present - set(columns) - set(ignored)
    if missing:
        errors.append(RowError(header_line, "", _("Missing columns: %(columns)s.")
                               % {"columns": ", ".join(sorted(missing))}))
    if unknown:
        errors.append(RowError(header_line, "", _("Unknown columns: %(columns)s.")
                               % {"columns": ", ".join(sorted(unknown))}))
    if errors:
        return [], errors
    rows = []
    for line, cells in table[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        rows.append((line, {name: (cells[i].strip() if i < len(cells) else "")
                            for i, name in enumerate(header) if name}))
        if len(rows) > max_rows:
            return [], file_error(_("At most %(max)s rows per file.") % {"max": max_rows})
    if not rows:
        return [], file_error(_("The file holds no rows."))
    return rows, []
