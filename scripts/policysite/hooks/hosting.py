"""MkDocs hook: security headers for hosting, allowing exactly the inline scripts the theme's templates emit.

Every page the build writes is searched for inline scripts as it is written (on_post_page, on_post_template);
the header files are written once, by the default language's build after mkdocs-static-i18n has built the
others inside it.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from policysite.findings import FindingsError
from policysite.hooks import build_state
from policysite.hosting import ScriptAudit, expected_scripts, unsafe_context, write_hosting_files
from policysite.model import SOURCE_LANGUAGE
from policysite.site import theme_files_under

_expected: dict[str, frozenset[str]] = {}  # output file -> the inline scripts its template context allows


# After mkdocs-static-i18n (-100) has switched the config to this build's language.
@event_priority(-150)
def on_config(config):
    if config.theme["language"] == SOURCE_LANGUAGE or "scripts" not in build_state:  # a new audit for the site
        build_state["scripts"] = ScriptAudit()
        build_state["site_root"] = Path(config.site_dir)
    return config


def on_files(files, config):
    for file in theme_files_under(files, Path(config.theme.custom_dir or ""), "hosting/"):
        files.remove(file)  # header templates are read by the build, not published
    return files


def _where(config, name: str) -> str:
    path = Path(config.site_dir) / name
    root = build_state.get("site_root", Path(config.site_dir))
    return path.relative_to(root).as_posix() if root in path.parents else path.as_posix()


def _expect(context, config, name: str) -> None:
    where = _where(config, name)
    problems = unsafe_context(context, where)
    if problems:
        raise PluginError(str(FindingsError(problems)))
    _expected[where] = expected_scripts(build_state["env"], context)


# After hooks/documents.py has set the page's base_url (hook order in mkdocs.yml).
@event_priority(-50)
def on_page_context(context, page, config, nav):
    _expect(context, config, page.file.dest_uri)
    return context


@event_priority(-50)
def on_template_context(context, template_name, config):
    _expect(context, config, template_name)
    return context


def _audit(output: str, config, name: str) -> None:
    where = _where(config, name)
    build_state["scripts"].page(output, where, _expected.pop(where, frozenset()))


def on_post_page(output, page, config):
    _audit(output, config, page.file.dest_uri)
    return output


# Before hooks/documents.py moves a translation's 404 page away (it returns nothing for it then).
@event_priority(50)
def on_post_template(output_content, template_name, config):
    if template_name.endswith(".html"):
        _audit(output_content, config, template_name)
    return output_content


# After mkdocs-static-i18n (-100), whose on_post_build in the default language builds the other languages
# inside it; during those inner builds its `building` flag is set, and the headers wait for the outer one.
@event_priority(-200)
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return
    audit = build_state["scripts"]
    if audit.findings:
        raise PluginError(f"the built pages have {len(audit.findings)} inline script(s) the Content-Security-Policy "
                          f"must not allow:\n{FindingsError(audit.findings)}")
    write_hosting_files(build_state["site_root"], build_state["env"], sorted(audit.hashes),
                        noindex=build_state["project"].edition == "internal")
