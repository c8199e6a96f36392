"""Word-level comparison of two versions' rendered prose."""

import functools
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from policysite.data import load_roles
from policysite.history.diff import (STRONG_SIMILARITY, WEAK_SIMILARITY, WORD, Segment, blocks, compare, similarity,
                                     word_weights, words)
from policysite.history.git import open_repository
from policysite.history.record import load_history
from policysite.history.render import version_html
from policysite.rendered import markdown_settings

REPO = Path(__file__).resolve().parent.parent


def test_blocks_are_prose_without_markup_or_permalinks():
    html = ('<h2 id="a">Steg<a class="headerlink" href="#a">¶</a></h2>'
            '<ul><li>Ett <strong>viktigt</strong> steg<ul><li>Inre steg</li></ul></li></ul>'
            '<table><tr><th>Roll</th><th>Ansvar</th></tr><tr><td>Chef</td><td>Allt</td></tr></table>')
    assert [(b.kind, b.text) for b in blocks(html)] == [
        ("h2", "Steg"), ("li", "Ett viktigt steg"), ("li", "Inre steg"),
        ("tr", "Roll · Ansvar"), ("tr", "Chef · Allt")]


def test_words_marks_only_what_changed():
    assert words("Receptionen skriver ut en bricka.", "Receptionen skriver ut en bricka med foto.") == (
        Segment("equal", "Receptionen skriver ut en bricka"), Segment("insert", " med foto"), Segment("equal", "."))
    assert words("Brickan lämnas vid utgången.", "Värden hämtar besökaren.") == (
        Segment("delete", "Brickan lämnas vid utgången"), Segment("insert", "Värden hämtar besökaren"),
        Segment("equal", "."))


def test_compare_pairs_edited_paragraphs_and_keeps_added_and_removed_apart():
    old = "<h1>Rutin</h1><p>Besökare registreras i receptionen.</p><p>Brickan lämnas tillbaka vid utgången.</p>"
    new = ("<h1>Rutin</h1><p>Besökare registreras digitalt i receptionen.</p>"
           "<h2>Ansvar</h2><p>Värden ansvarar för besökaren.</p>")
    result = compare(old, new)
    assert [(b.kind, b.change) for b in result.blocks] == [
        ("h1", "equal"), ("p", "changed"), ("p", "deleted"), ("h2", "inserted"), ("p", "inserted")]
    assert result.blocks[1].segments == (Segment("equal", "Besökare registreras "), Segment("insert", "digitalt "),
                                         Segment("equal", "i receptionen."))
    assert (result.count("changed"), result.count("inserted"), result.count("deleted"), result.count("equal")) == (1, 2, 1, 1)
    assert not result.identical


def test_identical_texts_compare_as_identical():
    html = "<p>Samma text.</p><ul><li>Samma punkt</li></ul>"
    assert compare(html, html).identical


# --- Pairing deleted and inserted blocks by similarity (moved and reworded blocks) ---------------------------------

GOALS_OLD = ("<h2>Omfattning</h2><p>Policyn gäller hela landstinget.</p><h2>Mål</h2><ol>"
             "<li>Korrekt information ska komma fram till rätt mottagare i rätt tid.</li>"
             "<li>Landstinget Blekinge ska vara robust och väl förberett på att möta oväntade händelser eller "
             "störningar.</li></ol>")
GOALS_NEW = ("<h2>Mål</h2><ol><li>Korrekt information ska nå rätt mottagare i rätt tid.</li>"
             "<li>Region Blekinge ska vara robust och väl rustad för att hantera kriser och extraordinära "
             "händelser.</li></ol><h2>Omfattning</h2><p>Policyn gäller hela landstinget.</p>")


