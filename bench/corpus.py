"""Generate a valid bilingual project of any size, for benchmarking the check and the builds.

`generate(target, count, repo)` writes into `target`:

- `mkdocs.yml`: the repository's configuration (theme features included) with its
  `nav:` replaced by the corpus's own, organised as a framework of hundreds of
  documents would be: under one section, a section per document type, in sections of at most
  NAV_SECTION_SIZE documents (English titles in the i18n `nav_translations`), and
  every path that does not exist in `target` (theme `custom_dir`, `hooks`, `watch`)
  made absolute to the repository, so the real hooks, templates and build code run;
- `data/`: a copy of the repository's data (roles, glossary, labels);
- `docs/sv/…` and `docs/en/…`: a start page `index.md` (SAK-INF-000) and `count`
  documents `<area>/dNNNN.md` whose front matter is written by the document model's
  own writer (`policysite.model.front_matter`, from its single field definition), so
  a field the model does not know cannot be generated; they pass every corpus check.

The output depends only on `count` and the repository's roles file: the text is
pseudo-random from a fixed seed, and every date is chosen relative to
REFERENCE_DATE. Run checks and builds with `environment()` (SOURCE_DATE_EPOCH set to
REFERENCE_DATE) so review dates are judged the same way on every day.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import posixpath
import random
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from policysite.model import GOVERNING_TYPES, ID_PATTERN, PartialDate, front_matter
from policysite.statements import OBLIGATION

SEED = "policysite-bench"
# Every generated date lies before this day, and every review falls due at least 18
# months after it; checks and builds judge reviews on this day (environment()).
REFERENCE_DATE = dt.date(2026, 11, 1)
MAX_PER_PREFIX = 999
WORDS_PER_PAGE = 400

# (type, id prefix, title prefix sv, title prefix en)
TYPES = (
    ("policy", "POL", "Policy för", "Policy for"),
    ("guideline", "RIK", "Riktlinje för", "Guideline for"),
    ("routine", "RUT", "Rutin för", "Routine for"),
    ("information", "INF", "Information om", "Information on"),
)
MAX_DOCUMENTS = MAX_PER_PREFIX * len(TYPES)
# Navigation: one section per type (sv, en), each in sections of at most this many documents.
TYPE_SECTIONS = {"policy": ("Policyer", "Policies"), "guideline": ("Riktlinjer", "Guidelines"),
                 "routine": ("Rutiner", "Routines"), "information": ("Information", "Information")}
NAV_SECTION_SIZE = 20
# All of them under one top-level section, as a framework's documents sit under one heading next to its other
# pages: Material renders a top-level section open (navigation.sections) and prunes what lies deeper
# (navigation.prune), so a page carries the type sections, its own type's sections and its own section's pages.
DOCUMENTS_SECTION = ("Dokument", "Documents")

# (folder, sv, en)
AREAS = (
    ("fysisk-sakerhet", "Fysisk säkerhet", "Physical security"),
    ("informationssakerhet", "Informationssäkerhet", "Information security"),
    ("krisberedskap", "Krisberedskap", "Crisis preparedness"),
    ("kontinuitet", "Kontinuitetshantering", "Business continuity"),
    ("personalsakerhet", "Personalsäkerhet", "Personnel security"),
    ("brandskydd", "Brandskydd", "Fire safety"),
    ("leverantorer", "Leverantörer och avtal", "Suppliers and agreements"),
    ("incidenter", "Incidenthantering", "Incident management"),
)

TOPICS = (
    ("tillträdeskontroll", "access control"),
    ("hantering av besökare", "handling visitors"),
    ("klassning av information", "classifying information"),
    ("behörighetshantering", "access rights management"),
    ("säkerhetsskyddsanalys", "protective security analysis"),
    ("rapportering av säkerhetsbrister", "reporting security deficiencies"),
    ("krisledning", "crisis management"),
    ("reservkraft och reservvatten", "backup power and water"),
    ("utrymning", "evacuation"),
    ("hot och våld i arbetet", "threats and violence at work"),
    ("säkerhet vid upphandling", "security in procurement"),
    ("kontinuitetsplanering", "continuity planning"),
    ("nyckelhantering", "key management"),
    ("säkerhetsutbildning", "security training"),
    ("informationssäkerhetsincidenter", "information security incidents"),
    ("kameraövervakning", "camera surveillance"),
)

SECTIONS = (
    ("Syfte", "Purpose"),
    ("Omfattning", "Scope"),
    ("Ansvar", "Responsibilities"),
    ("Genomförande", "Implementation"),
    ("Uppföljning", "Follow-up"),
    ("Avvikelser", "Deviations"),
    ("Dokumentation", "Documentation"),
    ("Utbildning och övning", "Training and exercises"),
)

# Sentence parts, Swedish and English side by side; subjects are lower case.
SUBJECTS = (
    ("varje förvaltning", "each administration"),
    ("den närmaste chefen", "the immediate manager"),
    ("säkerhetschefen", "the Head of Security"),
    ("verksamheten", "the operation"),
    ("varje medarbetare", "every employee"),
    ("regiondirektören", "the Regional Director"),
    ("förvaltningschefen", "the head of administration"),
    ("den som anlitar en leverantör", "whoever engages a supplier"),
)
ACTIONS = (
    ("se till att riskerna är kända", "ensure that the risks are known"),
    ("dokumentera beslutet i ärendet", "document the decision in the case"),
    ("rapportera brister till sin närmaste chef", "report deficiencies to their immediate manager"),
    ("följa upp åtgärderna minst en gång per år", "follow up the measures at least once a year"),
    ("göra en risk- och sårbarhetsanalys", "carry out a risk and vulnerability analysis"),
    ("planera och öva krisberedskapen", "plan and exercise crisis preparedness"),
    ("informera berörda medarbetare", "inform the employees concerned"),
    ("skydda information som inte är offentlig", "protect information that is not public"),
    ("begränsa tillträdet till lokalerna", "restrict access to the premises"),
    ("hålla kontinuitetsplanen aktuell", "keep the continuity plan up to date"),
    ("utse en ersättare för varje nyckelroll", "appoint a deputy for every key role"),
    ("följa säkerhetspolicyn och riktlinjen", "follow the security policy and the guideline"),
)
OCCASIONS = (
    ("innan arbetet börjar", "before the work begins"),
    ("när en händelse har inträffat", "when an event has occurred"),
    ("i samband med den årliga uppföljningen", "in connection with the annual follow-up"),
    ("under en kris", "during a crisis"),
    ("efter varje förändring i verksamheten", "after every change in the operation"),
    ("i samråd med säkerhetschefen", "in consultation with the Head of Security"),
    ("inom ramen för ledningssystemet", "within the management system"),
)
PURPOSES = (
    ("minska sårbarheten i verksamheten", "reduce the vulnerability of the operation"),
    ("skydda människor, egendom och miljö", "protect people, property and the environment"),
    ("upprätthålla förtroendet för regionen", "maintain trust in the region"),
    ("säkra vården även vid allvarliga störningar", "secure care even during serious disruptions"),
    ("göra ansvaret tydligt för alla", "make responsibility clear to everyone"),
    ("upptäcka brister i ett tidigt skede", "detect deficiencies at an early stage"),
)
STATEMENTS = (
    ("Det gäller även verksamhet som bedrivs via avtal.", "This also applies to operations run under agreements."),
    ("Ansvaret följer linjeorganisationen, även under en kris.", "Responsibility follows the line organisation, even during a crisis."),
    ("En rutin beskriver hur en viss uppgift ska utföras i praktiken.", "A routine describes how a specific task is to be carried out in practice."),
    ("Erfarenheterna från varje händelse förs tillbaka in i det förberedande arbetet.",
     "The lessons from every event are fed back into the preparatory work."),
    ("Arbetet ska ske i samverkan med andra aktörer när det behövs.", "The work shall be done together with other actors when needed."),
    ("Brister som inte kan åtgärdas direkt ska dokumenteras och följas upp.",
     "Deficiencies that cannot be remedied at once shall be documented and followed up."),
)
ACTIVITIES = (
    ("Riskanalys", "Risk analysis"),
    ("Övning", "Exercise"),
    ("Uppföljning av åtgärder", "Follow-up of measures"),
    ("Rapport till ledningen", "Report to management"),
    ("Genomgång av behörigheter", "Review of access rights"),
    ("Utbildning av nya medarbetare", "Training of new employees"),
)
FREQUENCIES = (
    ("Varje år", "Every year"),
    ("Varje kvartal", "Every quarter"),
    ("Vid behov", "As needed"),
    ("Efter varje händelse", "After every event"),
)
ADMONITIONS = (
    ("note", "Att tänka på", "Keep in mind"),
    ("tip", "Tips", "Tip"),
    ("warning", "Viktigt", "Important"),
    ("info", "Bra att veta", "Good to know"),
)
AUDIENCES = ("employees", "contractors", "governance")

_WORD = re.compile(r"\w+")
INDEX_PATH = "index.md"
INDEX_ANCHOR = "om-samlingen"


@dataclass(frozen=True)
class Spec:
    """One generated document: everything both language versions share."""

    number: int  # 1-based position in the corpus
    path: str  # e.g. 'krisberedskap/d0003.md'
    id: str
    type: str
    area: tuple[str, str, str]
    title: tuple[str, str]  # sv, en
    description: tuple[str, str]
    classification: str


def environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for checks and builds of a generated corpus: fixed 'today', no MkDocs 2 notice.

    The internal edition, so that every generated document (a quarter of them are internal) is built
    and measured, as before editions existed.
    """
    epoch = int(dt.datetime.combine(REFERENCE_DATE, dt.time(12), dt.UTC).timestamp())
    return {**(os.environ if base is None else base), "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1",
            "POLICYSITE_EDITION": "internal"}


