"""``python -m bot``: the ``whatcanwedo`` command, for where its script is not on the path."""

import sys

from bot.cli import main

sys.exit(main())