def test_moved_and_reworded_blocks_are_shown_once_at_their_new_place():
    result = compare(GOALS_OLD, GOALS_NEW)
    assert [(b.kind, b.change, b.moved, b.moved_from, b.label) for b in result.blocks] == [
        ("h2", "moved", True, None, "moved"),
        ("li", "changed", True, "Mål", "moved_changed"),
        ("li", "changed", True, "Mål", "moved_changed"),
        ("h2", "equal", False, None, None),
        ("p", "equal", False, None, None)]
    assert result.blocks[1].segments == (
        Segment("equal", "Korrekt information ska "), Segment("delete", "komma fram till"), Segment("insert", "nå"),
        Segment("equal", " rätt mottagare i rätt tid."))
    # The second goal shares fewer words (0.49): it pairs because its neighbour, the first goal, is a pair too.
    assert result.blocks[2].segments[-3:] == (
        Segment("equal", " händelser"), Segment("delete", " eller störningar"), Segment("equal", "."))
    assert (result.count("moved"), result.count("changed"), result.changed_and_moved, result.count("inserted"),
            result.count("deleted"), result.count("equal")) == (1, 2, 2, 0, 0, 2)


def test_a_weakly_similar_block_elsewhere_with_no_neighbour_in_common_stays_deleted_and_inserted():
    old = ("<h2>Omfattning</h2><p>Policyn gäller hela landstinget.</p><h2>Mål</h2>"
           "<p>Landstinget Blekinge ska vara robust och väl förberett på att möta oväntade händelser eller "
           "störningar.</p>")
    new = ("<p>Region Blekinge ska vara robust och väl rustad för att hantera kriser och extraordinära händelser.</p>"
           "<h2>Omfattning</h2><p>Policyn gäller hela landstinget.</p><h2>Mål</h2>")
    assert [(b.kind, b.change) for b in compare(old, new).blocks] == [
        ("p", "inserted"), ("h2", "equal"), ("p", "equal"), ("h2", "equal"), ("p", "deleted")]


def test_of_two_edited_paragraphs_that_swapped_places_one_stays_and_the_other_moved():
    old = ("<h1>Rutin</h1><p>Besökare registreras i receptionen av värden.</p>"
           "<p>Brickan lämnas tillbaka vid utgången till receptionen.</p><h2>Ansvar</h2>")
    new = ("<h1>Rutin</h1><p>Brickan lämnas alltid tillbaka vid utgången till receptionen.</p>"
           "<p>Besökare registreras digitalt i receptionen av värden.</p><h2>Ansvar</h2>")
    assert [(b.change, b.moved, b.moved_from) for b in compare(old, new).blocks] == [
        ("equal", False, None), ("changed", False, None), ("changed", True, "Rutin"), ("equal", False, None)]


def test_only_blocks_of_one_kind_pair():
    old = "<h1>Rutin</h1><p>Besökare registreras i receptionen.</p>"
    new = "<h1>Rutin</h1><ul><li>Besökare registreras digitalt i receptionen.</li></ul>"
    assert [(b.kind, b.change) for b in compare(old, new).blocks] == [
        ("h1", "equal"), ("p", "deleted"), ("li", "inserted")]


def test_each_block_pairs_at_most_once_and_the_most_similar_pair_wins():
    old = "<p>Besökare registreras i receptionen.</p>"
    new = ("<p>Besökare registreras i receptionen av värden som tar emot dem.</p>"
           "<p>Besökare registreras digitalt i receptionen.</p>")
    assert [(b.change, "".join(s.text for s in b.segments if s.change != "delete")) for b in compare(old, new).blocks] \
        == [("inserted", "Besökare registreras i receptionen av värden som tar emot dem."),
            ("changed", "Besökare registreras digitalt i receptionen.")]


def test_runs_group_unchanged_blocks_for_the_only_the_changes_view():
    result = compare(GOALS_OLD, GOALS_NEW)
    assert [(run.unchanged, len(run.blocks)) for run in result.runs()] == [(False, 3), (True, 2)]


def test_a_space_only_one_version_has_goes_with_its_words():
    """The equal and deleted segments spell the old text, the equal and inserted ones the new text."""
    assert words("Händelser eller störningar.", "Händelser.") == (
        Segment("equal", "Händelser"), Segment("delete", " eller störningar"), Segment("equal", "."))
    assert words("Händelser.", "Händelser eller störningar.") == (
        Segment("equal", "Händelser"), Segment("insert", " eller störningar"), Segment("equal", "."))
    assert words("Trygga, säkra.", "Trygga i regionen.") == (
        Segment("equal", "Trygga"), Segment("delete", ", säkra"), Segment("insert", " i regionen"),
        Segment("equal", "."))