def generate(target: Path, count: int, repo: Path) -> Path:
    """Write a complete, valid bilingual MkDocs project with `count` documents into target; return target."""
    if not 0 <= count <= MAX_DOCUMENTS:
        raise ValueError(f"count must be between 0 and {MAX_DOCUMENTS} (ids have three digits per type)")
    target, repo = Path(target).resolve(), Path(repo).resolve()
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty")
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(repo / "data", target / "data", ignore=shutil.ignore_patterns("__pycache__"))
    specs = corpus_specs(count)
    config = adapt_config((repo / "mkdocs.yml").read_text(encoding="utf-8"), repo, target, corpus_nav(specs))
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")

    roles = yaml.safe_load((target / "data" / "roles.yml").read_text(encoding="utf-8")) or {}
    current = [key for key, role in roles.items() if not (role or {}).get("historical")]
    owners = [key for key in current if (roles[key] or {}).get("level") in ("management", "operations")] or current
    deciders = [key for key in current if (roles[key] or {}).get("level") in ("politics", "management")] or current
    names = {key: ((roles[key] or {}).get("name") or {}) for key in current}
    if not current:
        raise ValueError("data/roles.yml has no current roles to own the generated documents")

    pages = {INDEX_PATH: _index(specs, owners)}
    for spec in specs:
        pages[spec.path] = _document(spec, specs, owners, deciders, current, names)
    for path, texts in pages.items():
        for language, text in zip(("sv", "en"), texts):
            file = target / "docs" / language / path
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(text, encoding="utf-8")
    _commit(target)
    return target


