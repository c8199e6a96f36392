"""Benchmark of the check and the HTML build on generated corpora: `python -m policysite.bench` (make bench).

`corpus.generate` writes a valid bilingual project of any size; `__main__` times
the check and the builds on it and writes bench/results.md.
"""
