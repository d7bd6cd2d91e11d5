"""Property tests: the parser never raises on any text, and conserves every line."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive.decode import decode
from newsarchive.errors import InputError
from newsarchive.parse import conserved_share, parse_page

from conftest import SEEDS
from test_conservation import rescued

SEED_LINES = sorted({line for path in SEEDS.glob("*.txt") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()})

# Text a page file might hold: CJK, punctuation the rules look at, Latin, digits, odd whitespace.
ALPHABET = st.sampled_from(list("郴州湖南日报记者通讯员摄供图王李陈刘张一二三年月日。，、；：？！“”‘’（）()——·①…0123456789abcXYZ <>&\"'{}%\u3000\t"))
page_text = st.lists(st.text(alphabet=ALPHABET, max_size=60), max_size=40).map("\n".join)


def parse_text(text: str):
    data = text.encode("utf-8")
    try:
        decode(data, "p.txt")
    except InputError:
        return None, data  # empty or unusable input is refused with a message, not a crash
    return parse_page(data, "p.txt"), data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_text)
def test_arbitrary_text_never_raises_and_is_conserved(text):
    page, data = parse_text(text)
    if page is None:
        return
    share, missing = conserved_share(page, data.decode("utf-8"))
    assert missing == [], missing
    assert rescued(page) == []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SEED_LINES), min_size=1, max_size=60), st.booleans())
def test_mixtures_of_seed_lines_are_conserved(lines, blank_between):
    text = ("\n\n" if blank_between else "\n").join(lines)
    page, data = parse_text(text)
    assert page is not None
    share, missing = conserved_share(page, text)
    assert missing == [], missing
    assert rescued(page) == []
    assert all(a.title for a in page.articles)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_at_all(text):
    parse_text(text)  # control characters, surrogates-free unicode, very long lines: no exception