def _commit(target: Path) -> None:
    """Builds read the change history from Git, so the corpus is a repository with one commit."""
    when = f"@{int(dt.datetime.combine(REFERENCE_DATE, dt.time(9), dt.UTC).timestamp())} +0000"
    identity = {"GIT_AUTHOR_NAME": "Benchmark", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
                "GIT_COMMITTER_NAME": "Benchmark", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
                "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    for command in (["init", "--quiet"], ["add", "--all"],
                    ["-c", "commit.gpgsign=false", "commit", "--quiet", "-m", "Generated corpus"]):
        subprocess.run(["git", "-C", str(target), *command], check=True, capture_output=True,
                       env={**os.environ, **identity})


def corpus_specs(count: int) -> list[Spec]:
    """The generated documents of a corpus of `count`, in order."""
    return [_spec(number) for number in range(1, count + 1)]


def document_path(number: int) -> str:
    """Path (relative to a language folder) of the generated document number `number` (1-based)."""
    return _spec(number).path


def first_in_handbook(target: Path, count: int) -> int | None:
    """Number of the first generated document that is governing and approved, so it has a PDF and a
    chapter in the handbook; None if there is none. Read from the Swedish page written by generate()."""
    for number in range(1, count + 1):
        text = (Path(target) / "docs" / "sv" / document_path(number)).read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("---\n", 2)[1]) or {}
        if meta.get("type") in GOVERNING_TYPES and meta.get("status") == "approved":
            return number
    return None


