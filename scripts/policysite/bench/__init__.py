"""Benchmark of the check, the HTML build and the PDF stage on generated corpora: `python -m policysite.bench`.

`corpus.generate` writes a valid bilingual project of any size; `__main__` times
the check, the builds (with and without PDFs) and the peer PDF plugin on it and
writes bench/results.md. `peer` makes the peer's own environment and
configuration, `figures` reads what each PDF stage reports, and `memory` samples
the peak memory of a build's whole process tree.
"""
