"""The facts of the source documents appear on the built site, in both languages."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, TEST_SITE_URL
from helpers import article_text, language_root, metadata
from policysite.corpus import load_corpus
from policysite.config import read_extra
from policysite.data import load_labels, load_roles
from policysite.present import format_date
from policysite.urls import ACCESSIBILITY_STATEMENT

# (page, Swedish phrases, English phrases): each must appear in the page's text.
FACTS = [
    ("principer", ["Ansvarsprincipen", "Närhetsprincipen", "Likhetsprincipen"],
     ["principle of responsibility", "principle of proximity", "principle of similarity"]),
    ("sakerhetspolicy", [
        "patienter, besökare, resande, studerande, medarbetare och förtroendevalda",
        "rätt mottagare i rätt tid", "obehörig åtkomst",
        "kriser och extraordinära händelser", "höjd beredskap och krig",
        "adekvat säkerhetsskydd", "oegentligheter och otillåten påverkan",
        "god säkerhetskultur och en gemensam säkerhetsprocess",
        "demokrati, rättvisa, integritet och förtroende",
        "entreprenörer, inhyrd personal, konsulter eller leverantörer",
        "regionfullmäktige", "november 2018",
    ], [
        "patients, visitors, travellers, students, employees and elected representatives",
        "right recipient at the right time", "unauthorised access",
        "crises and extraordinary events", "heightened alert and war",
        "adequate protective security", "irregularities and unlawful influence",
        "good security culture and a common security process",
        "democracy, justice, integrity and trust",
        "contractors, agency staff, consultants or suppliers",
        "Regional Council", "November 2018",
    ]),
    ("sakerhetsprocessen", [
        "Före en händelse", "Under en händelse", "Efter en händelse",
        "Risk- och sårbarhetsanalys", "Riskvärdering", "Riskreduktion och kontroll", "Planering och övning",
        "incidenthantering", "Avvikelserapportering", "krishanteringen",
        "Återgång till normal verksamhet", "Orsaksanalys", "Lärande", "Återkoppling",
    ], [
        "Before an event", "During an event", "After an event",
        "Risk and vulnerability analysis", "Risk evaluation", "Risk reduction and control", "Planning and exercises",
        "incident handling", "Deviation reporting", "crisis management",
        "Return to normal operations", "Root-cause analysis", "Learning", "Feedback",
    ]),
    ("ansvar-och-roller", [
        "Regionfullmäktige", "Regionstyrelsen", "Regionstyrelsens arbetsutskott", "Regiondirektör",
        "Säkerhetschef", "Förvaltningschef", "Närmaste chef", "Den som anlitar externa medarbetare",
        "Landstingsfullmäktige", "närmaste chef",
    ], [
        "Regional Council", "Regional Executive Board", "Regional Executive Board's Working Committee",
        "Regional Director", "Head of Security", "Head of Administration", "Immediate manager",
        "Whoever engages external staff", "County Council Assembly", "immediate manager",
    ]),
    ("riktlinje-sakerhet-och-krisberedskap", [
        "landstingsfullmäktige", "regionstyrelsens arbetsutskott", "säkerhets- och krisberedskapsbokslut",
        "årsredovisning", "Lokala styrande dokument ska bygga på det regionala regelverket",
    ], [
        "County Council Assembly", "Working Committee", "year-end report", "annual report",
        "Local governing documents shall be based on the regional framework",
    ]),
    ("sakerhetsfunktionen", ["Länsstyrelsen", "kommuner", "statliga myndigheter", "hotbilder", "säkerhetskultur"],
     ["county administrative board", "municipalities", "government agencies", "threat", "security culture"]),
]


def page_text(site, language, page):
    return article_text((language_root(site, language) / page / "index.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("page, swedish, english", FACTS, ids=[fact[0] for fact in FACTS])
def test_source_facts_appear_in_both_languages(site, page, swedish, english):
    for language, phrases in (("sv", swedish), ("en", english)):
        text = page_text(site, language, page).casefold()
        missing = [phrase for phrase in phrases if phrase.casefold() not in text]
        assert missing == [], f"{language}/{page} lacks {missing}"


def test_policy_lists_exactly_five_goals(site):
    for language in ("sv", "en"):
        html = (language_root(site, language) / "sakerhetspolicy" / "index.html").read_text(encoding="utf-8")
        goals = html.split('id="mal"')[1].split("<ol>")[1].split("</ol>")[0]
        assert goals.count("<li>") == 5


def test_no_person_from_the_sources_is_named(site):
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for name in ("Österström", "Oscar Larsson", "Osterstrom"):
            assert name not in text, path


# --- The document landscape (issue 13): what was decided, what is proposed, what builds on the 1.0 policy ----------

# Pages that describe the county council's policy (SAK-POL-001 v1.0), which the 2018 policy replaced.
BUILT_ON_1_0 = ("principer", "principer/ansvarsprincipen", "principer/narhetsprincipen", "principer/likhetsprincipen",
                "sakerhetsprocessen", "ansvar-och-roller")
BASED_ON_1_0 = {
    "sv": "Bygger på landstingets säkerhets- och krisberedskapspolicy (version 1.0), som regionens säkerhetspolicy "
          "ersatte i november 2018.",
    "en": "Based on the county council's security and crisis-preparedness policy (version 1.0), which the region's "
          "security policy replaced in November 2018.",
}


def page_html(site, language, page):
    return (language_root(site, language) / page / "index.html").read_text(encoding="utf-8")


def archived_1_0_links(site, language, page) -> list:
    """The links of a built page that lead to the archived PDF of the 1.0 policy, each checked to exist."""
    folder = language_root(site, language) / page
    pdf = (language_root(site, language) / "historik" / "sak-pol-001" / f"SAK-POL-001-v1.0-{language}.pdf").resolve()
    soup = BeautifulSoup(page_html(site, language, page), "html.parser")
    links = [a["href"] for a in soup.select("article a[href]") if (folder / a["href"]).resolve() == pdf]
    assert links == [] or pdf.is_file(), f"{pdf} is linked but was not built"
    return links


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("page", BUILT_ON_1_0)
def test_pages_built_on_the_1_0_policy_say_so_first_and_link_its_archived_pdf(site, page, language):
    article = BeautifulSoup(page_html(site, language, page), "html.parser").select_one("article")
    # The first thing after the metadata panel is the note, before the page's first section.
    first = next(el for el in article.find_all(["div", "h2"])
                 if "admonition" in el.get("class", []) or (el.name == "h2" and el.get("id") != "policy-meta-heading"))
    note = " ".join(first.get_text().split())
    assert BASED_ON_1_0[language] in note
    not_stated = {"sv": ("Säkerhetspolicyn från 2018 anger inte själv", "Säkerhetspolicyn från 2018 beskriver inte själv"),
                  "en": ("The 2018 security policy does not itself set out",
                         "The 2018 security policy does not itself describe")}[language]
    assert any(words in note for words in not_stated), note
    assert archived_1_0_links(site, language, page)


@pytest.mark.parametrize("language, banner, opening, contract", [
    ("sv", "Dokumentet är ett utkast och är inte fastställt. Det gäller inte ännu.",
     "Det här är ett förslag till riktlinje. Ingen har fastställt den, och den gäller inte.",
     "Landstingets policy gällde för avtalsparter bara om det stod i avtalet att de skulle följa landstingets "
     "regelverk. Säkerhetspolicyn från 2018 har inget sådant villkor, och förslaget för inte vidare det."),
    ("en", "This document is a draft and has not been approved. It does not apply yet.",
     "This is a proposed guideline. No one has approved it, and it does not apply.",
     "The county council's policy applied to contracting parties only where the contract stated that they were to "
     "follow the county council's framework. The 2018 security policy has no such condition, and the proposal does "
     "not carry it forward."),
])
def test_the_guideline_is_a_proposal_not_a_decision(site, language, banner, opening, contract):
    html = page_html(site, language, "riktlinje-sakerhet-och-krisberedskap")
    panel = metadata(html)
    assert panel["version"][1] == "0.1"
    assert panel["status"][1] == {"sv": "Utkast", "en": "Draft"}[language]
    assert not {"approved_by", "approved", "acknowledgement"} & set(panel)
    text = article_text(html)
    assert text.startswith({"sv": "Utkast ", "en": "Draft "}[language] + banner)
    assert opening in text
    assert archived_1_0_links(site, language, "riktlinje-sakerhet-och-krisberedskap")
    # The 1.0 contract condition is shown only as the replaced rule, never as one that applies.
    assert contract in text
    assert text.count({"sv": "avtalsparter", "en": "contracting parties"}[language]) == 1
    # Follow-up to the Regional Executive Board is proposed, never stated as a fact of the 2018 policy.
    for fact in ("Uppföljningen av policyn redovisas för regionstyrelsen", "Follow-up of the policy is reported to"):
        assert fact not in text


@pytest.mark.parametrize("language, replaced, proposal", [
    ("sv", "Regionfullmäktige fastställde policyn i november 2018. Den ersatte landstingets säkerhets- och "
           "krisberedskapspolicy (version 1.0), som landstingsfullmäktige hade fastställt.",
     "är ett förslag som skulle föra vidare innehållet i landstingets policy. Förslaget är inte fastställt."),
    ("en", "The Regional Council approved this policy in November 2018. It replaced the county council's security and "
           "crisis-preparedness policy (version 1.0), which the County Council Assembly had approved.",
     "is a proposal that would carry forward the content of the county council's policy. It has not been approved."),
])
def test_the_policy_page_says_what_it_replaced_and_where_the_rest_is(site, language, replaced, proposal):
    soup = BeautifulSoup(page_html(site, language, "sakerhetspolicy"), "html.parser")
    heading = soup.find(id="om-policyn")
    section = " ".join(" ".join(tag.get_text() for tag in heading.find_next_siblings(["p", "ul"])).split())
    assert replaced in section
    assert proposal in section
    assert archived_1_0_links(site, language, "sakerhetspolicy")
    links = {a["href"] for a in heading.find_next_siblings("ul")[0].select("a[href]")}
    assert links == {"../principer/", "../ansvar-och-roller/", "../sakerhetsprocessen/",
                     "../riktlinje-sakerhet-och-krisberedskap/"}
    goal = {"sv": "robust och ha god beredskap för att hantera kriser", "en": "resilient and well prepared to handle crises"}
    assert goal[language] in article_text(str(soup))


def test_the_policy_records_what_changed_in_2018_in_both_languages():
    corpus = load_corpus(REPO / "docs", frozenset(load_roles(REPO / "data" / "roles.yml")), REPO)[0]
    swedish, english = (corpus.get(language, "sakerhetspolicy.md") for language in ("sv", "en"))
    assert 8 <= len(swedish.changes) <= 14
    assert len(english.changes) == len(swedish.changes)
    assert all(item.endswith(".") and item.count(". ") == 0 for item in swedish.changes + english.changes), \
        "one sentence per change"
    for words in ("resande", "säkerhetsskydd", "demokrati, rättvisa, integritet och förtroende",
                  "Sveriges krishanteringsorganisation", "via avtal", "landstingsstyrelsen"):
        assert any(words in item for item in swedish.changes), words
    for words in ("travellers", "protective security", "democracy, justice, integrity and trust",
                  "Sweden's crisis management organisation", "through agreements", "County Council Executive Board"):
        assert any(words in item for item in english.changes), words
    for summary in (swedish.change_summary, english.change_summary):
        assert "riktlinjen" not in summary and "guideline" not in summary


# One term per concept (data/glossary.yml), each with its English choice.
TERMS = {
    "narmaste-chef": ("närmaste chef", "immediate manager"),
    "rapportera-brister": ("rapportera brister", "report deficiencies"),
    "regelverk": ("regelverk", "framework"),
    "faststalla": ("fastställa", "approve"),
    "sakerhetschef": ("säkerhetschef", "Head of Security"),
    "regiondirektor": ("regiondirektör", "Regional Director"),
    "forvaltningschef": ("förvaltningschef", "Head of Administration"),
    "hotbild": ("hotbild", "threat assessment"),
    "ha-god-beredskap": ("ha god beredskap", "be well prepared"),
    "externa-medarbetare": ("externa medarbetare", "external staff"),
    "entreprenor": ("entreprenör", "contractor"),
    "inhyrd-personal": ("inhyrd personal", "agency staff"),
    "konsult": ("konsult", "consultant"),
    "leverantor": ("leverantör", "supplier"),
}
# Words the site no longer uses for those concepts (and the authority's voice: no "the sources do not say").
RETIRED = {
    "sv": ("väl rustad", "Linjechef", "källorna anger inte", "underlagen anger inte", "Källorna anger inte"),
    "en": ("Security Chief", "nearest manager", "hired staff", "threat picture", "Line manager", "management group"),
}
LANDSCAPE_PAGES = ("sakerhetspolicy", "riktlinje-sakerhet-och-krisberedskap", *BUILT_ON_1_0, "begreppslista")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_glossary_records_one_term_per_concept_and_the_pages_use_it(site, language):
    soup = BeautifulSoup(page_html(site, language, "begreppslista"), "html.parser")
    rows = {row["id"].removeprefix("term-"): tuple(" ".join(cell.get_text(" ").split()) for cell in row.find_all(["th", "td"])[:2])
            for row in soup.select(".policy-glossary tbody tr")}
    own, other = (0, 1) if language == "sv" else (1, 0)
    assert {key: rows.get(key) for key in TERMS} == {key: (pair[own], pair[other]) for key, pair in TERMS.items()}
    for page in LANDSCAPE_PAGES:
        text = page_text(site, language, page)
        assert [word for word in RETIRED[language] if word in text] == [], page


# The accessibility statement (DOS-lagen): the sections DIGG asks for, each under an id shared by both languages.
STATEMENT_SECTIONS = ("status", "brister", "pdf", "jamforelser", "tema", "engelska", "bedomning", "aterkoppling",
                      "tillsyn", "uppdatering")
DIGG_REPORTING_FORM = "https://www.digg.se/tdosanmalan"


@pytest.mark.parametrize("language, title, status, labels", [
    ("sv", "Tillgänglighetsredogörelse", "delvis förenlig med lagen om tillgänglighet till digital offentlig service",
     ("Tillgängligheten bedömd", "Senast granskad")),
    ("en", "Accessibility statement", "partially compliant with the Act on accessibility to digital public services",
     ("Accessibility assessed", "Last reviewed")),
])
def test_accessibility_statement_in_both_languages(site, language, title, status, labels):
    page = ACCESSIBILITY_STATEMENT.removesuffix(".md")
    html = (language_root(site, language) / page / "index.html").read_text(encoding="utf-8")
    text = article_text(html)
    assert text.startswith(title)
    assert status in " ".join(text.replace("**", "").split())
    assert "Region Blekinge" in text
    missing = [section for section in STATEMENT_SECTIONS if f'id="{section}"' not in html]
    assert missing == []
    assert f'href="{DIGG_REPORTING_FORM}"' in html
    assert 'href="../kontakt/#sakerhetsfunktionen"' in html  # the feedback route (test_the_statements_feedback_route…)
    # The dates come from the Swedish front matter and show in the metadata panel, in the page's language.
    corpus = load_corpus(REPO / "docs", frozenset(load_roles(REPO / "data" / "roles.yml")), REPO)[0]
    statement = corpus.get(language, ACCESSIBILITY_STATEMENT)
    panel = metadata(html)
    assert panel["assessed"] == (labels[0], format_date(statement.assessed, language))
    assert panel["last_reviewed"] == (labels[1], format_date(statement.last_reviewed, language))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_page_links_the_statement_in_its_language_from_its_footer(site, language):
    from browsing import every_page
    statement = (language_root(site, language) / ACCESSIBILITY_STATEMENT.removesuffix(".md") / "index.html").resolve()
    pages = every_page(site, language)
    assert len(pages) >= 16
    wrong = []
    for path in pages:
        links = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select(".md-footer a.policy-footer__link")
        footer = [a for a in links if a.get_text(strip=True) == LABELS["footer"]["accessibility"][language]]
        href = footer[0]["href"] if len(footer) == 1 else None
        if href is None or href.startswith("/"):  # the 404 pages are served from any path: they link from the site's path
            site_path = urlsplit(TEST_SITE_URL).path
            target = site / (href or "/missing").removeprefix(site_path).lstrip("/") / "index.html"
        else:
            target = path.parent / href / "index.html"
        if target.resolve() != statement:
            wrong.append(f"{path.relative_to(site)}: {href}")
    assert wrong == []


# The roles table and diagram (data/roles.yml): only the relations the county council's policy states, each with
# its source; every other role "has no reporting line set". Lokal säkerhetsansvarig is Västra Götalandsregionen's.
ROLES = {
    "sv": {"relations": {
        "sakerhetschef": "Biträder: Regiondirektör (landstingets policy 1.0)",
        "medarbetare": "Rapporterar brister till: Närmaste chef (landstingets policy 1.0)",
    }, "none": "Ingen rapporteringsväg är fastställd", "lines": {("Säkerhetschef", "Regiondirektör"), ("Alla medarbetare", "Närmaste chef")},
        "director": "Regiondirektör (i landstingets policy: landstingsdirektör)",
        "sources": ["landstingets policy 1.0: Landstingets säkerhets- och krisberedskapspolicy (version 1.0), som regionens "
                    "säkerhetspolicy ersatte i november 2018.",
                    "säkerhetspolicyn 2018: Regionens säkerhetspolicy, fastställd av regionfullmäktige i november 2018 "
                    "(version 2.0)."],
        "caption": "Bygger på landstingets säkerhets- och krisberedskapspolicy (version 1.0) och regionens säkerhetspolicy "
                   "från 2018. Linjer visas bara där policyerna anger dem."},
    "en": {"relations": {
        "sakerhetschef": "Assists: Regional Director (county council policy 1.0)",
        "medarbetare": "Reports deficiencies to: Immediate manager (county council policy 1.0)",
    }, "none": "No reporting line has been set", "lines": {("Head of Security", "Regional Director"), ("Every employee", "Immediate manager")},
        "director": "Regional Director (in the county council's policy: County Council Director)",
        "sources": ["county council policy 1.0: The county council's security and crisis-preparedness policy (version 1.0), "
                    "which the region's security policy replaced in November 2018.",
                    "security policy 2018: The region's security policy, approved by the Regional Council in November "
                    "2018 (version 2.0)."],
        "caption": "Built from the county council's security and crisis-preparedness policy (version 1.0) and the region's "
                   "security policy of 2018. Lines are shown only where the policies state them."},
}
OTHER_REGIONS_ROLE = ("Lokal säkerhetsansvarig", "Lokala säkerhetsansvariga", "Local security officer", "lokal-sakerhetsansvarig")


def squashed(tag) -> str:
    """A tag's text as a reader sees it: one space between words, none inside brackets or before punctuation."""
    return re.sub(r"\s+([).,:])", r"\1", " ".join(tag.get_text(" ").split())).replace("( ", "(")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_roles_table_and_diagram_show_only_the_lines_the_policies_state(site, language):
    expected = ROLES[language]
    soup = BeautifulSoup((language_root(site, language) / "ansvar-och-roller" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    rows = {row["id"].removeprefix("roll-"): row for row in soup.select(".policy-roles tbody tr")}
    assert "lokal-sakerhetsansvarig" not in rows
    relations = {key: squashed(row.find_all("td")[1]) for key, row in rows.items()}
    assert {key: text for key, text in relations.items() if text != expected["none"]} == expected["relations"]
    assert {"regiondirektor", "forvaltningschef", "regionstyrelsen", "narmaste-chef", "den-som-anlitar"} <= {
        key for key, text in relations.items() if text == expected["none"]}
    assert squashed(rows["regiondirektor"].th) == expected["director"]
    assert rows["sakerhetschef"].find_all("td")[1].a["href"] == "#roll-regiondirektor"
    # Every responsibility names its source, linked to the policy page or, for the 1.0 policy, its change history.
    items = soup.select(".policy-roles tbody td:nth-of-type(1) li")
    assert items and all(item.select_one(".policy-roles__source a") for item in items)
    assert {a["href"] for a in soup.select(".policy-roles__source a")} == {"../sakerhetspolicy/#andringshistorik",
                                                                          "../sakerhetspolicy/"}
    assert [squashed(li) for li in soup.select(".policy-roles__sources li")] == expected["sources"]

    chart = soup.select_one("figure.policy-chart")
    drawn = set()
    for item in chart.select("li li"):
        child, parent = (li.select_one(".policy-chart__role").contents[0].strip() for li in (item, item.find_parent("li")))
        drawn.add((child, parent))
    assert drawn == expected["lines"]
    assert squashed(chart.figcaption).startswith(expected["caption"])


def test_no_page_names_the_other_regions_role(site):
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert [name for name in OTHER_REGIONS_ROLE if name in text] == [], path


# --- Reader routes (issue 13, item 7): what to do now, how to reach the security function, honest reader pages ---

LABELS = load_labels(REPO / "data" / "labels.yml")
ADVICE = {"sv": ("Praktiskt råd", "Råd:"), "en": ("Practical advice", "Advice:")}
EMERGENCY_NUMBER = re.compile(r"(?<![\w-])112(?![\w-])")
# A Swedish phone number as pages write it: 0455-12 34 56, 010-441 00 00, +46 455 12 34 56, (0455) 123456.
PHONE_NUMBER = re.compile(r"(?<![\w.:/-])(?:\+46[\s-]?|\(?0)\d{1,3}\)?[\s-]?\d{2,3}(?:[\s-]?\d{2}){1,3}(?![\w-])")
OTHER_REGIONS_PHONE = "010-441 00 00"  # Västra Götalandsregionen's switchboard (source 004), never this region's


def page_soup(site, language, page):
    return BeautifulSoup((language_root(site, language) / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def body_text(soup) -> str:
    """The article's text without the metadata panel, whitespace collapsed (glossary <abbr> split words apart)."""
    article = soup.find("article")
    for panel in article.select("aside.policy-meta"):
        panel.decompose()
    return " ".join("".join(article.strings).split())


def is_advice(node, language: str) -> bool:
    """Whether text is labelled as advice: in a tip titled 'Praktiskt råd', or a paragraph that starts 'Råd:'."""
    title, prefix = ADVICE[language]
    for parent in node.parents:
        if parent.name == "p" and " ".join(parent.get_text().split()).startswith(prefix):
            return True
        if parent.name == "div" and "admonition" in parent.get("class", []):
            heading = parent.select_one(".admonition-title")
            return "tip" in parent["class"] and heading is not None and heading.get_text(strip=True) == title
    return False


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_emergency_number_is_given_only_as_practical_advice(site, language):
    from browsing import every_page
    found = []
    for path in every_page(site, language):
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("article")
        for node in article.find_all(string=EMERGENCY_NUMBER) if article else []:
            found.append((path.relative_to(language_root(site, language)).as_posix(), is_advice(node, language)))
    assert ("kontakt/index.html", True) in found
    assert [page for page, advice in found if not advice] == []


def test_no_phone_number_or_address_appears_that_the_contacts_do_not_give(site):
    contacts = read_extra(REPO / "mkdocs.yml")[0]["contacts"]
    mailboxes = {c["mailbox"] for c in contacts if c.get("mailbox")}
    phones = {c["phone"] for c in contacts if c.get("phone")}
    for path in site.rglob("*"):
        if path.suffix in (".html", ".json", ".xml", ".csv", ".txt"):
            assert OTHER_REGIONS_PHONE not in path.read_text(encoding="utf-8", errors="replace"), path
        if path.suffix != ".html":
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert {a["href"].removeprefix("mailto:") for a in soup.select('a[href^="mailto:"]')} <= mailboxes, path
        assert {a.get_text() for a in soup.select('a[href^="tel:"]')} <= phones, path
        article = soup.find("article")
        assert set(PHONE_NUMBER.findall(article.get_text(" ") if article else "")) <= phones, path


CONTACT_PAGE = {
    "sv": ["Om du upptäcker en brist i säkerheten eller krisberedskapen rapporterar du den till din närmaste chef.",
           "Skyldigheten kommer från landstingets säkerhets- och krisberedskapspolicy (version 1.0).",
           "säkerhetschefen i regiondirektörens stab (i landstingets policy: landstingsdirektörens stab)",
           "säkerhetschefen vid Kanslienheten i landstingsdirektörens stab",
           "Står det uppgift saknas i tabellen har regionen inte angett någon funktionsbrevlåda eller något telefonnummer"],
    "en": ["If you discover a deficiency in security or crisis preparedness, report it to your immediate manager.",
           "This duty comes from the county council's security and crisis-preparedness policy (version 1.0)",
           "the Head of Security in the Regional Director's staff (in the county council's policy: the County Council "
           "Director's staff)",
           "the Head of Security at Kanslienheten (the secretariat unit) in the County Council Director's staff",
           "Where the table says not recorded, the region has not published a function mailbox or a phone number"],
}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_contact_page_says_what_to_do_now_and_how_to_reach_the_security_function(site, language):
    soup = page_soup(site, language, "kontakt")
    assert soup.select_one(f'a[href="../historik/sak-pol-001/SAK-POL-001-v1.0-{language}.pdf"]')
    text = body_text(soup)
    assert [phrase for phrase in CONTACT_PAGE[language] if phrase not in text] == []
    # The table: the role, its unit and "not recorded" for what no source gives; the editors' notice is not published.
    rows = soup.select(".policy-contacts tbody tr")
    assert [(" ".join(row.th.get_text().split()), [" ".join(td.get_text().split()) for td in row.find_all("td")])
            for row in rows] == [(load_roles(REPO / "data" / "roles.yml")["sakerhetschef"].name[language],
                                  [read_extra(REPO / "mkdocs.yml")[0]["contacts"][0]["unit"][language],
                                   LABELS["not_recorded"][language], LABELS["not_recorded"][language]])]
    assert soup.select(".policy-editor-note") == []
    assert LABELS["contacts"]["editor_title"][language] not in soup.get_text()


@pytest.mark.parametrize("language, manager, owner", [("sv", "närmaste chef", "Dokumentägare"),
                                                      ("en", "immediate manager", "Document owner")])
def test_the_statements_feedback_route_leads_somewhere_that_exists(site, language, manager, owner):
    soup = page_soup(site, language, ACCESSIBILITY_STATEMENT.removesuffix(".md"))
    heading = soup.find(id="aterkoppling")
    section = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        section.append(sibling)
    text = " ".join(" ".join(part.get_text() for part in section).split())
    assert manager in text
    assert "../kontakt/#sakerhetsfunktionen" in [a["href"] for part in section for a in part.find_all("a")]
    assert "@" not in text and not PHONE_NUMBER.search(text)
    # Who keeps the statement is the page's owner role, as the site assigns it; no source makes anyone responsible.
    body = body_text(soup)
    assert owner in body
    assert [name for name in ("säkerhetschef", "head of security", "security chief") if name in body.casefold()] == []


SCOPE = {
    "sv": {"scope": "Säkerhetspolicyn gäller för Region Blekinge och för alla verksamheter som bedrivs i egen regi eller "
                    "via avtal.", "engages": "Den som anlitar entreprenörer, inhyrd personal, konsulter och leverantörer "
                                             "ska säkerställa att de externa medarbetarna omfattas av säkerhetspolicyn.",
           "condition": ("avtal", "regelverk"), "old": "landstingets", "narrowed": ("chef som anlitar",),
           "title": "Därför gäller säkerhetspolicyn externa medarbetare"},
    "en": {"scope": "The security policy applies to Region Blekinge and to all operations run in-house or under contract.",
           "engages": "Whoever engages contractors, agency staff, consultants and suppliers shall ensure that the external "
                      "staff are covered by the security policy.",
           "condition": ("contract", "framework"), "old": "county council's",
           "narrowed": ("manager who engages", "manager engaging"),
           "title": "Why the security policy applies to external staff"},
}
READER_PAGES = ("", "kontakt", "leverantorer-och-konsulter", "malgrupper/leverantorer", "malgrupper/medarbetare",
                "malgrupper/styrning", "sakerhetsfunktionen")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_supplier_pages_state_the_2018_scope_and_the_contract_condition_only_as_the_old_rule(site, language):
    expected = SCOPE[language]
    texts = {page: body_text(page_soup(site, language, page)) for page in READER_PAGES}
    supplier = texts["leverantorer-och-konsulter"]
    assert expected["scope"] in supplier and expected["engages"] in supplier
    # A sentence about the contract and the framework is the 1.0 policy's condition, named as such, never a rule now.
    condition = [(page, sentence) for page, text in texts.items() for sentence in re.split(r"(?<=[.!?])\s+", text)
                 if all(word in sentence.casefold() for word in expected["condition"])]
    assert condition and all(expected["old"] in sentence for _, sentence in condition), condition
    assert [(page, word) for page, text in texts.items() for word in expected["narrowed"] if word in text.casefold()] == []
    # The page's title, and its entry in the navigation, in the terms of the glossary.
    soup = page_soup(site, language, "kontakt")
    assert [" ".join(a.get_text().split()) for a in soup.select('nav a[href="../leverantorer-och-konsulter/"]')][:1] == [
        expected["title"]]
    assert page_soup(site, language, "leverantorer-och-konsulter").h1.get_text(strip=True).startswith(expected["title"])


@pytest.mark.parametrize("language, intro, undecided", [
    ("sv", "Informationssidor finns inte i loggen, eftersom ingen fattar beslut om dem.",
     ["Information, inget beslut", "Utkast"]),
    ("en", "Information pages are not in the log, because no decisions are taken on them.",
     ["Information, not a decision", "Draft"]),
])
def test_the_change_log_and_the_register_are_as_their_introductions_say(site, language, intro, undecided):
    corpus = load_corpus(REPO / "docs", frozenset(load_roles(REPO / "data" / "roles.yml")), REPO)[0]
    governing = {doc.id for doc in corpus.in_language(language) if doc.type != "information"}
    log = page_soup(site, language, "andringslogg")
    assert intro in body_text(log)
    logged = {row["data-document"] for row in log.select(".policy-changelog tbody tr")}
    assert logged and logged <= governing
    # Undecided documents show "–", not "not recorded", for what only a decision has.
    register = page_soup(site, language, "dokumentoversikt")
    undecided_rows = [row for row in register.select(".policy-register tbody tr")
                      if row.find_all("td")[2].get_text(strip=True) in undecided]
    assert undecided_rows
    assert {td.get_text(strip=True) for row in undecided_rows for td in row.find_all("td")[5:8]} == {"–"}


def test_editors_see_a_missing_contact_channel_outside_publishing_builds(variant):
    # The variant project (conftest.make_variant), built as `make serve` builds (POLICYSITE_PUBLISH is not set), has a
    # second contact point with a phone number: shown as a tel: link, and no notice for it.
    site = variant.site
    roles = load_roles(variant.project / "data" / "roles.yml")
    for language in ("sv", "en"):
        soup = page_soup(site, language, "kontakt")
        notes = soup.select(".policy-editor-note")
        assert [" ".join(note.get_text(" ").split()) for note in notes] == [
            LABELS["contacts"]["editor_title"][language] + " "
            + LABELS["contacts"]["editor_text"][language].replace("{role}", roles["sakerhetschef"].name[language])]
        phone = soup.select('.policy-contacts a[href^="tel:"]')
        assert [(a["href"], a.get_text()) for a in phone] == [("tel:0455-123456", "0455-12 34 56")]


CONTRACTOR_JOURNEY = {
    "sv": {"entry": "Det här gäller dig som leverantör eller konsult",
           "info": "Därför gäller säkerhetspolicyn externa medarbetare",
           "advice": "Råd: Följ de här tre stegen. De är praktiska råd och inga krav i säkerhetspolicyn.",
           "steps": ["Läs dokumenten som gäller dig.", "Ge kvittenskoderna till den som anlitat dig.",
                     "Berätta om brister för den som anlitat dig."],
           "form": "Sist i PDF:en finns en sida att skriva under.",
           "code": "En kvittenskod visar vilken version av ett dokument du har läst. Ge koderna till den som anlitat dig, "
                   "så att den personen kan anteckna vilka versioner du har läst.",
           "tell": "Upptäcker du en brist i säkerheten eller krisberedskapen, berätta det för den som anlitat dig.",
           "managers": "Om du anlitar leverantörer eller konsulter",
           "checklist": "Råd: Använd checklistan som stöd. Av punkterna är det bara den första som säkerhetspolicyn "
                        "kräver; de andra är praktiska råd.",
           "required": "Säkerställ att de externa medarbetarna omfattas av säkerhetspolicyn."},
    "en": {"entry": "What applies to you as a supplier or consultant",
           "info": "Why the security policy applies to external staff",
           "advice": "Advice: Follow these three steps. They are practical advice, not requirements of the security policy.",
           "steps": ["Read the documents that apply to you.", "Give the acknowledgement codes to whoever engaged you.",
                     "Tell whoever engaged you about any deficiency."],
           "form": "The last page of the PDF is a form to sign.",
           "code": "An acknowledgement code shows which version of a document you have read. Give the codes to whoever "
                   "engaged you, so that they can record which versions you have read.",
           "tell": "If you discover a deficiency in security or crisis preparedness, tell whoever engaged you.",
           "managers": "If you engage suppliers or consultants",
           "checklist": "Advice: Use the checklist as an aid. Of its items, only the first is required by the security "
                        "policy; the others are practical advice.",
           "required": "Ensure that the external staff are covered by the security policy."},
}


def squeeze(node) -> str:
    return " ".join(node.get_text().split())


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_contractor_entry_page_opens_with_three_steps_that_end_in_something_done(site, language):
    from policysite.urls import bundle_pdf
    expected = CONTRACTOR_JOURNEY[language]
    page = language_root(site, language) / "malgrupper" / "leverantorer"
    article = page_soup(site, language, "malgrupper/leverantorer").find("article")
    assert squeeze(article.h1).startswith(expected["entry"])
    for panel in article.select("aside.policy-meta"):
        panel.decompose()
    # The first heading after the lead is the steps'; the advice label stands right before them.
    heading = article.find("h2")
    steps = heading.find_next_sibling("ol")
    assert heading["id"] == "gor-sa-har" and steps.find_previous("h2") is heading
    assert squeeze(steps.find_previous_sibling("p")) == expected["advice"]
    items = steps.find_all("li", recursive=False)
    assert [squeeze(item.strong) for item in items] == expected["steps"]
    # 1: the bundle, linked to the PDF the build wrote, and the form to sign at its end.
    links = items[0].select("a.policy-audience__pdf")
    assert [squeeze(a) for a in links] == [LABELS["audiences"]["bundle_download"][language]]
    assert (page / links[0]["href"]).resolve() == (site / bundle_pdf(language, "contractors", LABELS)).resolve()
    assert (page / links[0]["href"]).is_file() and links[0]["type"] == "application/pdf"
    assert expected["form"] in squeeze(items[0])
    # 2: what a code is and whom to give it to, in the active voice; 3: whom to tell, and the contact page's route.
    assert expected["code"] in squeeze(items[1])
    assert expected["tell"] in squeeze(items[2])
    assert [a["href"] for a in items[2].find_all("a")] == ["../../kontakt/#rapportera-en-brist"]
    # The steps come before the generated list and its codes.
    order = [element for element in article.find_all(True)]
    assert order.index(steps) < order.index(article.select_one(".policy-audience__codes"))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_contractors_have_one_entry_point_and_the_information_page_leads_to_it(site, language):
    expected = CONTRACTOR_JOURNEY[language]
    nav = page_soup(site, language, "kontakt").select_one("nav.md-nav--primary")
    titles = {a["href"]: squeeze(a) for a in nav.select("a[href]")}
    assert (titles["../malgrupper/leverantorer/"], titles["../leverantorer-och-konsulter/"]) == (
        expected["entry"], expected["info"])
    info = page_soup(site, language, "leverantorer-och-konsulter").find("article")
    assert squeeze(info.h1).startswith(expected["info"])
    # Its lead sends contractors to the entry page and whoever engages them to the employees' page.
    lead = info.h1.find_next_sibling("p").find_next_sibling("p")
    assert [a["href"] for a in lead.find_all("a")] == ["../malgrupper/leverantorer/",
                                                       "../malgrupper/medarbetare/#om-du-anlitar"]
    # The checklist and the reporting route moved; nothing there repeats them.
    assert info.select(".task-list") == [] and info.find(id="rapportera-en-brist") is None
    assert info.find(id="checklista") is None


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_checklist_for_whoever_engages_is_on_the_employees_page_and_labelled_as_advice(site, language):
    from browsing import every_page
    expected = CONTRACTOR_JOURNEY[language]
    article = page_soup(site, language, "malgrupper/medarbetare").find("article")
    heading = article.find(id="om-du-anlitar")
    assert heading.name == "h2" and squeeze(heading).startswith(expected["managers"])
    checklist = article.find(id="checklista")
    assert checklist.name == "h3" and checklist.find_previous("h2") is heading
    label = checklist.find_next_sibling("p")
    assert squeeze(label) == expected["checklist"]
    items = [squeeze(item) for item in label.find_next_sibling("ul").find_all("li", recursive=False)]
    assert len(items) == 5 and items[0] == expected["required"]
    assert "../leverantorer/" in [a["href"] for a in label.find_next_sibling("ul").find_all("a")]
    # The only checklist on the site.
    with_tasks = [path.relative_to(language_root(site, language)).as_posix() for path in every_page(site, language)
                  if 'class="task-list' in path.read_text(encoding="utf-8")]
    assert with_tasks == ["malgrupper/medarbetare/index.html"]
