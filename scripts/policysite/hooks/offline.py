"""MkDocs hook: the offline copy (`make offline`, POLICYSITE_OFFLINE=1); without it the build is unchanged."""

from pathlib import Path

from mkdocs.plugins import event_priority

from policysite import session
from policysite.offline import SHIM, VENDOR_FOLDER, enabled, make_offline
from policysite.theme_files import theme_files_under


def on_config(config):
    # Called again for each language build, on the same config: add the shim once.
    if enabled(config) and SHIM not in config.extra.setdefault("polyfills", []):
        config.extra["polyfills"].append(SHIM)
    return config


def on_files(files, config):
    if not enabled(config):
        for file in theme_files_under(files, Path(config.theme.custom_dir or ""), VENDOR_FOLDER):
            files.remove(file)  # published only with the offline copy, which loads it
    return files


# After hooks/search.py (-200) has split the index per language: each language gets a script of its own index.
# Once, when the outermost build ends: by then every page of both languages has been written and its inline
# scripts audited (hooks/hosting.py).
@event_priority(-300)
def on_post_build(config):
    if enabled(config) and session.is_outermost(config):
        make_offline(Path(config.site_dir), sorted(session.current().scripts.hashes))
