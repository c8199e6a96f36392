"""MkDocs hook: security headers for hosting, with the hashes of the inline scripts the build wrote."""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from policysite.findings import FindingsError
from policysite.hooks import build_state
from policysite.hosting import write_hosting_files
from policysite.site import theme_files_under


def on_files(files, config):
    for file in theme_files_under(files, Path(config.theme.custom_dir or ""), "hosting/"):
        files.remove(file)  # header templates are read by the build, not published
    return files


# Runs after every language build; the last run, after mkdocs-static-i18n (-100) has built the other
# languages inside the default one, sees every page.
@event_priority(-200)
def on_post_build(config):
    try:
        write_hosting_files(Path(config.site_dir), build_state["env"],
                            noindex=build_state["project"].edition == "internal")
    except FindingsError as exc:
        raise PluginError(f"the built pages have {len(exc.findings)} defect(s) a strict "
                          f"Content-Security-Policy would block:\n{exc}") from None
