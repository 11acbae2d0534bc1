"""From raw send logs and delivery receipts to each service month's availability.

Read (:mod:`.formats`), archive (:mod:`.archive`), classify through a code map
(:mod:`.codemap`), exclude (:mod:`.windows`, SLA §4.10 days) and aggregate (:mod:`.aggregate`);
:mod:`.synth` makes data to try it on, :mod:`.spark` runs the aggregation on a cluster.
"""

from .aggregate import MonthFigures, Query, daily_outcomes, figures
from .archive import Archive, Ingested, ingest
from .codemap import CodeMap, load_codemap, read_codemap
from .evaluate import Evaluation, evaluate
from .synth import synth
from .windows import Window, read_windows, segments

__all__ = [
    "Archive",
    "CodeMap",
    "Evaluation",
    "Ingested",
    "MonthFigures",
    "Query",
    "Window",
    "daily_outcomes",
    "evaluate",
    "figures",
    "ingest",
    "load_codemap",
    "read_codemap",
    "read_windows",
    "segments",
    "synth",
]
