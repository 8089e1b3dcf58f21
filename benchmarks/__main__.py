"""Run every benchmark: python -m benchmarks [NAME ...]."""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import sys
from pathlib import Path

SKIP = {"common", "__main__"}


def main(names: list[str]) -> None:
    # Arguments after the names (a number, --options) are left in sys.argv for the benchmark to read.
    names = list(itertools.takewhile(lambda a: not (a.startswith("-") or a[:1].isdigit()), names))
    available = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name not in SKIP)
    for name in names or available:
        if name not in available:
            raise SystemExit(f"no benchmark {name!r}; choose from {', '.join(available)}")
        print(f"== {name}", flush=True)
        importlib.import_module(f"benchmarks.{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
