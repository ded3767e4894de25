"""PO-5: a bounded, streaming reader of the first worksheet of an .xlsx file (no ORM).

An .xlsx file is a zip of XML parts. Every limit below is checked before the work it bounds: the upload
size and the zip's declared sizes before anything is decompressed (a part's declared size also caps what
``zipfile`` delivers), the shared-strings part's size before it is parsed and its entry count while it is
parsed, the sheet's ``<dimension ref>`` before a single row is read, then the real row numbers and
column letters of every row and cell as they stream by (a ``<dimension>`` can lie). Only the columns the
caller asks for are kept.

Every part is parsed by expat with no document type allowed: an entity declaration (billion laughs), an
external entity (XXE) or a DTD makes the file "not a valid .xlsx file", as does anything malformed. Errors
are raised as ``SheetRefused(code, **values)``; the wizard words each code for the user (``SHEET_ERRORS``).
"""

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from xml.parsers import expat

# Import limits (docs/ARCHITECTURE.md "Import limits"). A 100,000-row template is about 1.8 MB on
# disk and 22 MB of sheet XML (openpyxl writes inline strings; Excel writes about 6 MB of shared strings).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the uploaded file
MAX_ZIP_MEMBERS = 200  # parts in the zip
MAX_UNCOMPRESSED_BYTES = 160 * 1024 * 1024  # all parts together, as declared in the zip (zip bomb)
MAX_PART_BYTES = 2 * 1024 * 1024  # each structural part read (relationships, workbook)
MAX_SHARED_STRINGS_BYTES = 48 * 1024 * 1024  # the shared-strings part
MAX_SHARED_STRINGS = 500_000  # entries of the shared-strings table
MAX_ROWS = 100_000  # data rows (the header row excluded): validating 100,000 rows is one background step of about
# 6 s (bench/README.md, import); a larger base is imported in several files
MAX_COLUMNS = 50  # sheet width (the template has 3 columns)
# XML elements (rows, cells, values, text runs...) in the sheet or in the shared-strings part: what bounds the
# CPU of one reading whatever the bytes hold (about 1 s per million; the 100,000-row template has 1 million).
MAX_XML_ELEMENTS = 6_000_000

# Error codes of SheetRefused, each worded (and translated) by the import wizard.
SHEET_ERRORS = (
    "not_xlsx", "file_too_large", "too_many_parts", "uncompressed_too_large", "part_too_large",
    "shared_strings_too_large", "too_many_shared_strings", "too_many_elements", "too_wide", "too_many_rows",
    "merged_cells",
)

CHUNK = 64 * 1024
_CELL_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})", re.ASCII)
_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_DIGITS = re.compile(r"[0-9]{1,9}", re.ASCII)


class SheetRefused(Exception):
    """The file is refused: ``code`` is one of ``SHEET_ERRORS``, ``values`` the parameters of its message."""

    def __init__(self, code: str, **values):
        super().__init__(code)
        self.code = code
        self.values = values


class _Stop(Exception):
    """Raised by a handler to stop a parse early (what was needed has been read)."""


def column_number(letters: str) -> int:
    """'A' → 1, 'Z' → 26, 'AA' → 27, 'XFD' → 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def parse_cell_ref(ref: str) -> tuple[int, int] | None:
    """'B12' → (12, 2) as (row, column); None when ``ref`` is not a cell reference."""
    match = _CELL_REF.fullmatch(ref or "")
    if not match:
        return None
    return int(match.group(2)), column_number(match.group(1))


def parse_range(ref: str) -> tuple[int, int, int, int] | None:
    """'A1:C10' → (first row, first column, last row, last column); 'B2' → (2, 2, 2, 2); None if malformed."""
    first, _sep, last = (ref or "").partition(":")
    start, end = parse_cell_ref(first), parse_cell_ref(last or first)
    if not start or not end:
        return None
    return min(start[0], end[0]), min(start[1], end[1]), max(start[0], end[0]), max(start[1], end[1])


def number_value(text: str) -> object:
    """A numeric cell's text as an int or a float, strictly (ASCII digits, no '1_3'); any other text as is."""
    if _INTEGER.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        return float(text)  # may be inf ("1E999"): the caller decides whether that is acceptable
    return text


def _local(name: str) -> str:
    """The local name of an expat name ("namespace local" with namespace_separator=" ")."""
    return name.rpartition(" ")[2]