# --- mkdocs.yml -------------------------------------------------------------------------

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_LIST_ITEM = re.compile(r"^(\s*-\s+)([^\s#]+)(\s*(?:#.*)?)$")
_CUSTOM_DIR = re.compile(r"^(\s+custom_dir:\s*)([^\s#]+)(\s*(?:#.*)?)$")
_PATH_LISTS = ("hooks", "watch")
_NAV_TRANSLATIONS = re.compile(r"^(\s+)nav_translations:\s*(#.*)?$")


@dataclass(frozen=True)
class Nav:
    """The corpus's `nav:` block (YAML lines) and the English titles of its sections."""

    lines: tuple[str, ...]
    translations: tuple[tuple[str, str], ...]  # (Swedish section title, English)


def corpus_nav(specs: list["Spec"]) -> Nav:
    """The start page, then one section (DOCUMENTS_SECTION) holding a section per document type, each holding
    sections of at most NAV_SECTION_SIZE documents."""
    lines, translations = ["nav:", f"  - {INDEX_PATH}", f"  - {json.dumps(DOCUMENTS_SECTION[0], ensure_ascii=False)}:"], \
        [DOCUMENTS_SECTION]
    for kind, (title_sv, title_en) in TYPE_SECTIONS.items():
        of_type = [spec for spec in specs if spec.type == kind]
        if not of_type:
            continue
        lines.append(f"      - {json.dumps(title_sv, ensure_ascii=False)}:")
        translations.append((title_sv, title_en))
        for start in range(0, len(of_type), NAV_SECTION_SIZE):
            chunk = of_type[start:start + NAV_SECTION_SIZE]
            span = f"{start + 1}–{start + len(chunk)}" if len(chunk) > 1 else f"{start + 1}"
            lines.append(f"          - {json.dumps(f'{title_sv} {span}', ensure_ascii=False)}:")
            translations.append((f"{title_sv} {span}", f"{title_en} {span}"))
            lines += [f"              - {spec.path}" for spec in chunk]
    return Nav(tuple(lines), tuple(dict.fromkeys(translations)))


def adapt_config(text: str, repo: Path, target: Path, nav: Nav | None = None) -> str:
    """The repository's mkdocs.yml for a project in target: the corpus's nav (none: navigation from the
    folders), its section titles in the English language's nav_translations, paths that resolve from target."""

    def located(value: str) -> str:
        raw = value.strip("'\"")
        if Path(raw).is_absolute() or (target / raw).exists():
            return value
        absolute = (repo / raw).as_posix()
        return absolute if re.fullmatch(r"[\w./-]+", absolute) else json.dumps(absolute)

    lines, block = [], None
    for line in text.splitlines():
        top = _TOP_KEY.match(line)
        if top:
            block = top.group(1)
        elif block == "nav" and line.startswith("#"):
            block = None  # a comment at the margin starts the next section
        if block == "nav":
            if top:
                lines += nav.lines if nav else ["# nav: removed by bench.corpus; navigation comes from the folders."]
            continue
        if nav and (translations := _NAV_TRANSLATIONS.match(line)) and _in_english(lines):
            lines.append(line)
            indent = translations.group(1) + "  "
            lines += [f"{indent}{json.dumps(sv, ensure_ascii=False)}: {json.dumps(en, ensure_ascii=False)}"
                      for sv, en in nav.translations]
            continue
        if block in _PATH_LISTS and (item := _LIST_ITEM.match(line)):
            line = item.group(1) + located(item.group(2)) + item.group(3)
        elif custom := _CUSTOM_DIR.match(line):
            line = custom.group(1) + located(custom.group(2)) + custom.group(3)
        lines.append(line)
    result = "\n".join(lines) + "\n"
    _check_config(result, target, nav)
    return result


