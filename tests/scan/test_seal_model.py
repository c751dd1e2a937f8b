"""Learning the committee's seal from stamped blanks and matching a page's seal against it."""

from __future__ import annotations

import math

import cv2
import numpy as np

from daihoi.scan.seal import learn_seal, match_seal

SCALE = 2.0


def _area(
    seed: int,
    *,
    radius: float = 36.0,
    colour: tuple[int, int, int] = (60, 40, 210),
    star: bool = True,
    shift: float = 0.0,
) -> np.ndarray:
    """A seal-area crop at 2 px/pt: thin double ring, lettering between the rings, a star."""
    rng = np.random.default_rng(seed)
    area = np.full((170, 226, 3), 255, np.uint8)
    cx, cy = 113 + shift + rng.uniform(-6, 6), 85 + rng.uniform(-4, 4)
    r = radius * SCALE
    for k in (1.0, 0.93, 0.62):
        cv2.circle(area, (round(cx), round(cy)), round(r * k), colour, 2, cv2.LINE_AA)
    turn = rng.uniform(0, 6.28)
    for i in range(34):
        a = turn + i * 2 * math.pi / 34
        p0 = (round(cx + 0.68 * r * math.cos(a)), round(cy + 0.68 * r * math.sin(a)))
        p1 = (round(cx + 0.86 * r * math.cos(a)), round(cy + 0.86 * r * math.sin(a)))
        cv2.line(area, p0, p1, colour, 1, cv2.LINE_AA)
    if star:
        pts = [
            (
                cx + r * (0.36 if i % 2 == 0 else 0.15) * math.cos(-math.pi / 2 + i * math.pi / 5),
                cy + r * (0.36 if i % 2 == 0 else 0.15) * math.sin(-math.pi / 2 + i * math.pi / 5),
            )
            for i in range(10)
        ]
        cv2.fillPoly(area, [np.array(pts, np.int32)], colour, cv2.LINE_AA)
    return area


def test_the_committees_seal_matches_and_others_do_not() -> None:
    model = learn_seal([_area(i) for i in range(4)], SCALE)
    assert model is not None and model.samples == 4 and model.hue == "red"
    assert abs(model.radius - 36.0) < 3
    assert match_seal(_area(10), model, SCALE) >= 0.8
    assert match_seal(_area(11, colour=(170, 60, 40)), model, SCALE) == 0.0  # a blue stamp
    assert match_seal(_area(12, radius=24.0), model, SCALE) < 0.3  # a smaller seal
    assert match_seal(np.full((170, 226, 3), 255, np.uint8), model, SCALE) == 0.0


def test_no_model_without_a_seal_in_the_samples() -> None:
    assert learn_seal([np.full((170, 226), 255, np.uint8)], SCALE) is None
