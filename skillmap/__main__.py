"""``python -m skillmap``: the same command line as ``skillmap``."""

from .cli import main

if __name__ == "__main__":
    main()
