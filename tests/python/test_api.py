"""The Python API against the command line: same findings, offsets converted; the GIL released;
errors as exceptions with the command line's messages; a forked child lints."""

import ast
import os
import pickle
import select
import threading
import time
from pathlib import Path

import pytest
import spinlint
from conftest import ROOT, cli_findings, fixture_paths, run_cli


def test_lint_gives_the_command_lines_findings(articles):
    expected = cli_findings(articles)
    linter = spinlint.Linter()
    total = 0
    for path in articles:
        text = Path(path).read_text(encoding="utf-8")
        found = [f.to_dict() for f in linter.lint(text)]
        assert found == expected[str(path)], path
        for f in linter.lint(text):
            assert text[f.start : f.end] == f.text
            assert text.encode("utf-8")[f.byte_start : f.byte_end].decode("utf-8") == f.text
        total += len(found)
    assert total > 10, "the fixtures should have findings to compare"
    # The non-ASCII copies moved the offsets: the conversion was exercised.
    shifted = [f for p in articles if "unicode-" in str(p) for f in expected[str(p)]]
    assert shifted and all(f["start"] < f["byte_start"] for f in shifted)


def test_lint_many_gives_what_lint_gives(articles):
    linter = spinlint.Linter()
    texts = [Path(p).read_text(encoding="utf-8") for p in articles] * 3
    one_by_one = [[f.to_dict() for f in linter.lint(t)] for t in texts]
    for threads in (None, 1, 2):
        many = linter.lint_many(iter(texts), threads=threads)
        assert [[f.to_dict() for f in fs] for fs in many] == one_by_one
    assert linter.lint_many([]) == []


def test_findings_are_small_typed_objects():
    linter = spinlint.Linter()
    text = fixture_paths()[0].read_text(encoding="utf-8")
    finding = linter.lint(text)[0]
    assert isinstance(finding, spinlint.Finding)
    assert repr(finding).startswith(f"Finding(rule={finding.rule!r}, severity={finding.severity!r}, line=")
    assert finding.severity in ("error", "warning", "info")
    assert all(isinstance(label, spinlint.Label) for label in finding.labels)
    with pytest.raises(AttributeError):
        finding.rule = "other"  # frozen
    assert "Linter(rules=" in repr(linter)


def test_stubs_name_what_the_module_has():
    """spinlint/_native.pyi lists every class, method, property and function of the module."""
    import spinlint._native as native

    stub = ast.parse((Path(native.__file__).parent / "_native.pyi").read_text(encoding="utf-8"))
    assert (Path(native.__file__).parent / "py.typed").exists()
    for node in stub.body:
        if isinstance(node, ast.ClassDef):
            cls = getattr(native, node.name)
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name != "__init__":
                    assert hasattr(cls, item.name), f"{node.name}.{item.name}"
        elif isinstance(node, ast.FunctionDef):
            assert callable(getattr(native, node.name)), node.name


def test_rules_and_explain_are_the_command_lines():
    rules = spinlint.rules()
    assert len(rules) > 10 and {"id", "category", "severity", "enabled", "message"} <= set(rules[0])
    for rule in rules[:5]:
        assert spinlint.explain(rule["id"]) == run_cli("explain", "--isolated", rule["id"]).stdout
    assert spinlint.Linter().rules() == rules


def cli_error(*args):
    stderr = run_cli(*args, check_status=(2,)).stderr
    return stderr.strip().removeprefix("error: ")


def test_errors_are_exceptions_with_the_command_lines_messages(tmp_path):
    missing = str(tmp_path / "missing.toml")
    with pytest.raises(spinlint.SpinlintError) as error:
        spinlint.Linter(config=missing)
    assert str(error.value) == cli_error("check", "--config", missing, str(fixture_paths()[0]))
    assert isinstance(error.value, ValueError)

    no_folder = str(tmp_path / "no-rules")
    with pytest.raises(spinlint.SpinlintError) as error:
        spinlint.Linter(rules=[no_folder])
    assert str(error.value) == cli_error("check", "--isolated", "--rules", no_folder, str(fixture_paths()[0]))

    # A configuration's problems: the command line draws each under its line; the message says
    # where it is and ends with the command line's last line.
    bad = tmp_path / "spinlint.toml"
    bad.write_text('disable = ["no-such-rule"]\n', encoding="utf-8")
    with pytest.raises(spinlint.SpinlintError) as error:
        spinlint.Linter(config=str(bad))
    last = cli_error("check", "--config", str(bad), str(fixture_paths()[0])).splitlines()[-1]
    assert str(error.value).splitlines()[-1] == last.removeprefix("error: ")
    assert str(error.value).startswith(f"{bad}:1:")
    # The same configuration given as text.
    with pytest.raises(spinlint.SpinlintError, match="no article was checked"):
        spinlint.Linter(config=bad.read_text(encoding="utf-8"))

    with pytest.raises(spinlint.SpinlintError, match="no rule `no-such-rule`"):
        spinlint.explain("no-such-rule")
    with pytest.raises(spinlint.SpinlintError, match="must be a str"):
        spinlint.Linter().lint(b"bytes")
    with pytest.raises(spinlint.SpinlintError, match="not valid Unicode"):
        spinlint.Linter().lint("a lone \ud800 surrogate")
    for threads in (0, -1, 10**6):
        with pytest.raises(spinlint.SpinlintError, match="threads: from 1 to 1024"):
            spinlint.Linter().lint_many(["text", "more"], threads=threads)
    # Names the file system cannot encode are errors, never a panic in the conversion.
    for make in (
        lambda: spinlint.Linter().lint("x", path="\ud800"),
        lambda: spinlint.Linter(rules="\ud800"),
        lambda: spinlint.Linter(rules=[Path("\ud800")]),
        lambda: spinlint.Linter(config=Path("\ud800.toml")),
        lambda: spinlint.explain("x", rules="\ud800"),
    ):
        with pytest.raises(spinlint.SpinlintError, match="not a path the file system can name"):
            make()