# --- The real comparison: SAK-POL-001 1.0 (the county council's policy) -> 2.0 (November 2018), from Git ------------

@functools.cache
def version_html_of(version: str, language: str) -> str:
    """The project's own SAK-POL-001 text of an approved version, rendered as the site renders it."""
    roles = load_roles(REPO / "data" / "roles.yml")
    versions = load_history(open_repository(REPO), "docs", frozenset(roles)).of("SAK-POL-001")
    approved = next(v for v in versions if v.version == version)
    return version_html(approved, language, markdown_settings(REPO / "mkdocs.yml"))


@pytest.fixture(scope="module")
def policy_comparisons() -> dict:
    return {language: compare(version_html_of("1.0", language), version_html_of("2.0", language))
            for language in ("sv", "en")}


GOALS_2018 = {
    "sv": ["I regionens lokaler och verksamheter ska patienter, besökare, resande, studerande, medarbetare och "
           "förtroendevalda vara trygga.",
           "Korrekt information ska nå rätt mottagare i rätt tid. Informationen ska vara skyddad mot obehörig "
           "åtkomst och mot förstörelse.",
           "Region Blekinge ska vara robust och väl rustad för att hantera kriser och extraordinära händelser – "
           "i fredstid och även vid höjd beredskap och krig.",
           "Region Blekinge och regionens verksamheter ska ha ett adekvat säkerhetsskydd och arbeta effektivt mot "
           "oegentligheter och otillåten påverkan.",
           "Region Blekinge ska verka för att alla regionens verksamheter har en god säkerhetskultur och en "
           "gemensam säkerhetsprocess."],
    "en": ["Patients, visitors, travellers, students, employees and elected representatives shall be safe in the "
           "region's premises and operations.",
           "Correct information shall reach the right recipient at the right time. The information shall be "
           "protected against unauthorised access and against destruction.",
           "Region Blekinge shall be resilient and well prepared to handle crises and extraordinary events, both "
           "in peacetime and during heightened alert and war.",
           "Region Blekinge and its operations shall maintain adequate protective security and work effectively "
           "against irregularities and unlawful influence.",
           "Region Blekinge shall work to ensure that all the region's operations have a good security culture "
           "and a common security process."],
}


GOALS_1_0 = {
    "sv": ["I landstingets lokaler och verksamheter ska patienter, besökare, studerande, medarbetare och "
           "förtroendevalda vara trygga.",
           "Korrekt information ska komma fram till rätt mottagare i rätt tid. Den ska vara skyddad mot obehörig "
           "åtkomst och mot förstörelse.",
           "Landstinget Blekinge ska vara robust och väl förberett på att möta oväntade händelser eller störningar.",
           "Landstinget Blekinge och dess verksamheter ska arbeta effektivt mot oegentligheter och otillåten "
           "påverkan.",
           "En god säkerhetskultur och en gemensam säkerhetsprocess i landstingets verksamheter ska underlätta "
           "samarbetet om säkerhet över organisatoriska gränser."],
    "en": ["In the county council's premises and operations, patients, visitors, students, employees and elected "
           "representatives shall be safe.",
           "Correct information shall reach the right recipient at the right time. It shall be protected against "
           "unauthorised access and against destruction.",
           "Blekinge County Council shall be resilient and well prepared to meet unexpected events or disruptions.",
           "Blekinge County Council and its operations shall work effectively against irregularities and unlawful "
           "influence.",
           "A good security culture and a common security process in the county council's operations shall make it "
           "easier to cooperate on security across organisational boundaries."],
}


def was(block) -> str:
    """The old text of a block: its unchanged and removed words."""
    return "".join(s.text for s in block.segments if s.change != "insert")


