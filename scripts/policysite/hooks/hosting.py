"""MkDocs hook: security headers for hosting, allowing exactly the inline scripts the theme's templates emit.

Every page the build writes is searched for inline scripts as it is written (on_post_page, on_post_template);
the header files are written once, when the outermost build ends, after mkdocs-static-i18n has built the
other languages inside it.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from policysite import session
from policysite.findings import FindingsError
from policysite.hosting import expected_scripts, unsafe_context, write_hosting_files
from policysite.theme_files import theme_files_under


def on_files(files, config):
    for file in theme_files_under(files, Path(config.theme.custom_dir or ""), "hosting/"):
        files.remove(file)  # header templates are read by the build, not published
    return files


def _where(config, name: str) -> str:
    path = Path(config.site_dir) / name
    root = session.current().site_root
    return path.relative_to(root).as_posix() if root in path.parents else path.as_posix()


def _expect(context, config, name: str) -> None:
    where = _where(config, name)
    problems = unsafe_context(context, where)
    if problems:
        raise PluginError(str(FindingsError(problems)))
    build = session.current()
    build.expected_scripts[where] = expected_scripts(build.env(config.theme["language"], config), context)


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
    build = session.current()
    build.scripts.page(output, where, build.expected_scripts.pop(where, frozenset()))


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
# inside it: the headers wait for the outermost build.
@event_priority(-200)
def on_post_build(config):
    if not session.is_outermost(config):
        return
    build = session.current()
    if build.scripts.findings:
        raise PluginError(f"the built pages have {len(build.scripts.findings)} inline script(s) the "
                          f"Content-Security-Policy must not allow:\n{FindingsError(build.scripts.findings)}")
    write_hosting_files(build.site_root, build.env(config.theme["language"], config), sorted(build.scripts.hashes),
                        noindex=build.project.edition == "internal")