def _in_english(lines: list[str]) -> bool:
    """Whether the last language entry before this line is English's."""
    locales = [line.split(":", 1)[1].strip() for line in lines if re.match(r"^\s+- locale:", line)]
    return bool(locales) and locales[-1] == "en"


def _check_config(text: str, target: Path, nav: Nav | None = None) -> None:
    """Fail early, with a reason, if the adapted configuration would not load the repository's hooks."""

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load(text, Loader=_Loader) or {}
    problems = ["'nav' is still set"] if "nav" in config and not nav else []
    if nav:
        languages = next((plugin["i18n"]["languages"] for plugin in config.get("plugins") or []
                          if isinstance(plugin, dict) and "i18n" in plugin), [])
        english = next((language for language in languages if language.get("locale") == "en"), {})
        missing = [sv for sv, en in nav.translations if (english.get("nav_translations") or {}).get(sv) != en]
        if missing:
            problems.append(f"the English language's nav_translations lack {', '.join(missing[:3])} "
                            "(mkdocs.yml needs a nav_translations: block under the locale: en entry)")
    paths = [*(config.get("hooks") or []), *(config.get("watch") or []),
             *([config["theme"]["custom_dir"]] if "custom_dir" in (config.get("theme") or {}) else [])]
    problems += [f"'{p}' does not resolve from {target}" for p in paths
                 if not isinstance(p, str) or not (target / p).exists()]
    if problems:
        raise ValueError("cannot adapt mkdocs.yml for a generated corpus: " + "; ".join(problems))


# --- documents ----------------------------------------------------------------------------


def _spec(number: int) -> Spec:
    type_index = (number - 1) % len(TYPES)
    kind, prefix, title_sv, title_en = TYPES[type_index]
    serial = (number - 1) // len(TYPES) + 1  # numbered per prefix: POL-001, RIK-001, …, POL-002
    document_id = f"SAK-{prefix}-{serial:03d}"
    assert ID_PATTERN.match(document_id), document_id
    rng = random.Random(f"{SEED}:spec:{number}")
    area = AREAS[(number - 1) % len(AREAS)]
    topic_sv, topic_en = rng.choice(TOPICS)
    return Spec(
        number=number,
        path=f"{area[0]}/d{number:04d}.md",
        id=document_id,
        type=kind,
        area=area,
        title=(f"{title_sv} {topic_sv} – del {serial}", f"{title_en} {topic_en} – part {serial}"),
        description=(f"Hur Region Blekinge arbetar med {topic_sv} inom området {area[1].lower()}.",
                     f"How Region Blekinge works with {topic_en} in the area of {area[2].lower()}."),
        classification="internal" if rng.random() < 0.25 else "public",
    )


def _document(spec: Spec, specs: list[Spec], owners: list[str], deciders: list[str], roles: list[str],
              names: dict[str, dict]) -> tuple[str, str]:
    rng = random.Random(f"{SEED}:document:{spec.number}")
    meta, version = _governance(spec, rng, owners, deciders)
    sv_meta = {"id": spec.id, "title": spec.title[0], "description": spec.description[0], **meta}
    en_meta = {"id": spec.id, "title": spec.title[1], "description": spec.description[1],
               "translation_of_version": version}

    headings = [SECTIONS[0]] + sorted(rng.sample(SECTIONS[1:], rng.randint(3, 5)), key=SECTIONS.index)
    table_at, note_at = rng.sample(range(len(headings) - 1), 2)
    sections: list[list[list[tuple[str, str]]]] = [[[_sentence(rng) for _ in range(3)]] for _ in headings]
    intro = [_sentence(rng) for _ in range(2)]
    links = _link_targets(spec, specs, rng)
    table = _table(rng, roles, names)
    note = _admonition(rng)

    def body(index: int) -> str:
        statements = iter(range(1, 1000))

        def prose(paragraph: list[tuple[str, str]]) -> str:
            # A governing document identifies every "ska"/"shall" paragraph, the same in both languages
            # (policysite.statements; notes/decisions/0011).
            text = " ".join(s[index] for s in paragraph)
            if spec.type in GOVERNING_TYPES and any(OBLIGATION["sv"].search(s[0]) for s in paragraph):
                text += f" {{#{spec.id}:K{next(statements)}}}"
            return text

        lines = [f"# {spec.title[index]}", "", prose(intro), ""]
        for number, (heading, paragraphs) in enumerate(zip(headings, sections), start=1):
            lines += [f"## {heading[index]} {{#avsnitt-{number}}}", ""]
            for paragraph in paragraphs:
                lines += [prose(paragraph), ""]
            if number - 1 == table_at:
                lines += [*table[index], ""]
            if number - 1 == note_at:
                lines += [*note[index], ""]
        return "\n".join(lines + [_links_sentence(spec, links, index), ""])

    # Add sentences until the Swedish text (headings, prose, table, note, links) has WORDS_PER_PAGE words.
    while len(_WORD.findall(re.sub(r"\]\([^)]*\)|\{#[^}]*\}", "]", body(0)))) < WORDS_PER_PAGE:
        paragraphs = rng.choice(sections)
        if len(paragraphs[-1]) < 5:
            paragraphs[-1].append(_sentence(rng))
        else:
            paragraphs.append([_sentence(rng)])
    return front_matter(sv_meta) + body(0), front_matter(en_meta) + body(1)


