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
