from __future__ import annotations

import os

import pytest
from pyspark.sql import SparkSession

from slakit.months import service_months
from slakit.policy import load_policy
from slakit.receipts.aggregate import Query, daily_outcomes, figures, outcomes
from slakit.receipts.archive import Archive
from slakit.receipts.codemap import load_codemap
from slakit.receipts.evaluate import evaluate
from slakit.receipts.spark import spark_runner
from slakit.receipts.windows import Window, segments

from .conftest import INCIDENT, START

pytestmark = [pytest.mark.slow, pytest.mark.spark,
              pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")]


@pytest.fixture(scope="module")
def spark():
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"  # local mode stays on the loopback address
    session = (SparkSession.builder.master("local[2]").appName("slakit-test")
               .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "2").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_and_duckdb_give_the_same_figures(spark, archive_path, tmp_path):
    months = service_months(START, 1)
    query = Query("acc", months, load_codemap())
    start = INCIDENT[0]
    cut = segments([Window(start, start.replace(hour=12), "SLA §4.13", "maintenance", None)], "acc")
    with Archive(archive_path, read_only=True) as archive:
        sends, receipts = archive.export(tmp_path)
        duck = daily_outcomes(archive.run, query, cut)
    on_spark = daily_outcomes(spark_runner(spark, str(sends), str(receipts)), query, cut)
    assert on_spark == duck
    policy = load_policy()
    spark_months = figures(on_spark, months, policy, query.codemap)
    duck_months = figures(duck, months, policy, query.codemap)
    assert [f.to_dict() for f in spark_months] == [f.to_dict() for f in duck_months]
    april = spark_months[1]
    assert april.excluded_by_clause["SLA §4.13"] > 0 and april.counts["explicit_failure"] > 0
    assert sum(f.total for f in spark_months) == sum(r[-1] for r in duck) > 0


def test_spark_and_duckdb_give_the_same_evidence(spark, archive_path, tmp_path):
    """The same days with records, undelivered counts, coverage and gaps on both engines: the
    statement of each month reads the same whichever engine counted."""
    months = service_months(START, 2)  # the records end on 16 April: the last month is no data
    query = Query("acc", months, load_codemap())
    with Archive(archive_path, read_only=True) as archive:
        sends, receipts = archive.export(tmp_path)
        duck = outcomes(archive.run, query, [])
    on_spark = outcomes(spark_runner(spark, str(sends), str(receipts)), query, [])
    assert on_spark == duck and duck.days[0] == START
    policy = load_policy()
    spark_months = figures(on_spark.rows, months, policy, query.codemap)
    assert [f.undelivered for f in spark_months] == [f.undelivered for f in
                                                     figures(duck.rows, months, policy, query.codemap)]
    assert spark_months[1].undelivered > 0  # EXPIRED, COMFAIL, WTNFAIL, MK:0001 in the sample
    by_duck = evaluate(archive_path, "acc", months, policy)
    by_spark = evaluate(tmp_path, "acc", months, policy, engine="spark")
    assert by_spark.evidence() == by_duck.evidence() and by_spark.record_days == by_duck.record_days
    _, april, may = by_duck.evidence()
    assert april.counts is not None and april.counts.undelivered == spark_months[1].undelivered
    assert may.counts is None and may.covered is None
