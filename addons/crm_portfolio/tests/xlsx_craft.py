"""Hand-made .xlsx files for the import's limit and malformed-file tests (small on disk, built with zipfile)."""

import base64
import io
import struct
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{OFFICE_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{OFFICE_RELS}">'
    '<sheets><sheet name="Portfolios" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{OFFICE_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{OFFICE_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)


def inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def number(ref, text):
    return f'<c r="{ref}"><v>{text}</v></c>'


HEADER_ROW = '<row r="1">' + inline("A1", "ID") + inline("B1", "Company") + inline("C1", "Portfolio") + "</row>"


def sheet_xml(rows="", dimension="A1:C2", head="", tail=""):
    """A worksheet part: ``rows`` is the XML of the rows after the header row."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{head}<worksheet xmlns="{MAIN}">{dim}'
        f"<sheetData>{HEADER_ROW}{rows}</sheetData>{tail}</worksheet>"
    )


def package(sheet=None, shared_strings=None, parts=None, workbook=WORKBOOK):
    """The bytes of a zip with the parts of a one-sheet workbook; ``parts`` adds or replaces parts (a
    callable value is called with the open zip and the part name, to stream big content)."""
    members = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet if sheet is not None else sheet_xml(),
    }
    if shared_strings is not None:
        members["xl/sharedStrings.xml"] = shared_strings
    members.update(parts or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in members.items():
            if callable(content):
                content(archive, name)
            else:
                archive.writestr(name, content)
    return buffer.getvalue()


def stream_part(chunks):
    """A ``parts`` value writing ``chunks`` (an iterable of bytes) into the zip without holding them all."""

    def write(archive, name):
        with archive.open(name, "w", force_zip64=True) as member:
            for chunk in chunks:
                member.write(chunk)

    return write


def declare_size(data, name, size):
    """``data`` (a zip) with the uncompressed size declared for ``name`` in the central directory changed."""
    data = bytearray(data)
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) != -1:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        if bytes(data[position + 46:position + 46 + name_length]) == name.encode():
            struct.pack_into("<I", data, position + 24, size)
            return bytes(data)
        position += 4
    raise KeyError(name)


def b64(data):
    return base64.b64encode(data)
