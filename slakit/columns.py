"""Exact decimal columns as int64 arrays scaled by a power of ten, and back: the bulk paths work
in whole fen, micro-yuan and basis points, so every comparison and division is integer arithmetic.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .money import PRICE_PLACES

I64 = np.ndarray[Any, np.dtype[np.int64]]


def decimal_ints(column: pd.Series, places: int) -> I64 | None:
    """The fast path: a column of decimal text, Decimal or int, as int64 scaled by 10**places."""
    if column.dtype.kind in "iu":
        ints: I64 = column.to_numpy(dtype=np.int64) * 10**places
        return ints
    if column.dtype.kind == "f":
        return None
    kind = column.dtype.pyarrow_dtype if isinstance(column.dtype, pd.ArrowDtype) else None
    if (kind is not None and pa.types.is_decimal128(kind) and kind.scale <= places
            and kind.precision + places - kind.scale <= 18):  # fits int64 as it is: no cast
        exact = pa.chunked_array(column.array.__arrow_array__()).combine_chunks()
        if exact.null_count:
            return None
        low: I64 = np.frombuffer(exact.buffers()[1], dtype=np.int64)[2 * exact.offset :: 2][: len(exact)]
        scaled: I64 = low * 10 ** (places - kind.scale)
        return scaled
    try:
        array = pa.array(column.astype(object).tolist() if column.dtype == object else column,
                         from_pandas=True)
        if isinstance(array, pa.ChunkedArray):  # a column read by Arrow's CSV reader, in blocks
            array = array.combine_chunks()
        kind = array.type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)
                or pa.types.is_decimal(kind) or pa.types.is_integer(kind)):
            return None
        if not pa.types.is_decimal(kind) and not pa.types.is_integer(kind) and pc.any(
                pc.match_substring(array, "e", ignore_case=True)).as_py():
            return None  # E-notation: Arrow would read it, the scalar parser refuses it
        array = array.cast(pa.decimal128(18, places))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    if array.null_count:
        return None
    words: I64 = np.frombuffer(array.buffers()[1], dtype=np.int64)
    return words[2 * array.offset :: 2][: len(array)].copy()


def decimal_column(values: I64, places: int, index: pd.Index, mask: np.ndarray | None = None
                    ) -> pd.Series:
    """int64 values scaled by 10**places as an exact Arrow decimal column (zero-copy build)."""
    words = np.empty((len(values), 2), dtype=np.int64)
    words[:, 0] = values
    words[:, 1] = np.where(values < 0, -1, 0)
    validity = None if mask is None else pa.array(~mask).buffers()[1]
    array = pa.Array.from_buffers(pa.decimal128(38, places), len(values),
                                  [validity, pa.py_buffer(words)])
    return pd.Series(array, index=index, dtype=pd.ArrowDtype(array.type))


def micro_yuan(amounts: pd.Series) -> I64:
    """An exact decimal column of :func:`slakit.assess_frame` (yuan) as whole micro-yuan."""
    micro = decimal_ints(amounts, PRICE_PLACES)
    assert micro is not None, "assess_frame gives money as exact decimals"
    return micro


def total_yuan(micro: I64) -> Decimal:
    """The exact total of micro-yuan amounts, in yuan.

    >>> total_yuan(np.array([1_500_000, 2]))
    Decimal('1.500002')
    """
    return Decimal(int(micro.sum())).scaleb(-PRICE_PLACES)
