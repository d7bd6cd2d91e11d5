"""Pelican site for the side-by-side benchmark (benchmarks/scale.py); content is written by ../export.py.

Cold builds run as `pelican content -o output -s pelicanconf.py`; rebuilds add
`-e CACHE_CONTENT=true LOAD_CONTENT_CACHE=true` (Pelican's own content cache).
"""

SITENAME = "湖南发展新闻档案"
SITEURL = ""
FEED_DOMAIN = "https://example.org"
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
THEME = "theme"
THEME_STATIC_DIR = "."
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
RELATIVE_URLS = True
SLUGIFY_USE_UNICODE = True
SLUGIFY_PRESERVE_CASE = True
DELETE_OUTPUT_DIRECTORY = False
CHECK_MODIFIED_METHOD = "mtime"
MARKDOWN = {"extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.meta": {}}, "output_format": "html5"}

ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
PAGE_URL = "pages/{slug}/"
PAGE_SAVE_AS = "pages/{slug}/index.html"
CATEGORY_URL = "cities/{slug}/"
CATEGORY_SAVE_AS = "cities/{slug}/index.html"
CATEGORIES_SAVE_AS = "cities/index.html"
TAG_URL = "topics/{slug}/"
TAG_SAVE_AS = "topics/{slug}/index.html"
TAGS_SAVE_AS = "topics/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_SAVE_AS = "dates/index.html"
YEAR_ARCHIVE_URL = "dates/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "dates/{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DRAFT_SAVE_AS = ""

DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"category": None, "tag": None, "author": None, "period_archives": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

FEED_ALL_ATOM = "feed.xml"
CATEGORY_FEED_ATOM = "cities/{slug}/feed.xml"
TAG_FEED_ATOM = "topics/{slug}/feed.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 50
