"""Thin MkDocs hooks. MkDocs loads each hook file on its own, so what they share lives here."""

# Filled by hooks/documents.py for the language build in progress: the checked project and
# the theme's template environment.
build_state: dict = {}
