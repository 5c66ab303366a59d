"""What the Python tests share: the command line (SPINLINT_EXE, set by run.sh), the repository
(SPINLINT_ROOT) and its fixture articles, and the command line's findings as the API gives them."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(os.environ.get("SPINLINT_ROOT", Path(__file__).resolve().parents[2]))
EXE = os.environ.get("SPINLINT_EXE", str(ROOT / "target" / "debug" / "spinlint"))

#: Non-ASCII text before a fixture article: code point offsets differ from byte offsets after it.
UNICODE_LEAD = "\u201cCaf\u00e9\u201d \u2014 na\u00efve r\u00e9sum\u00e9 \U0001f600 \u00fcber.\n\n"


def fixture_paths():
    paths = sorted(ROOT.glob("fixtures/*.txt"))
    assert paths, f"no fixture articles in {ROOT / 'fixtures'}"
    return paths


def run_cli(*args, check_status=(0, 1)):
    done = subprocess.run([EXE, *args], capture_output=True, text=True, encoding="utf-8")
    assert done.returncode in check_status, f"spinlint {' '.join(args)} exited {done.returncode}: {done.stderr}"
    return done


def cli_findings(paths):
    """The command line's findings per path, in the API's terms: `start`/`end` as Python string
    indices (its JSON `span` is bytes), the rest as the JSON says."""
    report = json.loads(run_cli("check", "--isolated", "--format", "json", *map(str, paths)).stdout)
    by_path = {str(p): [] for p in paths}
    texts = {str(p): Path(p).read_bytes() for p in paths}
    for d in report["diagnostics"]:
        data = texts[d["path"]]

        def chars(offset):
            return len(data[:offset].decode("utf-8"))

        by_path[d["path"]].append(
            {
                "rule": d["rule"],
                "category": d["category"],
                "severity": d["severity"],
                "message": d["message"],
                "help": d["help"],
                "text": d["text"],
                "start": chars(d["span"]["start"]),
                "end": chars(d["span"]["end"]),
                "byte_start": d["span"]["start"],
                "byte_end": d["span"]["end"],
                "line": d["line"],
                "column": d["column"],
                "end_line": d["end_line"],
                "end_column": d["end_column"],
                "labels": [
                    {
                        "message": l["message"],
                        "start": chars(l["span"]["start"]),
                        "end": chars(l["span"]["end"]),
                        "byte_start": l["span"]["start"],
                        "byte_end": l["span"]["end"],
                        "line": l["line"],
                        "column": l["column"],
                    }
                    for l in d["labels"]
                ],
            }
        )
    return by_path


@pytest.fixture(scope="session")
def articles(tmp_path_factory):
    """The fixture articles, and each again after a line of non-ASCII text."""
    folder = tmp_path_factory.mktemp("articles")
    paths = []
    for path in fixture_paths():
        paths.append(path)
        shifted = folder / f"unicode-{path.name}"
        shifted.write_text(UNICODE_LEAD + path.read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(shifted)
    return paths