def test_a_configuration_given_as_text_or_path_applies(tmp_path):
    text = fixture_paths()[0].read_text(encoding="utf-8")
    rule = spinlint.Linter().lint(text)[0].rule
    config = f'disable = ["{rule}"]\n'
    (tmp_path / "spinlint.toml").write_text(config, encoding="utf-8")
    for linter in (spinlint.Linter(config=config), spinlint.Linter(config=tmp_path / "spinlint.toml")):
        assert rule not in {f.rule for f in linter.lint(text)}
    # `path` picks the overrides for it.
    overrides = f'[[overrides]]\nfiles = ["opinion/**"]\ndisable = ["{rule}"]\n'
    linter = spinlint.Linter(config=overrides)
    assert rule in {f.rule for f in linter.lint(text, path="news/a.txt")}
    assert rule not in {f.rule for f in linter.lint(text, path="opinion/a.txt")}


def test_lint_many_releases_the_gil():
    """A Python thread counts while lint_many runs on one thread. Were the GIL held for the call,
    the counter could not move until it returned (the Rust code never yields it), so it would
    advance by at most one switch interval's worth (5 ms) whatever the call's length. Released,
    the counter runs through the whole call. The check compares the count during the call with
    the count during a sleep as long, on the same machine: a ratio, not a duration, so a slow or
    busy machine changes both sides."""
    linter = spinlint.Linter()
    texts = [p.read_text(encoding="utf-8") for p in fixture_paths()]
    # A batch that takes at least half a second, so 5 ms is 1% of it.
    while True:
        started = time.perf_counter()
        linter.lint_many(texts, threads=1)
        if time.perf_counter() - started >= 0.5:
            break
        texts = texts * 2

    count = 0
    stop = False

    def counter():
        nonlocal count
        while not stop:
            count += 1

    thread = threading.Thread(target=counter)
    thread.start()
    try:
        time.sleep(0.05)
        before = count
        started = time.perf_counter()
        linter.lint_many(texts, threads=1)
        duration = time.perf_counter() - started
        during_lint = count - before
        before = count
        time.sleep(duration)
        during_sleep = count - before
    finally:
        stop = True
        thread.join()
    assert during_sleep > 0
    assert during_lint > 0.2 * during_sleep, (during_lint, during_sleep, duration)


def test_a_forked_child_lints():
    """The parent's pool is made before the fork; the child, whose copy of it has no threads,
    must make its own and finish (a hang fails after 60 s)."""
    linter = spinlint.Linter()
    texts = [p.read_text(encoding="utf-8") for p in fixture_paths()] * 4
    expected = [[f.to_dict() for f in fs] for fs in linter.lint_many(texts, threads=2)]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            found = [[f.to_dict() for f in fs] for fs in linter.lint_many(texts, threads=2)]
            found_new = [[f.to_dict() for f in fs] for fs in spinlint.Linter().lint_many(texts)]
            with os.fdopen(write, "wb") as out:
                pickle.dump((found, found_new), out)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    ready, _, _ = select.select([read], [], [], 60)
    if not ready:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        pytest.fail("the forked child did not finish linting within 60 s")
    with os.fdopen(read, "rb") as data:
        found, found_new = pickle.load(data)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert found == expected and found_new == expected
    # And the parent's pool still works.
    assert [[f.to_dict() for f in fs] for fs in linter.lint_many(texts, threads=2)] == expected


def test_import_starts_no_threads():
    """`import spinlint` makes no pool: a fresh interpreter has one thread after it."""
    import subprocess
    import sys

    code = "import threading, os, spinlint; print(len(os.listdir('/proc/self/task')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "1"



def test_a_linter_pickles_as_its_arguments(tmp_path):
    text = fixture_paths()[0].read_text(encoding="utf-8")
    rule = spinlint.Linter().lint(text)[0].rule
    for config in (None, f'disable = ["{rule}"]\n'):
        linter = spinlint.Linter(config=config)
        copy = pickle.loads(pickle.dumps(linter))
        assert isinstance(copy, spinlint.Linter) and copy is not linter
        assert [f.to_dict() for f in copy.lint(text)] == [f.to_dict() for f in linter.lint(text)]
    # Made of an iterator of folders and a relative path: the copy has the same rules, wherever
    # it is unpickled.
    custom = ROOT / "fixtures" / "custom-rules"
    linter = spinlint.Linter(rules=iter([custom]))
    assert len(linter.rules()) > len(spinlint.rules())
    here = os.getcwd()
    try:
        os.chdir(tmp_path)
        copy = pickle.loads(pickle.dumps(linter))
    finally:
        os.chdir(here)
    assert len(copy.rules()) == len(linter.rules())


def test_one_linter_serves_many_python_threads():
    from concurrent.futures import ThreadPoolExecutor

    linter = spinlint.Linter()
    texts = [p.read_text(encoding="utf-8") for p in fixture_paths()] * 8
    expected = [[f.to_dict() for f in linter.lint(t)] for t in texts]
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda t: [f.to_dict() for f in linter.lint(t)], texts))
    assert found == expected
