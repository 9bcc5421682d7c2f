"""How far a share of postings can be trusted: the minimum-n rule and Wilson intervals.

A share drawn from few postings swings wildly (1 of 1 posting is "100%"). Every report
therefore carries ``min_n`` (default :data:`DEFAULT_MIN_N`, ``--min-n`` to change it):
a share whose denominator is under it is marked as unreliable in every format, trend
months under it are greyed out, and a report whose filters leave fewer postings warns.
Each share also comes with its 95% Wilson score interval (``share_low``, ``share_high``),
which stays inside [0, 1] and behaves at shares of 0 and 1, unlike the normal
approximation. ``skillmap diff`` tests the same shares for differences.
"""

from __future__ import annotations

import math

DEFAULT_MIN_N = 30
"""Fewest postings a share is computed over before it is shown as reliable (the usual
rule of thumb for a normal approximation of a proportion)."""
Z_95 = 1.959963984540054  # the 97.5th percentile of the standard normal


def wilson_interval(count: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of ``count`` successes in ``n`` (95% by default).
    With no postings at all nothing is known: (0, 1)."""
    if n <= 0:
        return 0.0, 1.0
    p = count / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # At 0 and n the bound is exactly 0 or 1; rounding would leave 1e-17 on the wrong side.
    low = 0.0 if count <= 0 else max(0.0, centre - half)
    high = 1.0 if count >= n else min(1.0, centre + half)
    return low, high


def check_min_n(min_n: int) -> None:
    from ..errors import ReportError

    if min_n < 1:
        raise ReportError(f"--min-n {min_n}: expected a number of postings of at least 1", code="E605")
