"""spinlint over a Spark DataFrame: one row per finding.

    >>> from spinlint import spark as spinlint_spark
    >>> findings = spinlint_spark.lint(articles, text_col="body", id_col="url")

Built on ``DataFrame.mapInArrow`` (Spark 3.3 and newer): each partition's rows reach Python as
Arrow batches, one :class:`spinlint.Linter` is built per partition, and its findings go back as
Arrow batches. The executors need this package and pyarrow (docs/archives.md: "Spark").
pyspark and pyarrow are imported when ``lint`` is called, never at ``import spinlint``.
"""

from typing import Any, Iterator, Optional, Sequence, Union

from .arrow import FINDING_COLUMNS

__all__ = ["lint", "FINDING_COLUMNS"]


def lint(
    df: Any,
    text_col: str = "text",
    id_col: str = "id",
    config: Optional[str] = None,
    rules: Union[str, Sequence[str], None] = None,
    threads: int = 1,
) -> Any:
    """The findings in ``df[text_col]``: a DataFrame with the row's ``id_col`` and rule,
    category, severity, start, end (0-based offsets in the text, in characters, as Python
    indexes a ``str``), text (the words flagged) and message. Null texts have no findings.

    ``config`` and ``rules`` are as for :class:`spinlint.Linter`, read on the driver (to fail
    early) and on the executors: a path must exist on both (or pass the configuration's text). ``threads`` per task: Spark already runs
    a task per core, so 1 by default.
    """
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    if text_col not in df.columns:
        raise ValueError(f"spinlint.spark.lint: no column {text_col!r} (columns: {', '.join(df.columns)})")
    if id_col not in df.columns:
        raise ValueError(f"spinlint.spark.lint: no column {id_col!r} (columns: {', '.join(df.columns)})")
    for name in (text_col, id_col):
        if "." in name:
            # Spark reads `a.b` as a field of a struct in the plan mapInArrow builds.
            raise ValueError(f"spinlint.spark.lint: column {name!r} has a dot in its name; rename it first")
    if id_col == text_col or id_col in FINDING_COLUMNS:
        raise ValueError(
            f"spinlint.spark.lint: the id column {id_col!r} would clash with a column of the findings "
            f"({', '.join(FINDING_COLUMNS)}); rename it first (df.withColumnRenamed)"
        )
    if not isinstance(df.schema[text_col].dataType, StringType):
        raise ValueError(
            f"spinlint.spark.lint: column {text_col!r} holds {df.schema[text_col].dataType.simpleString()}, not strings"
        )
    id_field = df.schema[id_col]
    schema = StructType(
        [StructField(id_col, id_field.dataType, id_field.nullable)]
        + [StructField(name, LongType() if name in ("start", "end") else StringType(), True) for name in FINDING_COLUMNS]
    )
    # Fails here, on the driver, with spinlint's message, rather than in every task.
    from . import Linter

    Linter(config, rules)

    def partition(batches: Iterator[Any]) -> Iterator[Any]:
        return _lint_batches(batches, text_col, id_col, config, rules, threads)

    return df.select(id_col, text_col).mapInArrow(partition, schema)


def _lint_batches(
    batches: Iterator[Any],
    text_col: str,
    id_col: str,
    config: Optional[str],
    rules: Union[str, Sequence[str], None],
    threads: int,
) -> Iterator[Any]:
    """The findings of a partition's Arrow batches, one batch out per batch in, with one linter."""
    from . import Linter
    from .arrow import lint_table

    linter = None
    for batch in batches:
        if linter is None:
            linter = Linter(config, rules)
        yield lint_table(linter, batch, text_col, id_col, threads)