def _refuse_dtd(*_args):
    raise SheetRefused("not_xlsx")


def _parser() -> expat.XMLParserType:
    """An expat parser that refuses any document type (no entity can be declared, hence none expanded)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.ExternalEntityRefHandler = _refuse_dtd
    return parser


class XlsxSheet:
    """The first worksheet of an .xlsx file, checked against the limits when built.

    ``XlsxSheet(data)`` checks the file's size and zip structure, reads the workbook's relationships, the
    sheet's declared dimension, the shared-strings table and the header row (row 1), or raises
    ``SheetRefused``. ``rows(columns)`` then streams the data rows once.
    """

    def __init__(self, data: bytes):
        if len(data) > MAX_UPLOAD_BYTES:
            raise SheetRefused("file_too_large", max=MAX_UPLOAD_BYTES)
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            members = self.zip.infolist()
        except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError) as error:
            raise SheetRefused("not_xlsx") from error
        if len(members) > MAX_ZIP_MEMBERS:
            raise SheetRefused("too_many_parts", max=MAX_ZIP_MEMBERS)
        if sum(info.file_size for info in members) > MAX_UNCOMPRESSED_BYTES:
            raise SheetRefused("uncompressed_too_large", max=MAX_UNCOMPRESSED_BYTES)
        self.members = {info.filename: info for info in members}
        self.shared_strings: list[str] = []
        self.header: dict[int, object] = {}  # row 1: {column number: value}
        self.has_rows = False  # whether the sheet has any row
        self.columns: dict[str, int] = {}  # for the caller: its column names and their numbers
        workbook = self._office_document()
        sheet_target, strings_target = self._first_sheet(workbook)
        self.sheet_part = sheet_target
        self._check_dimension()
        if strings_target and strings_target in self.members:
            self._read_shared_strings(strings_target)
        self._read_header()

    # ------------------------------------------------------------------ parts

    def _info(self, name: str, max_bytes: int | None = None, code: str = "part_too_large") -> zipfile.ZipInfo:
        info = self.members.get(name)
        if info is None:
            raise SheetRefused("not_xlsx")
        if max_bytes is not None and info.file_size > max_bytes:
            raise SheetRefused(code, max=max_bytes)
        return info

    def _parse(self, info: zipfile.ZipInfo, parser: expat.XMLParserType, after_chunk=None):
        """Feed a part to ``parser`` chunk by chunk until its end or until a handler raises ``_Stop``."""
        try:
            with self.zip.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    parser.Parse(chunk, False)
                    if after_chunk:
                        yield from after_chunk()
                parser.Parse(b"", True)
        except _Stop:
            return  # what was needed has been read (the parses that stop early stream no rows)
        except expat.ExpatError as error:
            raise SheetRefused("not_xlsx") from error
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, ValueError, OSError,
                EOFError) as error:  # corrupt data (CRC), unsupported compression, encrypted part
            raise SheetRefused("not_xlsx") from error
        if after_chunk:
            yield from after_chunk()

    def _parse_all(self, info, parser):
        for _ in self._parse(info, parser):
            pass

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """``{id: (type, target part name)}`` of a part's relationships (targets resolved from its folder)."""
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", name + ".rels")
        relationships = {}
        parser = _parser()

        def start(tag, attrs):
            if _local(tag) == "Relationship" and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                relationships[attrs.get("Id", "")] = (attrs.get("Type", ""), target)

        parser.StartElementHandler = start
        self._parse_all(self._info(rels_name, MAX_PART_BYTES), parser)
        return relationships

    def _office_document(self) -> str:
        for rel_type, target in self._relationships("").values():
            if rel_type.endswith("/officeDocument"):
                return target
        raise SheetRefused("not_xlsx")

    def _first_sheet(self, workbook: str) -> tuple[str, str | None]:
        """The part names of the workbook's first sheet and of its shared-strings table (if any)."""
        first = []
        parser = _parser()

        def start(tag, attrs):
            if _local(tag) == "sheet":
                first.extend(value for key, value in attrs.items() if key.endswith(" id"))
                raise _Stop

        parser.StartElementHandler = start
        self._parse_all(self._info(workbook, MAX_PART_BYTES), parser)
        relationships = self._relationships(workbook)
        if not first or first[0] not in relationships:
            raise SheetRefused("not_xlsx")
        sheet_type, sheet = relationships[first[0]]
        if not sheet_type.endswith("/worksheet"):
            raise SheetRefused("not_xlsx")  # a chart sheet or a dialog sheet: no cells to import
        strings = next((t for rt, t in relationships.values() if rt.endswith("/sharedStrings")), None)
        return sheet, strings

    # ------------------------------------------------------------------ limits read before the rows

    def _check_dimension(self):
        """Refuse a sheet whose declared ``<dimension ref>`` is wider or longer than the limits, reading only
        the sheet's head (up to ``<sheetData>``)."""
        parser = _parser()
        elements = [0]

        def start(tag, attrs):
            elements[0] += 1
            if elements[0] > MAX_XML_ELEMENTS:
                raise SheetRefused("too_many_elements", max=MAX_XML_ELEMENTS)
            name = _local(tag)
            if name == "dimension":
                bounds = parse_range(attrs.get("ref", ""))
                if bounds:
                    self._check_bounds(bounds[2], bounds[3])
                raise _Stop
            if name == "sheetData":
                raise _Stop

        parser.StartElementHandler = start
        self._parse_all(self._info(self.sheet_part), parser)

    @staticmethod
    def _check_bounds(row: int, column: int):
        if column > MAX_COLUMNS:
            raise SheetRefused("too_wide", max=MAX_COLUMNS)
        if row > MAX_ROWS + 1:
            raise SheetRefused("too_many_rows", max=MAX_ROWS)

    def _read_shared_strings(self, part: str):
        info = self._info(part, MAX_SHARED_STRINGS_BYTES, "shared_strings_too_large")
        strings = self.shared_strings
        state = {"depth_rph": 0, "text": None, "elements": 0}
        parts = []
        parser = _parser()

        def start(tag, _attrs):
            state["elements"] += 1
            if state["elements"] > MAX_XML_ELEMENTS:
                raise SheetRefused("too_many_elements", max=MAX_XML_ELEMENTS)
            name = _local(tag)
            if name == "si":
                if len(strings) >= MAX_SHARED_STRINGS:
                    raise SheetRefused("too_many_shared_strings", max=MAX_SHARED_STRINGS)
                parts.clear()
            elif name == "rPh":
                state["depth_rph"] += 1  # phonetic runs are not part of the text
            elif name == "t" and not state["depth_rph"]:
                state["text"] = []

        def end(tag):
            name = _local(tag)
            if name == "si":
                strings.append("".join(parts))
            elif name == "rPh":
                state["depth_rph"] -= 1
            elif name == "t" and state["text"] is not None:
                parts.append("".join(state["text"]))
                state["text"] = None

        def text(data):
            if state["text"] is not None:
                state["text"].append(data)

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        self._parse_all(info, parser)

    def _read_header(self):
        """Row 1, every column up to the width limit (empty when the sheet does not start with row 1)."""
        reader = _RowReader(self, columns=None, header_only=True)
        self._parse_all(self._info(self.sheet_part), reader.parser)
        self.header, self.has_rows = reader.header, bool(reader.row_number or reader.seen_row)

    # ------------------------------------------------------------------ rows

    def rows(self, columns: tuple[int, ...]) -> Iterator[tuple[int, tuple]]:
        """Stream the data rows (row 2 on) as (row number, values of ``columns``), skipping rows blank in
        those columns. Raises ``SheetRefused`` on a row or column beyond the limits, or, at the end, on
        merged cells (their rows named)."""
        reader = _RowReader(self, columns=columns)
        yield from self._parse(self._info(self.sheet_part), reader.parser, reader.flush)
        if reader.merged:
            raise SheetRefused("merged_cells", rows=sorted(reader.merged))


