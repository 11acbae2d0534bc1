"""The same aggregation on Apache Spark, for archives too big for one machine.

Optional: ``pip install slakit[spark]``. Sends and receipts are Parquet (or any table Spark can
read) with the archive's columns; :meth:`Archive.export` writes them from a DuckDB archive. The
SQL is :data:`slakit.receipts.aggregate.OUTCOMES`, unchanged.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from pyspark.sql import SparkSession

from .aggregate import Run


def spark_runner(spark: SparkSession, sends: str, receipts: str) -> Run:
    """A ``run(sql, tables)`` for :func:`~slakit.receipts.aggregate.daily_outcomes` on Spark."""
    spark.read.parquet(sends).createOrReplaceTempView("sends")
    spark.read.parquet(receipts).createOrReplaceTempView("receipts")

    def run(sql: str, tables: dict[str, pa.Table]) -> list[tuple[Any, ...]]:
        for name, table in tables.items():
            spark.createDataFrame(table).createOrReplaceTempView(name)
        return [tuple(row) for row in spark.sql(sql).collect()]

    return run
