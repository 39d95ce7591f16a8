"""`make bench`: run every benchmark, or the one named (`python -m tests.bench cases`).
Each runs in its own process, as `python -m tests.bench.<name>`, with the rest of
the command line passed on (`python -m tests.bench cases --cases 20000`)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ["exports", "cases", "reports"]


def main(argv: list[str]) -> int:
    names, rest = (argv[:1], argv[1:]) if argv and argv[0] in BENCHMARKS else (BENCHMARKS, argv)
    if argv and not argv[0].startswith("-") and argv[0] not in BENCHMARKS:
        print(f"unknown benchmark {argv[0]!r}; one of: {', '.join(BENCHMARKS)}")
        return 2
    for name in names:
        print(f"==> {name}", flush=True)
        done = subprocess.run([sys.executable, "-m", f"tests.bench.{name}", *rest], cwd=ROOT)
        if done.returncode:
            return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
