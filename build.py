"""Build the archive site: `python build.py [build|serve|search|parse] …` (see README)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from newsarchive.cli import run  # noqa: E402

if __name__ == "__main__":
    run(sys.argv[1:])
