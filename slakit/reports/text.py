"""Report wording in Chinese and English. Keys are shared; ``text(lang, key, **values)`` fills them."""

from __future__ import annotations

from ..words import say


def text(lang: str, key: str, **values: object) -> str:
    """A phrase of the report in ``lang``, with ``values`` filled in.

    >>> text("zh", "headline_claim", month="2026-04-01 至 2026-04-30", status="应赔偿，2026-05-12 起可申请")
    '下一项申请：2026-04-01 至 2026-04-30，应赔偿，2026-05-12 起可申请。'
    """
    return say(lang, f"report.{key}", **values)
