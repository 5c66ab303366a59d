"""spinlint over Arrow data: a table (or record batch) of texts in, a table of findings out, one
row per finding. What spinlint.spark runs on each partition, and what a Ray Data ``map_batches``
function can call (docs/archives.md: "Ray Data"). pyarrow is imported when called, never at
``import spinlint``.
"""

from typing import Any

__all__ = ["lint_table", "FINDING_COLUMNS"]

#: The columns of the findings, after the id column (named as ``id_col``): start and end are
#: 0-based offsets in the text in characters (as Python indexes a ``str``), text the words flagged.
FINDING_COLUMNS = ("rule", "category", "severity", "start", "end", "text", "message")


def lint_table(linter: Any, table: Any, text_col: str = "text", id_col: str = "id", threads: int = 1) -> Any:
    """The findings of each row's ``text_col`` as a table (or a record batch, for one): the
    row's ``id_col`` and :data:`FINDING_COLUMNS`. Null texts have no findings. ``linter`` is a
    :class:`spinlint.Linter`, made once and used for every batch."""
    import pyarrow as pa

    texts = table.column(text_col).to_pylist()
    present = [i for i, text in enumerate(texts) if text is not None]
    results = linter.lint_many([texts[i] for i in present], threads=threads)
    rows = []
    columns = {name: [] for name in FINDING_COLUMNS}
    for row, findings in zip(present, results):
        for f in findings:
            rows.append(row)
            columns["rule"].append(f.rule)
            columns["category"].append(f.category)
            columns["severity"].append(f.severity)
            columns["start"].append(f.start)
            columns["end"].append(f.end)
            columns["text"].append(f.text)
            columns["message"].append(f.message)
    ids = table.column(id_col).take(pa.array(rows, type=pa.int64()))
    arrays = [ids] + [
        pa.array(columns[name], type=pa.int64() if name in ("start", "end") else pa.string()) for name in FINDING_COLUMNS
    ]
    names = [id_col, *FINDING_COLUMNS]
    if isinstance(table, pa.RecordBatch):
        return pa.RecordBatch.from_arrays(arrays, names=names)
    return pa.Table.from_arrays(arrays, names=names)
