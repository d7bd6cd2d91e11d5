"""Topics from the taxonomy in site.yaml, with reasons; keywords from jieba."""

from __future__ import annotations

import re

from enrich_helpers import article_with, enriched_seeds, make_article, site_config

from newsarchive.config import Topic
from newsarchive.enrich.keywords import extract_keywords, stop_words
from newsarchive.enrich.text import tokenizer
from newsarchive.enrich.topics import assign_topics, score_topics

FINANCE = make_article(
    "保障金融权益 助力美好生活",
    "国家金融监督管理总局株洲监管分局联合中国人民银行株洲市分行开展金融教育宣传周活动。",
    "活动帮助金融消费者远离非法中介及电信诈骗，银行保险机构开展反诈宣传，普及金融知识。",
    "银行网点打造成为金融知识宣传站，保险行业加强反诈诚信宣传。",
)


# --- the taxonomy --------------------------------------------------------------


def test_taxonomy_in_site_yaml():
    topics = site_config().topics
    assert 12 <= len(topics) <= 20
    assert len({t.name for t in topics}) == len(topics)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", t.slug) for t in topics)
    assert all(len(t.terms) >= 5 for t in topics)
    names = {t.name for t in topics}
    for expected in ("科技创新", "金融服务", "教育", "生态环保", "农业农村与乡村振兴", "党建与清廉", "卫生健康与医保"):
        assert expected in names


# --- scoring and reasons ---------------------------------------------------------


def test_assignment_is_scored_and_explained():
    topics, reasons = assign_topics(FINANCE, site_config().topics)
    assert topics[0] == "金融服务"
    assert 1 <= len(topics) <= 3
    assert set(reasons) == set(topics)
    # 金融 counts where no longer term covers it: 3 times, beside 金融知识×2 and 金融消费者×1.
    assert {"金融×3", "金融知识×2", "金融消费者×1"} <= set(reasons["金融服务"])
    assert any(r.startswith("反诈×") for r in reasons["金融服务"])


def test_headline_terms_weigh_more():
    topics = (Topic("甲", "a", ("旅游",)), Topic("乙", "b", ("医保",)))
    in_title = make_article("旅游旺季", "医保政策宣讲。")
    scores = {s.topic.name: s.score for s in score_topics(in_title, topics)}
    assert scores["甲"] > scores["乙"]
    assert assign_topics(in_title, topics)[0][0] == "甲"


def test_the_longest_term_wins():
    article = make_article("廉洁文化进社区", "廉洁文化示范点接待老干部。廉洁文化长廊。")
    topics, reasons = assign_topics(article, site_config().topics)
    assert topics[0] == "党建与清廉"
    assert "廉洁文化×3" in reasons["党建与清廉"]
    assert "文化旅游" not in topics  # 文化 inside 廉洁文化 does not count


def test_a_second_topic_needs_weight_and_two_terms():
    article = make_article("碳达峰碳中和", "发展光伏、风电等新能源，推进碳达峰碳中和，建设森林碳汇。", "绿色贷款支持生态修复。")
    topics, _ = assign_topics(article, site_config().topics)
    assert topics[:2] == ["生态环保", "新能源与新材料"]
    lone = make_article("医保惠民", "医保政策宣讲员向群众讲解医保报销。住院费用报销。", "活动现场有游客。")
    assert assign_topics(lone, site_config().topics)[0] == ["卫生健康与医保"]


def test_no_term_still_gets_the_nearest_topic():
    article = make_article("乡下学堂", "课外辅导让教学更有趣。")  # no term, but 教学 shares pieces with 教育 terms
    topics, reasons = assign_topics(article, (Topic("教", "edu", ("教学质量", "学校")), Topic("农", "farm", ("农田",))))
    assert topics == ["教"]
    assert reasons["教"] and all(r.startswith("≈") for r in reasons["教"])
    assert assign_topics(make_article(""), site_config().topics) == ([], {})


# --- on the seeds ------------------------------------------------------------------


def test_every_seed_article_has_one_to_three_known_topics():
    names = {t.name for t in site_config().topics}
    for page in enriched_seeds().values():
        for article in page.articles:
            assert 1 <= len(article.topics) <= 3, article.title
            assert set(article.topics) <= names
            assert set(article.topic_reasons) == set(article.topics)


def test_seed_topics():
    pages = enriched_seeds()
    assert article_with(pages["000"], "9月16日上午，国家金融监督管理总局").topics[0] == "金融服务"
    assert article_with(pages["000"], "隆回县鸭田九年义务制学校张艳笑老师").topics == ["教育"]
    assert article_with(pages["000"], "委星区把“严”的要求贯彻到监督的前沿").topics[0] == "党建与清廉"
    assert article_with(pages["002"], "春节假期刚过，湘州市住建局迅速进入").topics[0] == "交通与基础设施"
    assert article_with(pages["003"], "宁远县把碳达峰碳中和纳入全").topics[0] == "生态环保"
    assert article_with(pages["003"], "江华瑶族自治县大圩镇医保政策宣讲会上").topics[0] == "卫生健康与医保"
    assert article_with(pages["004"], "2020年9月，习近平总书记在湖南考察").topics[0] == "开放与招商"


# --- keywords --------------------------------------------------------------------


def test_keywords_from_jieba():
    keywords = extract_keywords(FINANCE)
    assert 5 <= len(keywords) <= 8
    assert "金融" in keywords[:3]
    assert keywords == extract_keywords(FINANCE)


def test_keywords_leave_out_empty_newspaper_words_and_numbers():
    article = make_article(
        "郴州小黄姜",
        "记者今年从郴州市获悉，全市持续推动小黄姜产业发展，小黄姜年产值突破20亿元。",
        "目前，郴州小黄姜种植基地开展脱毒育苗，小黄姜冷链物流、小黄姜精深加工齐头并进。",
    )
    keywords = extract_keywords(article)
    assert {"记者", "今年", "全市", "持续", "推动", "目前", "开展", "发展"}.isdisjoint(keywords)
    assert {"记者", "今年", "全市"} <= stop_words()
    assert not any(ch.isdigit() for word in keywords for ch in word)
    assert "黄姜" in keywords or "小黄姜" in keywords
    assert not ({"郴州", "郴州市"} <= set(keywords))  # one name, one keyword


def test_seed_keywords():
    for page in enriched_seeds().values():
        for article in page.articles:
            if len(article.text) > 300:
                assert 5 <= len(article.keywords) <= 8, article.title
            assert len(set(article.keywords)) == len(article.keywords)
    assert "打火机" in article_with(enriched_seeds()["003"], "中国产业地理盛典").keywords


def test_jieba_is_loaded_once():
    assert tokenizer() is tokenizer()
