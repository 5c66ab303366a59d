"""spinlint.spark.lint in Spark's local mode on a JSON Lines file of the fixture articles: one
row per finding, the same findings as the command line's on the same articles."""

import json
import os
import sys
from pathlib import Path

import pytest
from conftest import cli_findings

pyspark = pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # The executors' Python is this one, where the wheel is installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("spinlint-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_findings_are_the_command_lines(spark, articles, tmp_path):
    from spinlint import spark as spinlint_spark

    jsonl = tmp_path / "articles.jsonl"
    with jsonl.open("w", encoding="utf-8") as out:
        for number, path in enumerate(articles):
            out.write(json.dumps({"id": number, "text": Path(path).read_text(encoding="utf-8")}) + "\n")
        out.write(json.dumps({"id": len(articles), "text": None}) + "\n")
    df = spark.read.json(str(jsonl)).repartition(3)

    findings = spinlint_spark.lint(df, text_col="text", id_col="id")
    assert findings.columns == ["id", "rule", "category", "severity", "start", "end", "text", "message"]
    got = sorted(tuple(row) for row in findings.collect())

    expected = cli_findings(articles)
    wanted = sorted(
        (number, f["rule"], f["category"], f["severity"], f["start"], f["end"], f["text"], f["message"])
        for number, path in enumerate(articles)
        for f in expected[str(path)]
    )
    assert got == wanted
    assert len(got) > 10

    # An aggregation, as docs/archives.md shows one.
    per_rule = {row["rule"]: row["count"] for row in findings.groupBy("rule").count().collect()}
    assert sum(per_rule.values()) == len(got)


def test_spark_errors_on_the_driver(spark):
    from spinlint import SpinlintError
    from spinlint import spark as spinlint_spark

    df = spark.createDataFrame([(1, "text")], ["id", "body"])
    with pytest.raises(ValueError, match="no column 'text'"):
        spinlint_spark.lint(df)
    with pytest.raises(SpinlintError, match="no such file"):
        spinlint_spark.lint(df, text_col="body", config="missing.toml")
    # An id column that would clash with the findings' columns, and a text column of numbers.
    clash = spark.createDataFrame([("a", "text")], ["rule", "body"])
    with pytest.raises(ValueError, match="would clash"):
        spinlint_spark.lint(clash, text_col="body", id_col="rule")
    with pytest.raises(ValueError, match="would clash"):
        spinlint_spark.lint(df, text_col="body", id_col="body")
    numbers = spark.createDataFrame([(1, 2)], ["id", "body"])
    with pytest.raises(ValueError, match="not strings"):
        spinlint_spark.lint(numbers, text_col="body")


def test_spark_says_a_dotted_column_name_must_be_renamed(spark):
    from spinlint import spark as spinlint_spark

    df = spark.createDataFrame([(1, "There is no evidence, because none exists.")], ["doc.id", "body"])
    with pytest.raises(ValueError, match="has a dot in its name"):
        spinlint_spark.lint(df, text_col="body", id_col="doc.id")
