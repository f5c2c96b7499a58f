"""The languages docgen writes every paper in."""

LANGS: tuple[str, ...] = ("ru", "kk")
