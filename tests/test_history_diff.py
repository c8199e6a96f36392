"""Word-level comparison of two versions' rendered prose."""

from policysite.history.diff import Segment, blocks, compare, words


def test_blocks_are_prose_without_markup_or_permalinks():
    html = ('<h2 id="a">Steg<a class="headerlink" href="#a">¶</a></h2>'
            '<ul><li>Ett <strong>viktigt</strong> steg<ul><li>Inre steg</li></ul></li></ul>'
            '<table><tr><th>Roll</th><th>Ansvar</th></tr><tr><td>Chef</td><td>Allt</td></tr></table>')
    assert [(b.kind, b.text) for b in blocks(html)] == [
        ("h2", "Steg"), ("li", "Ett viktigt steg"), ("li", "Inre steg"),
        ("tr", "Roll · Ansvar"), ("tr", "Chef · Allt")]


def test_words_marks_only_what_changed():
    assert words("Receptionen skriver ut en bricka.", "Receptionen skriver ut en bricka med foto.") == (
        Segment("equal", "Receptionen skriver ut en bricka "), Segment("insert", "med foto"), Segment("equal", "."))
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
    assert result.blocks[1].segments == (Segment("equal", "Besökare registreras "), Segment("insert", "digitalt"),
                                         Segment("equal", " i receptionen."))
    assert (result.count("changed"), result.count("inserted"), result.count("deleted"), result.count("equal")) == (1, 2, 1, 1)
    assert not result.identical


def test_identical_texts_compare_as_identical():
    html = "<p>Samma text.</p><ul><li>Samma punkt</li></ul>"
    assert compare(html, html).identical
