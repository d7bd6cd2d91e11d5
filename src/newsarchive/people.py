"""People in bylines, attributions and photo credits.

A byline is a run of role words (`湖南日报全媒体记者`, `通讯员`…) and personal
names.  Names are recognised by shape: two to four CJK characters starting
with a family name from `data/surnames.txt`, and not a common word.  Names a
PDF extraction padded with spaces (`夏 衍 刘 赛`, `宁 佩`) are put back
together: single characters pair up.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from .normalise import is_cjk

# Role words: kept in the printed byline, removed from the list of authors.
ROLE = re.compile(
    r"^[\u4e00-\u9fff·]{0,16}?"  # the paper or outlet: 湖南日报, 湖南日报·新湖南客户端, 本报
    r"(?:全媒体|融媒体|特约|见习|实习|首席)?"
    r"(?:记者|通讯员|实习生|摄影记者|摄影|编辑|撰稿|撰文|供稿)$"
)
# Marks some papers print before a byline: ■本报记者 …, ◎文/图 …
_BULLETS = "■□◆◇●○◎★☆▲△▶►·•"
# A dateline that carries the byline: 本报讯（记者 陈勇 通讯员 蔡畅）12月27日，…
DATELINE = re.compile(r"^\s*(?:本报讯|[\u4e00-\u9fff]{2,12}讯)\s*[（(]([^（）()]{2,40})[）)]")
# Words that may follow the names: what the named people did.
TRAILING_ROLE = {"整理", "报道", "摄", "供稿", "撰文", "文", "图", "文/", "图/", "文/图", "摄/", "编译", "执笔", "摄影"}
# Short words that look like names but are not.
_NOT_NAMES = {"前言", "引言", "结语", "编者按", "导语", "附件", "图表", "来源", "简讯", "综述"}

_PARENTHESISED_TAIL = re.compile(r"[（(]\s*([^（）()]{2,60}?)\s*[）)]\s*$")
_CREDIT_TAIL = re.compile(r"(?:^|[。！？”\s])((?:[\u4e00-\u9fff]{1,4}\s*){1,4}?)\s*摄\s*$")
# Credits of supplied or file photos: （郴州市委宣传部供图）, （资料图片）, （图片由…提供）, 新华社发
_SUPPLIED_TAIL = re.compile(
    r"[（(]\s*(?:[^（）()]{2,40}?供图|资料图片?|图片由[^（）()]{2,30}提供"
    r"|(?:[^（）()]{0,12}记者\s*)?[\u4e00-\u9fff]{2,4}\s*摄|新华社[^（）()]{0,12}发)\s*[）)]\s*$"
    r"|[\u4e00-\u9fff]{2,20}供图\s*$|新华社(?:记者\s*\S{2,4}\s*)?发\s*$"
)

_LIST_COMMA = re.compile(r"[、，,]")
_LIST_SPLIT = re.compile(r"[\s、，,]+")
_CREDIT_ENDS = ("）", ")", "图", "发", "摄")


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character, compound) family names."""
    text = resources.files("newsarchive").joinpath("data/surnames.txt").read_text(encoding="utf-8")
    words = [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, int]:
    from .segmenter import word_frequencies

    return word_frequencies()


def is_name(token: str, spaced: bool = False) -> bool:
    """Does `token` look like a Chinese personal name?

    `spaced`: the token was rebuilt from letter-spaced characters, which only
    names are, so a name that is also a dictionary word (夏衍) is accepted.
    """
    if token in _NOT_NAMES or not 2 <= len(token) <= 4 or not all(is_cjk(c) for c in token):
        return False
    single, compound = surnames()
    if token[:2] in compound:
        return len(token) in (3, 4)
    if token[0] not in single or len(token) == 4:
        return False
    # A common word (高质量, 文化) is not a name, though it starts with a surname.
    return spaced or _dictionary().get(token, 0) < 50