def _governance(spec: Spec, rng: random.Random, owners: list[str], deciders: list[str]) -> tuple[dict, str]:
    """The Swedish page's governance fields and its version; all dates before REFERENCE_DATE."""
    governing = spec.type != "information"
    roll = rng.random()
    # Nobody decides an information page: it is published (policysite.model.status_findings).
    status = "published" if not governing else "approved" if roll < 0.75 else ("draft" if roll < 0.93 else "retired")
    version = f"0.{rng.randint(1, 9)}" if status == "draft" else f"{rng.randint(1, 3)}.{rng.randint(0, 4)}"
    meta: dict = {"type": spec.type, "status": status, "version": version, "owner": rng.choice(owners)}
    if governing and status != "draft":
        reference = PartialDate(REFERENCE_DATE.year, REFERENCE_DATE.month)
        approved = reference.add_months(-rng.randint(2, 18))
        if rng.random() < 0.8:
            approved = PartialDate(approved.year, approved.month, rng.randint(1, 28))
        meta["approved_by"] = rng.choice(deciders)
        meta["approved"] = approved
        meta["case_number"] = f"RB {approved.year}/{rng.randint(1, 2999):04d}" if rng.random() < 0.7 else None
        following = approved.add_months(1)
        meta["valid_from"] = PartialDate(following.year, following.month, 1)
        # Reviews fall due 36–60 months after approval: at least 18 months after REFERENCE_DATE.
        meta["review_interval_months"] = rng.choice((36, 48, 60))
        if rng.random() < 0.15:
            meta["last_reviewed"] = reference.add_months(-1)
    meta["classification"] = spec.classification
    meta["audience"] = [a for a in AUDIENCES if rng.random() < 0.5] or ["employees"]
    return meta, version


def _sentence(rng: random.Random) -> tuple[str, str]:
    form = rng.randrange(4)
    if form == 0:
        (s_sv, s_en), (a_sv, a_en), (o_sv, o_en) = rng.choice(SUBJECTS), rng.choice(ACTIONS), rng.choice(OCCASIONS)
        return f"{_cap(s_sv)} ska {a_sv} {o_sv}.", f"{_cap(s_en)} shall {a_en} {o_en}."
    if form == 1:
        (s_sv, s_en), (a_sv, a_en), (o_sv, o_en) = rng.choice(SUBJECTS), rng.choice(ACTIONS), rng.choice(OCCASIONS)
        return f"{_cap(o_sv)} ska {s_sv} {a_sv}.", f"{_cap(o_en)}, {s_en} shall {a_en}."
    if form == 2:
        p_sv, p_en = rng.choice(PURPOSES)
        return f"Syftet är att {p_sv}.", f"The purpose is to {p_en}."
    return rng.choice(STATEMENTS)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _table(rng: random.Random, roles: list[str], names: dict[str, dict]) -> tuple[list[str], list[str]]:
    rows = [(activity, rng.choice(roles), rng.choice(FREQUENCIES))
            for activity in rng.sample(ACTIVITIES, rng.randint(3, 4))]
    tables = []
    for index, header in ((0, "| Aktivitet | Ansvarig | Hur ofta |"), (1, "| Activity | Responsible | How often |")):
        language = ("sv", "en")[index]
        lines = [header, "|---|---|---|"]
        for activity, role, frequency in rows:
            name = (names.get(role) or {}).get(language) or role
            lines.append(f"| {activity[index]} | {name} | {frequency[index]} |")
        tables.append(lines)
    return tables[0], tables[1]


