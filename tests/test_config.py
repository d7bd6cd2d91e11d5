import pytest

from newsarchive.config import SETTINGS, load_config, parse_config
from newsarchive.errors import ConfigError

from conftest import ROOT


def test_project_site_yaml_is_valid():
    config = load_config(ROOT / "site.yaml")
    assert config.title
    assert config.region.adcode == "430000"
    assert 12 <= len(config.topics) <= 20


def test_unknown_key_names_the_key_line_and_a_suggestion():
    with pytest.raises(ConfigError) as err:
        parse_config("title: x\n\ntitel: y\n")
    assert str(err.value).startswith("site.yaml:3: titel: unknown key (did you mean 'title'?)")


@pytest.mark.parametrize(
    "text, message",
    [
        ("page_size: many", "site.yaml:1: page_size: expected a whole number, got str"),
        ("page_size: 0", "site.yaml:1: page_size: must be at least 1"),
        ("region: {name: 湖南, adcode: '43'}", "site.yaml:1: region: adcode must be a 6-digit province code"),
        ("nav: [{title: 首页}]", "site.yaml:1: nav: item 1 must be a mapping with exactly 'title' and 'url'"),
        ("topics: [{name: 科技, slug: 科技, terms: [研发]}]", "site.yaml:1: topics: topic '科技': slug must be ASCII"),
        ("title: [unclosed", "site.yaml:1: invalid YAML"),
        ("- a\n- b\n", "site.yaml: the config must be a mapping"),
    ],
)
def test_invalid_values_are_reported_with_key_and_reason(text, message):
    with pytest.raises(ConfigError) as err:
        parse_config(text)
    assert str(err.value).startswith(message)


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in readme]
    assert missing == []
