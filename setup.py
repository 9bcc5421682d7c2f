"""Only the optional C accelerator lives here; everything else is in pyproject.toml.

``optional=True``: without a C compiler the build goes on and skillmap uses its Python
trie walk (same results, slower)."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("skillmap.pipeline._scan", ["skillmap/pipeline/_scan.c"], optional=True)])
