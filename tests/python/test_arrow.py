"""spinlint.arrow.lint_table, what spinlint.spark runs per partition and a Ray Data map_batches
function calls: one row per finding, the same as Linter.lint gives, for a table or a batch."""

from pathlib import Path

import pyarrow as pa
import spinlint
from spinlint.arrow import FINDING_COLUMNS, lint_table


def test_lint_table_gives_lints_findings(articles):
    texts = [Path(p).read_text(encoding="utf-8") for p in articles] + [None]
    ids = [f"article-{i}" for i in range(len(texts))]
    table = pa.table({"url": ids, "body": texts})
    linter = spinlint.Linter()
    expected = [
        (ids[i], f.rule, f.category, f.severity, f.start, f.end, f.text, f.message)
        for i, text in enumerate(texts)
        if text is not None
        for f in linter.lint(text)
    ]
    for data in (table, table.to_batches()[0]):
        found = lint_table(linter, data, text_col="body", id_col="url")
        assert found.column_names == ["url", *FINDING_COLUMNS]
        assert found.schema.field("start").type == pa.int64()
        assert sorted(zip(*(found.column(c).to_pylist() for c in found.column_names))) == sorted(expected)
    assert len(expected) > 10


def test_import_spinlint_imports_no_pyarrow_nor_pyspark():
    import subprocess
    import sys

    code = "import sys, spinlint, spinlint.spark, spinlint.arrow; print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyarrow', 'pyspark')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
