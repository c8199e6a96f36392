"""The benchmark, outside the product package: `python -m bench` from the repository root (`make bench`).

`corpus` generates a valid bilingual project of any size and `plain` the plain stack's configuration for it;
`measure` times one whole process, `memory` samples a process tree's peak memory, `pages` weighs built pages;
`realsite`, `serve`, `engine` and `fresh_clone` measure the real site, the edit loop, the ProperDocs build and a
fresh clone's `make test`; `peer` and `figures` run and read the peer PDF plugin and our PDF stage's report;
`targets` judges the issue's targets; `__main__` runs it all and writes bench/results.md.
"""
