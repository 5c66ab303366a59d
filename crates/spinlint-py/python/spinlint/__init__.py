"""spinlint: a linter for news articles (spin, weasel words, unsupported claims).

    >>> import spinlint
    >>> linter = spinlint.Linter()
    >>> findings = linter.lint("Critics slammed the so-called reform.")

``Linter(config=None, rules=None)`` loads the rules once; ``lint(text)`` returns a list of
:class:`Finding`, ``lint_many(texts, threads=None)`` a list per text, linted in parallel without
the GIL. ``rules()`` lists the rules, ``explain(id)`` says what one flags. Errors raise
:class:`SpinlintError` (a ``ValueError``) with the command line's message.

``spinlint.spark.lint(df)`` lints a Spark DataFrame's text column (pyspark and pyarrow needed).
"""

from ._native import Finding, Label, Linter, SpinlintError, __version__, explain, rules

__all__ = ["Finding", "Label", "Linter", "SpinlintError", "__version__", "explain", "rules"]
