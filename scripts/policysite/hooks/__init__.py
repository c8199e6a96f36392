"""Thin MkDocs hooks. MkDocs loads each hook file on its own; what they share is the build session
(policysite.session), which hooks/documents.py begins."""
