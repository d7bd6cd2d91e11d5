"""Topics: score an article against the taxonomy in `site.yaml` and keep the best 1–3.

Each topic is a list of terms.  The text is scanned once for all terms, the
longest first at each place (医保基金 before 基金), and every hit counts the
weight of where it stands (headline 3, lead 2, body 1).  A topic's score is
the sum over its terms of the square root of that weight, so five different
terms say more than one term five times.  The best topic is always kept;
others when they reach 40% of its score with at least two different terms.
`topic_reasons` records the matched terms and counts behind each topic.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field

from ..config import Topic
from ..records import Article
from .text import weighted_fields

MAX_TOPICS = 3
# A further topic needs this share of the best topic's score ...
RELATIVE_SCORE = 0.4
# ... and this many different terms.
MIN_TERMS = 2


@dataclass
class TopicScore:
    topic: Topic
    score: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)  # term → hits
    weights: dict[str, float] = field(default_factory=dict)  # term → weighted hits

    def reasons(self) -> list[str]:
        ranked = sorted(self.counts.items(), key=lambda kv: (-self.weights[kv[0]], -kv[1], kv[0]))
        return [f"{term}×{count}" for term, count in ranked]


@functools.lru_cache(maxsize=8)
def _matcher(topics: tuple[Topic, ...]) -> tuple[re.Pattern | None, dict[str, tuple[int, ...]]]:
    owners: dict[str, list[int]] = {}
    for i, topic in enumerate(topics):
        for term in topic.terms:
            if term and i not in owners.setdefault(term, []):
                owners[term].append(i)
    if not owners:
        return None, {}
    pattern = re.compile("|".join(re.escape(t) for t in sorted(owners, key=lambda t: (-len(t), t))))
    return pattern, {t: tuple(ix) for t, ix in owners.items()}


def score_topics(article: Article, topics: tuple[Topic, ...]) -> list[TopicScore]:
    """Every topic with at least one hit, best first (taxonomy order on ties)."""
    pattern, owners = _matcher(topics)
    if pattern is None:
        return []
    scores: dict[int, TopicScore] = {}  # topic index → score, for the topics hit
    for _field, text, weight in weighted_fields(article):
        for m in pattern.finditer(text):
            term = m.group()
            for i in owners[term]:
                s = scores.get(i) or scores.setdefault(i, TopicScore(topics[i]))
                s.counts[term] = s.counts.get(term, 0) + 1
                s.weights[term] = s.weights.get(term, 0.0) + weight
    for s in scores.values():
        s.score = sum(math.sqrt(w) for w in s.weights.values())
    order = {t.name: i for i, t in enumerate(topics)}
    hit = [scores[i] for i in sorted(scores) if scores[i].score > 0]
    return sorted(hit, key=lambda s: (-round(s.score, 6), order[s.topic.name]))


def assign_topics(article: Article, topics: tuple[Topic, ...]) -> tuple[list[str], dict[str, list[str]]]:
    """The article's topics (1–3 when any term matches) and the matched terms behind each."""
    ranked = score_topics(article, topics)
    if not ranked:
        return _nearest_topic(article, topics)
    best = ranked[0].score
    chosen = [ranked[0]]
    for s in ranked[1:]:
        if len(chosen) == MAX_TOPICS:
            break
        if s.score >= RELATIVE_SCORE * best and len(s.counts) >= MIN_TERMS:
            chosen.append(s)
    return [s.topic.name for s in chosen], {s.topic.name: s.reasons() for s in chosen}


def _nearest_topic(article: Article, topics: tuple[Topic, ...]) -> tuple[list[str], dict[str, list[str]]]:
    """No term matched: the topic sharing most two-character pieces of its terms with the text."""
    text = "\n".join(t for _, t, _ in weighted_fields(article))
    if not text:
        return [], {}
    best: tuple[int, int, list[str]] | None = None
    for i, topic in enumerate(topics):
        pieces = sorted({term[j : j + 2] for term in topic.terms for j in range(len(term) - 1)})
        found = [p for p in pieces if p in text]
        if found and (best is None or len(found) > best[0]):
            best = (len(found), i, found)
    if best is None:
        return [], {}
    topic = topics[best[1]]
    return [topic.name], {topic.name: [f"≈{p}" for p in best[2]]}
