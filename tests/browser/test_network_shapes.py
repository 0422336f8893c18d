"""A shape of its own for every type of node, as the browser draws it: the drawing code knows
every shape graphview.py names, no two fill the same pixels, and the view's key and its SVG
export show each type in its own shape (colour is never the only cue, WCAG 1.4.1)."""

from __future__ import annotations

import io
import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from kb.pages.graphview import ASSETS, STYLES

pytestmark = pytest.mark.browser

VIEW = "document.querySelector('.kb-graph--main').kbView"
SVG = "{http://www.w3.org/2000/svg}"
#: Share of pixels (of the two together) by which any two shapes must differ at a radius of
#: 10 px: the closest of the first nine (circle and hexagon) differ by 0.09, an octagon and a
#: circle by 0.07.
MIN_APART = 0.08
#: How far (as a share of its width or height) a drawn outline may be from the expected one.
SLACK = 0.06

Outline = tuple[str, tuple[tuple[float, float], ...]]


def load_drawing_code(page) -> None:
    page.set_content("<!doctype html><title>shapes</title><p>shapes</p>")
    page.add_script_tag(content=(ASSETS / "graphview-draw.js").read_text())


def outlines(d: str) -> list[Outline]:
    """The outlines of SVG path data as our PathBuilder writes it: ("polygon", points with the
    closing point left out), or ("circle", ()) and ("hole", ()) for a circle and a hole."""
    out: list[tuple[str, list[tuple[float, float]]]] = []
    for cmd, args in re.findall(r"([MLAZ])([^MLAZ]*)", d):
        nums = [float(v) for v in args.split()]
        if cmd == "M":
            out.append(("polygon", [(nums[0], nums[1])]))
        elif cmd == "L":
            out[-1][1].append((nums[0], nums[1]))
        elif cmd == "A":
            out[-1] = ("hole" if nums[4] == 0 else "circle", [])
    return [(kind, tuple(points[:-1] if kind == "polygon" else points)) for kind, points in out]


def normalised(points: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
    """Points around the centre of their box, in units of its larger side: position and size
    gone, shape and turn kept."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    side = max(max(xs) - min(xs), max(ys) - min(ys))
    return tuple(((x - cx) / side, (y - cy) / side) for x, y in points)


def signature(found: list[Outline]) -> Outline:
    """One type's shape from all the outlines drawn in its colour: the largest polygon
    (normalised), or a circle with or without a hole."""
    polygons = [points for kind, points in found if kind == "polygon"]
    if polygons:
        largest = max(polygons, key=lambda ps: max(p[0] for p in ps) - min(p[0] for p in ps))
        return ("polygon", normalised(largest))
    return ("ring" if any(kind == "hole" for kind, _ in found) else "circle", ())


def same(a: Outline, b: Outline) -> bool:
    return a[0] == b[0] and len(a[1]) == len(b[1]) and all(
        abs(p - q) <= SLACK for u, v in zip(a[1], b[1], strict=True)
        for p, q in zip(u, v, strict=True))


def expected(page) -> dict[str, Outline]:
    """Each type's shape as the drawing code outlines it (large, so rounding does not show)."""
    paths = page.evaluate("""(styles) => { const K = window.kbGraph, out = {};
        for (const [type, shape] of Object.entries(styles)) {
            const d = new K.PathBuilder(); K.shapePath(d, shape, 0, 0, 100); out[type] = d.d; }
        return out; }""", {k: shape for k, (_, shape) in STYLES.items()})
    return {k: signature(outlines(d)) for k, d in paths.items()}


def test_the_drawing_code_knows_every_shape_and_no_two_fill_the_same_pixels(page):
    load_drawing_code(page)
    shapes = sorted({shape for _, shape in STYLES.values()})
    known = page.evaluate("Object.keys(window.kbGraph.SHAPES)")
    assert set(shapes) <= set(known), set(shapes) - set(known)
    # every outline fits the key's icons (radius 7.5 in a box of 20)
    extent = page.evaluate("""() => Math.max(...Object.values(window.kbGraph.SHAPES).map(s =>
        s.circle ? 1 : Math.max(...s.points.flat().map(Math.abs))))""")
    assert extent <= 1.25
    masks = page.evaluate("""(names) => { const K = window.kbGraph, out = {};
        for (const name of names) {
            const c = document.createElement('canvas'); c.width = c.height = 40;
            const ctx = c.getContext('2d'), s = new K.CanvasSurface(ctx);
            s.beginPath(); K.shapePath(s, name, 20, 20, 10); s.paint({fill: '#000000'});
            const px = ctx.getImageData(0, 0, 40, 40).data, mask = [];
            for (let i = 3; i < px.length; i += 4) mask.push(px[i] > 127 ? 1 : 0);
            out[name] = mask; }
        return out; }""", shapes)
    close = []
    for a, b in itertools.combinations(shapes, 2):
        differ = sum(p != q for p, q in zip(masks[a], masks[b], strict=True))
        union = sum(p or q for p, q in zip(masks[a], masks[b], strict=True))
        if differ / union < MIN_APART:
            close.append((a, b, round(differ / union, 3)))
    assert not close, close


def test_the_key_shows_a_different_icon_for_each_of_the_fifteen_types(page, site_server):
    page.goto(site_server + "network/")
    page.wait_for_selector(".kb-graph--main[data-drawn]", timeout=15_000)
    key = page.locator(".kb-graph--main .kb-graph__key")
    icons = key.locator("ul").first.locator("li svg path")
    assert icons.count() == len(STYLES)  # the shipped corpus has every type
    assert len(set(icons.evaluate_all("ps => ps.map(p => p.getAttribute('d'))"))) == len(STYLES)
    page.get_by_label("Colour by").select_option("community")
    shapes = key.locator(".kb-graph__shapes li svg path")  # "Shape shows the type:"
    assert len(set(shapes.evaluate_all("ps => ps.map(p => p.getAttribute('d'))"))) == len(STYLES)
    page.kb_watch.assert_clean()


def test_the_svg_export_draws_each_type_in_its_own_shape(page, site_server):
    page.goto(site_server + "network/")
    page.wait_for_selector(".kb-graph--main[data-drawn]", timeout=15_000)
    with page.expect_download() as got:
        page.get_by_role("button", name="Save SVG").click()
    root = ET.parse(io.BytesIO(open(got.value.path(), "rb").read())).getroot()
    by_colour: dict[str, list[Outline]] = {}
    for path in root.iter(f"{SVG}path"):
        by_colour.setdefault(path.get("fill", "none").upper(), []).extend(outlines(path.get("d")))
    drawn = {k: signature(by_colour[colour.upper()]) for k, (colour, _) in STYLES.items()}
    for a, b in itertools.combinations(STYLES, 2):
        assert not same(drawn[a], drawn[b]), f"{a} and {b} are drawn in the same shape"
    want = expected(page)
    assert all(same(drawn[k], want[k]) for k in STYLES), [
        k for k in STYLES if not same(drawn[k], want[k])]
    page.kb_watch.assert_clean()
