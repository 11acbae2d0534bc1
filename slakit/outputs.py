"""Where slakit writes: a folder made on demand, or refused with the option and the reason.

>>> output_folder("/proc/slakit", "--out")
Traceback (most recent call last):
...
slakit.errors.InputError: field '--out' = '/proc/slakit': cannot be made: No such file or directory
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError, os_reason
from .words import says


def output_folder(path: str | Path, field: str) -> Path:
    """``path`` as a writable folder, made with its parents if missing."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InputError(field, str(path), says("error.not_folder")) from None
    except OSError as error:
        raise InputError(field, str(path), says("error.cannot_make", why=os_reason(error))) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(field, str(path), says("error.not_writable"))
    return folder


def output_file(path: str | Path, field: str) -> Path:
    """``path`` as a file that can be written: its folder exists and it is not a folder itself."""
    target = Path(path)
    if target.is_dir():
        raise InputError(field, str(path), says("error.not_file"))
    folder = target.parent
    if not folder.is_dir():
        raise InputError(field, str(path), says("error.no_parent", folder=str(folder)))
    if not os.access(folder, os.W_OK | os.X_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise InputError(field, str(path), says("error.write_denied"))

    return target
