import pytest

from policysite.search_assets import WORKERS, write_search_worker
from policysite.search_help import search_help_view
from policysite.search_index import split_index


def test_split_index_separates_languages_and_rebases_locations():
    mixed = {
        "config": {"lang": ["sv", "en"], "pipeline": ["stemmer"]},
        "docs": [
            {"location": "", "title": "Start", "text": "säkerhet"},
            {"location": "sakerhetspolicy/#mal", "title": "Mål", "text": "mål"},
            {"location": "en/", "title": "Home", "text": "security"},
            {"location": "en/sakerhetspolicy/#mal", "title": "Goals", "text": "goals"},
            {"location": "engelska/", "title": "Ord", "text": "not an English page"},
        ],
    }
    result = split_index(mixed, "sv", ("en",))
    assert result["sv"]["config"] == {"lang": ["sv"], "pipeline": ["stemmer"]}
    assert result["en"]["config"]["pipeline"] == []
    assert [d["location"] for d in result["sv"]["docs"]] == ["", "sakerhetspolicy/#mal", "engelska/"]
    assert result["en"]["config"]["lang"] == ["en"]
    assert [d["location"] for d in result["en"]["docs"]] == ["", "sakerhetspolicy/#mal"]
    assert mixed["docs"][2]["location"] == "en/"  # input left unchanged


def test_no_results_links_are_relative_to_the_page_and_from_the_site_path_on_a_page_without_one():
    view = search_help_view("en", "en/principer/ansvarsprincipen/", "https://www.regionblekinge.se/sakerhet/")
    assert view == {
        "contact_url": "../../kontakt/",
        "home_url": "../../",
        "audiences": [{"audience": "employees", "url": "../../malgrupper/medarbetare/"},
                      {"audience": "contractors", "url": "../../malgrupper/leverantorer/"},
                      {"audience": "governance", "url": "../../malgrupper/styrning/"}],
    }
    assert search_help_view("sv", "", "https://www.regionblekinge.se/sakerhet/")["home_url"] == "./"
    not_found = search_help_view("sv", None, "https://www.regionblekinge.se/sakerhet/")
    assert (not_found["contact_url"], not_found["home_url"]) == ("/sakerhet/kontakt/", "/sakerhet/")
    assert search_help_view("en", None, "")["audiences"][0]["url"] == "/en/malgrupper/medarbetare/"


def test_the_query_rules_follow_the_theme_worker(tmp_path):
    theme, overrides, site = tmp_path / "theme", tmp_path / "overrides", tmp_path / "site"
    (theme / WORKERS).mkdir(parents=True)
    (theme / WORKERS / "search.0123abcd.min.js").write_text("worker();\n//# sourceMappingURL=x.map\n", encoding="utf-8")
    (overrides / "search").mkdir(parents=True)
    (overrides / "search" / "query-rules.js").write_text("rules();\n", encoding="utf-8")
    (site / WORKERS).mkdir(parents=True)
    (site / WORKERS / "search.0123abcd.min.js").write_text("copied by MkDocs", encoding="utf-8")
    for _ in range(2):  # a rebuild into the same folder starts from the theme's file again
        write_search_worker(site, [str(overrides), str(theme)])
    assert (site / WORKERS / "search.0123abcd.min.js").read_text(encoding="utf-8") == (
        "worker();\n//# sourceMappingURL=x.map\nrules();\n")


def test_a_theme_without_one_search_worker_is_named(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "query-rules.js").write_text("rules();\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError) as missing:
        write_search_worker(tmp_path / "site", [str(tmp_path)])
    assert str(missing.value) == ("no theme folder has assets/javascripts/workers/search.*.min.js; "
                                  "revisit overrides/search/query-rules.js")
    (tmp_path / WORKERS).mkdir(parents=True)
    for name in ("search.1.min.js", "search.2.min.js"):
        (tmp_path / WORKERS / name).write_text("", encoding="utf-8")
    with pytest.raises(FileNotFoundError) as several:
        write_search_worker(tmp_path / "site", [str(tmp_path)])
    assert str(several.value) == (f"{tmp_path / WORKERS} has 2 search workers, expected one; "
                                  "revisit overrides/search/query-rules.js")