def _admonition(rng: random.Random) -> tuple[list[str], list[str]]:
    kind, title_sv, title_en = rng.choice(ADMONITIONS)
    text = [_sentence(rng) for _ in range(2)]
    return (
        [f'!!! {kind} "{title_sv}"', "    " + " ".join(s[0] for s in text)],
        [f'!!! {kind} "{title_en}"', "    " + " ".join(s[1] for s in text)],
    )


def _link_targets(spec: Spec, specs: list[Spec], rng: random.Random) -> list[tuple[Spec | None, str]]:
    """Two other documents to link to, with a heading id each; a public page links only to public pages."""
    candidates = [other for other in specs if other is not spec
                  and (spec.classification == "internal" or other.classification == "public")]
    chosen = rng.sample(candidates, min(2, len(candidates)))
    targets: list[tuple[Spec | None, str]] = [(other, f"avsnitt-{rng.randint(1, 4)}") for other in chosen]
    while len(targets) < 2:  # tiny corpora: link the start page instead
        targets.append((None, INDEX_ANCHOR))
    return targets


def _links_sentence(spec: Spec, links: list[tuple[Spec | None, str]], index: int) -> str:
    start_title = ("startsidan", "the start page")[index]
    parts = []
    for other, anchor in links:
        path = INDEX_PATH if other is None else other.path
        href = posixpath.relpath(path, posixpath.dirname(spec.path) or ".") + f"#{anchor}"
        parts.append(f"[{start_title if other is None else other.title[index]}]({href})")
    return (f"Läs också {parts[0]} och {parts[1]}." if index == 0 else f"See also {parts[0]} and {parts[1]}.")


def _index(specs: list[Spec], owners: list[str]) -> tuple[str, str]:
    owner = "sakerhetschef" if "sakerhetschef" in owners else owners[0]
    sv_meta = {"id": "SAK-INF-000", "title": "Styrande dokument för säkerhet",
               "description": "Startsida för en genererad samling styrande dokument för säkerhet.",
               "type": "information", "status": "published", "version": "1.0", "owner": owner,
               "classification": "public", "audience": list(AUDIENCES)}
    en_meta = {"id": "SAK-INF-000", "title": "Governing documents for security",
               "description": "Start page of a generated collection of governing documents for security.",
               "translation_of_version": "1.0"}
    sv = ["# Styrande dokument för säkerhet", "",
          f"Samlingen innehåller {len(specs)} dokument: policyer, riktlinjer, rutiner och information.", "",
          f"## Om samlingen {{#{INDEX_ANCHOR}}}", "",
          "Dokumenten är ordnade efter område. Interna dokument nås genom navigeringen.", ""]
    en = ["# Governing documents for security", "",
          f"The collection holds {len(specs)} documents: policies, guidelines, routines and information.", "",
          f"## About the collection {{#{INDEX_ANCHOR}}}", "",
          "The documents are ordered by area. Internal documents are reached through the navigation.", ""]
    for folder, area_sv, area_en in AREAS:
        in_area = [s for s in specs if s.area[0] == folder]
        if not in_area:
            continue
        public = [s for s in in_area if s.classification == "public"]  # a public page links only to public pages
        sv += [f"## {area_sv} {{#{folder}}}", ""]
        en += [f"## {area_en} {{#{folder}}}", ""]
        if public:
            sv += [f"- [{s.title[0]}]({s.path})" for s in public] + [""]
            en += [f"- [{s.title[1]}]({s.path})" for s in public] + [""]
        else:
            sv += ["Områdets dokument är interna.", ""]
            en += ["The documents of this area are internal.", ""]
    return front_matter(sv_meta) + "\n".join(sv), front_matter(en_meta) + "\n".join(en)

