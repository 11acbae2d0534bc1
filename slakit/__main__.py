"""``python -m slakit``; also a file ``spark-submit`` can run (hence the absolute import)."""

import sys

from slakit.cli import main

sys.exit(main())
