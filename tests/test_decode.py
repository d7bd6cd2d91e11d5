import codecs

import pytest

from newsarchive.decode import MAX_PAGE_BYTES, decode
from newsarchive.errors import InputError

TEXT = "郴州全力打造湖南对接粤港澳大湾区重要增长极。\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_encodings_are_detected_and_recorded(data, encoding):
    text, found = decode(data, "page.txt")
    assert text.lstrip("\ufeff") == TEXT
    assert found == encoding


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"  \n\n \t\n", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"abc\x00def\x00" * 10, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfd", "undecodable"),
    ],
)
def test_bad_files_get_one_line_naming_file_and_reason(data, reason):
    with pytest.raises(InputError) as err:
        decode(data, "bad.txt")
    message = str(err.value)
    assert message.startswith("bad.txt: ")
    assert reason in message
    assert "\n" not in message


def test_oversized_file_is_refused_before_decoding():
    with pytest.raises(InputError, match="too large"):
        decode(b"a" * (MAX_PAGE_BYTES + 1), "huge.txt")
