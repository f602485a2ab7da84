"""Write the committed OpenAPI document: ``python -m interlink.api.openapi docs/openapi.json``.

A test compares the committed file with the app's, so the two cannot drift (``make docs``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from interlink.api.app import create_app
from interlink.settings import Settings


def render() -> str:
    """The app's OpenAPI document, as committed (sorted keys, two-space indent)."""
    spec = create_app(Settings(demo=True)).openapi()
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/openapi.json")
    path.write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
