"""pyHanko imported once, without the deprecation warnings its own imports raise.

pyHanko 0.38 imports ``DSAPrivateKey`` from cryptography, which warns from cryptography 51 on
(``CryptographyDeprecationWarning: DSA is deprecated``). docgen never signs or checks with DSA,
so that one category is silenced for imports made from pyHanko's modules only; every other
warning still shows (and the tests still turn docgen's own into errors).
"""

from __future__ import annotations

import warnings
from functools import cache


@cache
def load_pyhanko() -> None:
    """Import the pyHanko modules docgen uses; call before any ``from pyhanko… import``."""
    from cryptography.utils import CryptographyDeprecationWarning

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=CryptographyDeprecationWarning,
                                module=r"pyhanko(_certvalidator)?(\.|$)")
        import pyhanko.sign
        import pyhanko.sign.validation  # noqa: F401
        import pyhanko_certvalidator  # noqa: F401
