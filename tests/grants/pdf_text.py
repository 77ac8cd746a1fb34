"""The text of a PDF made by WeasyPrint, read with pikepdf: the glyphs each page shows, mapped back to characters
through the fonts' ToUnicode tables (no PDF text library is installed; this is all a test needs)."""

import io
import re

import pikepdf

_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def _cmap(font) -> dict[bytes, str]:
    """A font's ToUnicode table: the glyph code (bytes) to its text."""
    if "/ToUnicode" not in font:
        return {}
    data = font.ToUnicode.read_bytes()
    table: dict[bytes, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        codes = _HEX.findall(block)
        for source, target in zip(codes[::2], codes[1::2], strict=False):
            table[bytes.fromhex(source.decode())] = bytes.fromhex(target.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for line in block.strip().splitlines():
            codes = _HEX.findall(line)
            if len(codes) < 3:
                continue
            start, end = int(codes[0], 16), int(codes[1], 16)
            first = int(codes[2], 16)
            width = len(codes[0]) // 2
            for offset in range(end - start + 1):
                table[(start + offset).to_bytes(width, "big")] = chr(first + offset)
    return table


def _decode(raw: bytes, table: dict[bytes, str]) -> str:
    width = len(next(iter(table))) if table else 1
    return "".join(table.get(raw[i:i + width], "") for i in range(0, len(raw), width))


def pdf_text(content: bytes) -> str:
    text = []
    with pikepdf.open(io.BytesIO(content)) as pdf:
        for page in pdf.pages:
            fonts = page.Resources.get("/Font", {})
            tables = {str(name): _cmap(font) for name, font in fonts.items()}
            table: dict[bytes, str] = {}
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "Tf":
                    table = tables.get(str(operands[0]), {})
                elif op == "Tj":
                    text.append(_decode(bytes(operands[0]), table))
                elif op == "TJ":
                    text.append("".join(_decode(bytes(item), table) for item in operands[0]
                                        if isinstance(item, pikepdf.String)))
                elif op in ("ET", "Td", "TD", "T*"):
                    text.append(" ")
    return re.sub(r"\s+", " ", "".join(text))