def merge_spaced_names(tokens: list[str]) -> list[tuple[str, bool]]:
    """Pair up single characters a PDF extraction spaced apart: 夏 衍 刘 赛 → 夏衍 刘赛.

    Returns (token, rebuilt-from-single-characters) pairs.
    """
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(tokens):
        if len(tokens[i]) == 1 and i + 1 < len(tokens) and len(tokens[i + 1]) == 1 and is_cjk(tokens[i]) and is_cjk(tokens[i + 1]):
            out.append((tokens[i] + tokens[i + 1], True))
            i += 2
        else:
            out.append((tokens[i], False))
            i += 1
    return out


def parse_credit(text: str) -> tuple[str, list[str]] | None:
    """If `text` is only role words and names, return (normalised byline, names).

    `湖南日报全媒体记者 陈勇 通讯员 蔡畅` → (same text, [陈勇, 蔡畅]).
    """
    text = text.strip()
    bullet = text[: len(text) - len(text.lstrip(_BULLETS))]  # kept in the printed byline
    text = text[len(bullet) :].replace("文/图", "文/图 ").replace("/", "/ ").replace("/ 图 ", "/图 ")
    listed = bool(_LIST_COMMA.search(text))
    if listed:
        # Names listed with commas are never letter-spaced: no pairing up.
        tokens = [(t, False) for t in _LIST_SPLIT.split(text) if t]
    else:
        tokens = merge_spaced_names(text.split())
    if not tokens or len(tokens) > 12:
        return None
    names: list[str] = []
    kept: list[str] = []
    for token, spaced in tokens:
        if ROLE.match(token) or token in TRAILING_ROLE:
            kept.append(token)
            continue
        role = _split_role_prefix(token)
        if role and is_name(token[len(role):]):
            names.append(token[len(role):])
            kept.extend([role, token[len(role):]])
        elif is_name(token, spaced):
            names.append(token)
            kept.append(token)
        else:
            return None
    if not names:
        return None
    printed = text if listed else " ".join(kept)
    return bullet + printed, names


def _split_role_prefix(token: str) -> str | None:
    """`记者陈勇` → `记者`: a role word glued to the name after it.  The longest role word
    that leaves two to four characters, the length of a name (`parse_credit` wants nothing else)."""
    for end in range(len(token) - 2, max(len(token) - 5, 1), -1):
        if ROLE.match(token[:end]):
            return token[:end]
    return None


def parse_attribution(inner: str) -> tuple[str, list[str]] | None:
    """Names in brackets closing an article.  There a name that is also a
    word (石林) is accepted when the others are clearly names."""
    credit = parse_credit(inner)
    if credit is not None:
        return credit
    tokens = merge_spaced_names(inner.split())
    if len(tokens) < 2 or not any(is_name(t, s) for t, s in tokens):
        return None
    if all(is_name(t, True) for t, _ in tokens):
        names = [t for t, _ in tokens]
        return " ".join(names), names
    return None


def split_attribution(text: str) -> tuple[str, str, list[str]] | None:
    """Split a trailing attribution off a paragraph: `…解决。（田翌 燕珊珊）`.

    Returns (text before, attribution as printed, names) or None.
    """
    match = _PARENTHESISED_TAIL.search(text)
    if not match:
        return None
    credit = parse_attribution(match.group(1))
    if credit is None:
        return None
    return text[: match.start()].rstrip(), match.group(0).strip(), credit[1]


def is_photo_credit(text: str) -> bool:
    """Does `text` end in a photo credit: `…现场。 黄春涛 唐海霞 摄`, `（…供图）`?"""
    if text.rstrip()[-1:] not in _CREDIT_ENDS:  # both patterns end on one of these (then spaces)
        return False
    if _SUPPLIED_TAIL.search(text):
        return True
    match = _CREDIT_TAIL.search(text)
    if not match:
        return False
    names = merge_spaced_names(match.group(1).split())
    return bool(names) and all(is_name(name, spaced) for name, spaced in names)


def dateline_credit(paragraph: str) -> tuple[str, list[str]] | None:
    """The byline inside a dateline opening the first paragraph, if any."""
    match = DATELINE.match(paragraph)
    return parse_credit(match.group(1)) if match else None


def authors_of(byline: str | None) -> list[str]:
    if not byline:
        return []
    inner = byline.strip().strip("（）()")
    credit = parse_attribution(inner)
    return credit[1] if credit else []
