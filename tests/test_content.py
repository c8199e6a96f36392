"""The facts of the source documents appear on the built site, in both languages."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import REPO
from helpers import article_text, language_root, metadata
from policysite.checks import ACCESSIBILITY_STATEMENT
from policysite.corpus import load_corpus
from policysite.data import load_roles
from policysite.present import format_date

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
        "contractors, hired staff, consultants or suppliers",
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
        "Säkerhetschef", "Förvaltningschef", "Linjechef", "Lokal säkerhetsansvarig", "Landstingsfullmäktige",
        "närmaste chef",
    ], [
        "Regional Council", "Regional Executive Board", "Regional Executive Board's Working Committee",
        "Regional Director", "Security Chief", "Head of Administration", "Line manager",
        "Local security officer", "County Council Assembly", "nearest manager",
    ]),
    ("riktlinje-sakerhet-och-krisberedskap", [
        "landstingsfullmäktige", "regionstyrelsens arbetsutskott", "säkerhets- och krisberedskapsbokslut",
        "årsredovisning", "Lokala styrande dokument ska bygga på det regionala regelverket",
    ], [
        "County Council Assembly", "Working Committee", "year-end report", "annual report", "Local governing documents shall be based on the regional rules",
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
    assert 'href="../kontakt/"' in html
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
        footer = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select(".md-footer a.policy-footer__link")
        href = footer[0]["href"] if len(footer) == 1 else None
        if href is None or href.startswith("/"):  # the 404 pages are served from any path, so they link from the root
            target = site / (href or "/missing").lstrip("/") / "index.html"
        else:
            target = path.parent / href / "index.html"
        if target.resolve() != statement:
            wrong.append(f"{path.relative_to(site)}: {href}")
    assert wrong == []