def shown(block) -> str:
    """The new text of a block: its unchanged and inserted words."""
    return "".join(s.text for s in block.segments if s.change != "delete")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_five_goals_of_1_0_pair_with_the_reworded_goals_of_2_0(policy_comparisons, language):
    result = policy_comparisons[language]
    goals = [block for block in result.blocks if shown(block) in GOALS_2018[language]]
    assert [shown(block) for block in goals] == GOALS_2018[language]
    assert [(block.change, block.moved, block.label) for block in goals] == [("changed", True, "moved_changed")] * 5
    assert {block.moved_from for block in goals} == {"Mål" if language == "sv" else "Goals"}
    # Each 2018 goal is paired with the 1.0 goal it rewords: its unchanged and removed words are that goal.
    assert [was(block) for block in goals] == GOALS_1_0[language]


def test_the_second_goal_shows_its_word_level_differences(policy_comparisons):
    goal = next(b for b in policy_comparisons["sv"].blocks if shown(b) == GOALS_2018["sv"][1])
    assert goal.segments == (
        Segment("equal", "Korrekt information ska "), Segment("delete", "komma fram till"), Segment("insert", "nå"),
        Segment("equal", " rätt mottagare i rätt tid. "), Segment("delete", "Den"), Segment("insert", "Informationen"),
        Segment("equal", " ska vara skyddad mot obehörig åtkomst och mot förstörelse."))


def test_an_unrelated_paragraph_that_shares_only_the_documents_everyday_words_is_not_paired(policy_comparisons):
    """Plain word similarity is 0.55 here; weighted by rarity it is 0.44, under the threshold for a moved pair."""
    blocks_ = {shown(b) or b.segments[0].text: b.change for b in policy_comparisons["en"].blocks}
    assert blocks_["This policy describes how Blekinge County Council works with security and crisis preparedness."] \
        == "deleted"
    assert blocks_["The Regional Council adopted this policy in November 2018. It replaced Blekinge County "
                   "Council's security and crisis-preparedness policy."] == "inserted"


@pytest.mark.parametrize("language, counts", [("sv", (11, 7, 0, 20, 39, 2)), ("en", (12, 7, 0, 19, 38, 2))])
def test_the_counts_of_the_real_comparison(policy_comparisons, language, counts):
    result = policy_comparisons[language]
    assert (result.count("changed"), result.changed_and_moved, result.count("moved"), result.count("inserted"),
            result.count("deleted"), result.count("equal")) == counts


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_changed_block_spells_its_old_and_its_new_text_exactly(policy_comparisons, language):
    old = {block.text for block in blocks(version_html_of("1.0", language))}
    new = {block.text for block in blocks(version_html_of("2.0", language))}
    changed = [block for block in policy_comparisons[language].blocks if block.change == "changed"]
    assert changed and all(was(block) in old and shown(block) in new for block in changed)


def test_the_thresholds_as_measured_on_the_real_texts():
    """The numbers diff.py gives for its thresholds: the goals pair (the weakest two only next to another
    pair), the unrelated paragraph does not, though plain word similarity would rank it above three goals."""
    measured = {}
    for language in ("sv", "en"):
        old, new = blocks(version_html_of("1.0", language)), blocks(version_html_of("2.0", language))
        weights = word_weights(old + new)
        measured[language] = [round(similarity(a, b, weights), 2)
                              for a, b in zip(GOALS_1_0[language], GOALS_2018[language])]
    assert measured == {"sv": [0.88, 0.83, 0.37, 0.68, 0.40], "en": [0.61, 0.94, 0.44, 0.76, 0.38]}
    assert all(WEAK_SIMILARITY <= score for scores in measured.values() for score in scores)
    unrelated = ("This policy describes how Blekinge County Council works with security and crisis preparedness.",
                 "The Regional Council adopted this policy in November 2018. It replaced Blekinge County Council's "
                 "security and crisis-preparedness policy.")
    old, new = blocks(version_html_of("1.0", "en")), blocks(version_html_of("2.0", "en"))
    assert round(similarity(*unrelated, word_weights(old + new)), 2) == 0.44 < STRONG_SIMILARITY
    plain = SequenceMatcher(None, *(WORD.findall(text.lower()) for text in unrelated), autojunk=False).ratio()
    assert round(plain, 2) == 0.55
