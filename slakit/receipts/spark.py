"""The same aggregation on Apache Spark, for archives too big for one machine.

Optional: ``pip install slakit[spark]``. Sends and receipts are Parquet (or any table Spark can
read) with the archive's columns; :meth:`Archive.export` writes them from a DuckDB archive. The
SQL is :data:`slakit.receipts.aggregate.OUTCOMES`, unchanged.

The small tables (code map, exclusion windows) go to Spark as rows with their schema, not
through pandas: no pandas code runs in Spark's driver, so PySpark's warning about pandas 3 has
no reason to be raised.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
from pyspark.sql import SparkSession

from .aggregate import Outcomes, Query, Run, outcomes
from .archive import Archive
from .windows import Segment

_TYPES = {pa.string(): "STRING", pa.int64(): "BIGINT"}


def spark_runner(spark: SparkSession, sends: str, receipts: str) -> Run:
    """A ``run(sql, tables)`` for :func:`~slakit.receipts.aggregate.outcomes` on Spark."""
    spark.read.parquet(sends).createOrReplaceTempView("sends")
    spark.read.parquet(receipts).createOrReplaceTempView("receipts")

    def run(sql: str, tables: dict[str, pa.Table]) -> list[tuple[Any, ...]]:
        for name, table in tables.items():
            schema = ", ".join(f"{f.name} {_TYPES[f.type]}" for f in table.schema)
            spark.createDataFrame([tuple(r.values()) for r in table.to_pylist()], schema) \
                .createOrReplaceTempView(name)
        return [tuple(row) for row in spark.sql(sql).collect()]

    return run


def session() -> SparkSession:
    """The Spark session: the cluster's when the program runs under ``spark-submit``, else a
    local one on this machine's cores (loopback only, no UI).

    PySpark 4.3 warns, as a session starts, that it does not yet fully support pandas 3; slakit
    hands Spark no pandas objects (rows with their schema, Parquet), so that warning alone is
    silenced, here where it does not apply.
    """
    builder = SparkSession.builder.appName("slakit")
    if "PYSPARK_GATEWAY_PORT" not in os.environ:  # not started by spark-submit: local mode
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (builder.master("local[*]").config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1").config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false"))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
        spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def spark_outcomes(db: str | Path, query: Query, segments: Sequence[Segment]) -> Outcomes:
    """:func:`~slakit.receipts.aggregate.outcomes` on Spark, over an exported archive (a
    folder with ``sends.parquet`` and ``receipts.parquet``, here or at a URI the cluster reads,
    such as ``hdfs://…`` or ``s3a://…``) or a DuckDB archive, exported first."""
    with tempfile.TemporaryDirectory(prefix="slakit-spark-") as scratch:
        if "://" in str(db) or Path(db).is_dir():
            sends, receipts = (f"{str(db).rstrip('/')}/{name}.parquet" for name in ("sends", "receipts"))
        else:
            with Archive(db, read_only=True) as archive:
                sends, receipts = map(str, archive.export(scratch))
        return outcomes(spark_runner(session(), sends, receipts), query, segments)