class _RowReader:
    """The expat handlers of a worksheet: cells of the wanted columns, row by row, and merged ranges."""

    def __init__(self, sheet: XlsxSheet, columns, header_only=False):
        self.sheet = sheet
        self.columns = {column: index for index, column in enumerate(columns or ())}
        self.header_only = header_only
        self.header = {}
        self.merged = set()
        self.pending = []
        self.row_number = 0
        self.seen_row = False
        self.beyond_rows = self.beyond = False
        self.row = None
        self.column = 0
        self.cell = None  # (type, column) of the wanted cell being read
        self.value = self.formula = self.inline = self.target = None
        self.rph = 0
        self.elements = 0
        parser = _parser()
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        self.parser = parser

    def flush(self):
        rows, self.pending = self.pending, []
        yield from rows

    def start(self, tag, attrs):
        self.elements += 1
        if self.elements > MAX_XML_ELEMENTS:
            raise SheetRefused("too_many_elements", max=MAX_XML_ELEMENTS)
        name = _local(tag)
        if name == "c":
            self.start_cell(attrs)
        elif self.cell is None:
            if name == "row":
                self.start_row(attrs)
            elif name == "mergeCell":
                self.merge(attrs.get("ref", ""))
        elif name == "v":
            self.target = self.value = []
        elif name == "f":
            self.target = self.formula = []
        elif name == "is":
            self.inline = []
        elif name == "rPh":
            self.rph += 1
        elif name == "t" and self.inline is not None and not self.rph:
            self.target = self.inline  # the runs of an inline string, phonetic runs left out

    def start_row(self, attrs):
        number = attrs.get("r")
        if number is None:
            number = self.row_number + 1
        elif _DIGITS.fullmatch(number):
            number = int(number)
        else:
            raise SheetRefused("not_xlsx")
        if number <= self.row_number:
            raise SheetRefused("not_xlsx")  # rows come in ascending order
        if self.header_only and number > 1:
            self.seen_row = True
            raise _Stop
        # A row beyond the limit is refused at its first value (Excel writes empty formatted rows too).
        self.beyond_rows = number > MAX_ROWS + 1
        self.row_number, self.row, self.column = number, {}, 0

    def start_cell(self, attrs):
        if self.row is None:
            raise SheetRefused("not_xlsx")
        ref = attrs.get("r")
        if ref is None:
            column = self.column + 1
        else:
            position = parse_cell_ref(ref)
            if not position or position[0] != self.row_number:
                raise SheetRefused("not_xlsx")
            column = position[1]
        if column <= self.column:
            raise SheetRefused("not_xlsx")  # cells come in ascending order
        self.column = column
        # A cell beyond the width limit is refused if it holds a value (empty formatted cells are ignored).
        self.beyond = self.beyond_rows or column > MAX_COLUMNS
        if self.header_only or self.beyond or column in self.columns:
            self.cell = (attrs.get("t", "n"), column)

    def end(self, tag):
        name = _local(tag)
        if name == "row":
            self.end_row()
        elif name == "sheetData" and self.header_only:
            raise _Stop
        elif self.cell is None:
            return
        elif name == "c":
            value = self.cell_value()
            if value is not None and value != "":
                if self.beyond_rows:
                    raise SheetRefused("too_many_rows", max=MAX_ROWS)
                if self.beyond:
                    raise SheetRefused("too_wide", max=MAX_COLUMNS)
                self.row[self.cell[1]] = value
            self.cell = self.value = self.formula = self.inline = self.target = None
        elif name in ("v", "f", "t"):
            self.target = None
        elif name == "rPh":
            self.rph -= 1

    def end_row(self):
        if self.header_only:
            self.header = self.row or {}
            raise _Stop
        if self.row and self.row_number > 1:
            values = [None] * len(self.columns)
            for column, value in self.row.items():
                values[self.columns[column]] = value
            self.pending.append((self.row_number, tuple(values)))
        self.row = None

    def text(self, data):
        if self.target is not None:
            self.target.append(data)

    def cell_value(self):
        """The cell's value: a formula as '=' + its text, else by its type (shared string, number, ...)."""
        if self.formula is not None:
            return "=" + "".join(self.formula)
        cell_type = self.cell[0]
        if cell_type == "inlineStr":
            return "".join(self.inline or ())
        if self.value is None:
            return None
        text = "".join(self.value)
        if cell_type == "s":
            strings = self.sheet.shared_strings
            if not _DIGITS.fullmatch(text.strip()) or int(text) >= len(strings):
                raise SheetRefused("not_xlsx")
            return strings[int(text)]
        if cell_type == "b":
            return {"1": True, "0": False}.get(text.strip(), text)
        if cell_type == "n":
            return number_value(text.strip()) if text.strip() else None
        return text  # "str" (a formula's text result), "e" (an error such as #N/A), "d" (an ISO date)

    def merge(self, ref):
        bounds = parse_range(ref)
        if bounds:
            self.merged.add((bounds[0], bounds[2]))
