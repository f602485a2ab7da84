"""The headers of a file served for download or display: named, never cached, never sniffed,
and run in a sandbox that loads nothing if opened on its own."""

from __future__ import annotations


def download_headers(
    filename: str, disposition: str = "attachment", *, inline_styles: bool = False
) -> dict[str, str]:
    """``filename`` must already be safe in a header. ``inline_styles`` lets an SVG's own
    ``style`` attributes apply."""
    styles = " style-src 'unsafe-inline';" if inline_styles else ""
    policy = f"default-src 'none';{styles} sandbox"
    return {
        "Content-Disposition": f'{disposition}; filename="{filename}"',
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": policy,
        "Cache-Control": "no-store",
    }
