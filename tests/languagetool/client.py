"""language-tool-python, LanguageTool's Python client, pointed at `spinlint serve`.

usage: client.py URL SPINLINT_EXE   (run.sh starts the server and passes its URL)

Each check is a function named check_*; the script runs them all and ends with
'languagetool: N passed, M failed'. The matches must be spinlint's findings, at offsets that
index the Python string the client checked (the client turns LanguageTool's UTF-16 offsets
into code points itself), with the context the server sent.
"""

import glob
import json
import os
import subprocess
import sys
import traceback

import language_tool_python

URL, EXE = sys.argv[1], sys.argv[2]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

ARTICLE = (
    "Experts say there is no evidence, the so-called reforms are a disaster. "
    "Everyone knows this is the best plan ever."
)
UNICODE = "“Experts say” 😀 the so-called 改革 reforms.\n日本 officials insist there is no evidence 🎉 of fraud."
PICKY = "Only a handful of protesters came. The minister slammed the plan. There is no evidence of fraud."


def tool(language="en-US"):
    return language_tool_python.LanguageTool(language, remote_server=URL)


def found(text, matches):
    """Each match as (rule id, the words its offset and length point at in the text)."""
    return [(m.rule_id, text[m.offset : m.offset + m.error_length]) for m in matches]


def cli_findings(text):
    """What `spinlint check --format json` finds in the text: (rule, words) in order."""
    run = subprocess.run(
        [EXE, "check", "--isolated", "--format", "json", "-"],
        input=text.encode(),
        capture_output=True,
        check=False,
    )
    assert run.returncode in (0, 1), run.stderr.decode()
    return [(d["rule"], d["text"], d["severity"]) for d in json.loads(run.stdout)["diagnostics"]]


def check_the_article_gets_spinlints_findings_with_every_field():
    with tool() as lt:
        matches = lt.check(ARTICLE)
    assert found(ARTICLE, matches) == [
        ("vague-source-unnamed-experts", "Experts say"),
        ("no-evidence-none-exists", "no evidence"),
        ("doubt-so-called", "so-called"),
        ("cliche-thought-terminating", "Everyone knows this"),
        ("exaggeration-superlative", "best plan ever"),
    ], found(ARTICLE, matches)
    for m in matches:
        assert m.message.strip(), m
        assert m.category == m.category.upper() and m.category, m
        assert m.rule_issue_type == "style", m
        assert m.replacements == [], m
        assert m.sentence, m
        # The context holds the matched words at offset_in_context.
        assert m.matched_text == ARTICLE[m.offset : m.offset + m.error_length], m
        assert m.context in ARTICLE, m
        assert str(m).startswith(f"Offset {m.offset}, length {m.error_length}, Rule ID: {m.rule_id}"), str(m)
    so_called = matches[2]
    assert "casts doubt" in so_called.message, so_called.message
    assert so_called.category == "DOUBT", so_called.category
    assert so_called.sentence == "Experts say there is no evidence, the so-called reforms are a disaster.", so_called


def check_offsets_index_the_python_string_past_emoji_curly_quotes_and_cjk():
    with tool() as lt:
        matches = lt.check(UNICODE)
    assert found(UNICODE, matches) == [
        ("vague-source-quoted", "Experts say"),
        ("doubt-so-called", "so-called"),
        ("no-evidence-none-exists", "no evidence"),
    ], found(UNICODE, matches)
    for m in matches:
        # The context's offset counts UTF-16 units, as LanguageTool's does; the client corrects
        # `offset` for characters outside the BMP but not `offset_in_context`, so its
        # `matched_text` is off after an emoji (with LanguageTool's server too): read it in units.
        units = m.context.encode("utf-16-le")
        start = 2 * m.offset_in_context
        in_context = units[start : start + 2 * m.error_length].decode("utf-16-le")
        assert in_context == UNICODE[m.offset : m.offset + m.error_length], (in_context, m)
    # The line and column of the third, on the second line.
    assert matches[2].get_line_and_column(UNICODE) == (2, UNICODE.split("\n")[1].index("no evidence") + 1)


def check_the_fixture_articles_match_the_command_line():
    files = sorted(glob.glob(os.path.join(ROOT, "fixtures", "*.txt")))
    assert files, "no fixtures/*.txt"
    with tool() as lt:
        lt.picky = True
        for path in files:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            expected = [(rule, words) for rule, words, _ in cli_findings(text)]
            got = found(text, lt.check(text))
            assert got == expected, (path, got, expected)


def check_rules_and_categories_are_chosen_as_with_languagetool():
    with tool() as lt:
        everything = [m.rule_id for m in lt.check(ARTICLE)]
        lt.disabled_rules = {"doubt-so-called", "exaggeration-superlative"}
        rules = [m.rule_id for m in lt.check(ARTICLE)]
        assert rules == [r for r in everything if r not in lt.disabled_rules], rules
        lt.disabled_rules = set()
        lt.disabled_categories = {"NO_EVIDENCE"}
        rules = [m.rule_id for m in lt.check(ARTICLE)]
        assert rules == [r for r in everything if r != "no-evidence-none-exists"], rules
        lt.disabled_categories = set()
        lt.enabled_rules = {"doubt-so-called"}
        lt.enabled_rules_only = True
        assert [m.rule_id for m in lt.check(ARTICLE)] == ["doubt-so-called"]
        lt.enabled_rules = set()
        lt.enabled_categories = {"CLICHE"}
        assert [m.rule_id for m in lt.check(ARTICLE)] == ["cliche-thought-terminating"]


def check_picky_adds_the_info_findings():
    with tool() as lt:
        assert found(PICKY, lt.check(PICKY)) == [("no-evidence-none-exists", "no evidence")]
        lt.picky = True
        matches = lt.check(PICKY)
    assert found(PICKY, matches) == [
        ("exaggeration-mere-handful", "Only a handful of protesters"),
        ("loaded-speech-verbs", "slammed"),
        ("no-evidence-none-exists", "no evidence"),
    ], found(PICKY, matches)
    assert [m.rule_issue_type for m in matches] == ["uncategorized", "uncategorized", "style"]


def check_the_english_variants_and_auto_are_languages_and_others_are_not():
    for language in ("en-GB", "en", "auto", "en_AU"):
        with tool(language) as lt:
            assert [m.rule_id for m in lt.check("There is no evidence.")] == ["no-evidence-none-exists"], language
    for language in ("de-DE", "fr"):
        try:
            tool(language)
        except ValueError as e:
            assert "unsupported language" in str(e), e
        else:
            raise AssertionError(f"{language} was taken")


def check_correct_changes_nothing_without_replacements():
    with tool() as lt:
        assert lt.correct(ARTICLE) == ARTICLE


def check_an_unknown_rule_is_an_error_that_says_so():
    with tool() as lt:
        lt.enabled_rules = {"doubt-so-caled"}
        try:
            lt.check(ARTICLE)
        except language_tool_python.exceptions.LanguageToolError as e:
            assert "did you mean `doubt-so-called`" in str(e), e
        else:
            raise AssertionError("an unknown rule was taken")


def main():
    checks = [(name, f) for name, f in globals().items() if name.startswith("check_") and callable(f)]
    failed = 0
    for name, f in checks:
        try:
            f()
        except Exception:  # noqa: BLE001 - every failure is reported, then counted
            failed += 1
            print(f"languagetool: {name} FAILED", file=sys.stderr)
            traceback.print_exc()
        else:
            print(f"languagetool: {name} ok")
    print(f"languagetool: {len(checks) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
