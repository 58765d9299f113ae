#!/usr/bin/env python3
"""Benchmark the course build; print a table of figures and ratios against the targets.

    python bench/build_bench.py            # the real course if course.toml lists lessons,
                                           # else the fixture course (tests/fixtures)
    python bench/build_bench.py --profile  # also: where the cold build's time went

Figures: a cold build; the same executions alone in the same pool (papermill only: every
notebook, plus the learner variant of each that has trainer/solution code, as the build runs
them); a no-op rebuild; a rebuild after one lesson changed; the per-lesson learner handout against
``jupyter nbconvert --to webpdf`` (Debian's chromium) and ``--to pdf`` (LaTeX, when installed).
Targets: cold <= 1.3x execution alone; no-op <= 2% of cold; handout >= 50x faster than webpdf.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.course.build import build_course, load_handout  # noqa: E402
from toolkit.course.config import load_course  # noqa: E402
from toolkit.course.execute import execute_all  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def choose_course(tmp: Path):
    real = load_course(ROOT / "course.toml")
    if real.lessons:
        return "real course (course.toml)", real
    shutil.copytree(ROOT / "tests" / "fixtures", tmp / "course")
    return "fixture course (tests/fixtures)", load_course(tmp / "course" / "course.toml")


def webpdf_exporter():
    """nbconvert's WebPDFExporter, launching Debian's chromium instead of a downloaded one."""
    from nbconvert.exporters.webpdf import WebPDFExporter

    class SystemChromiumWebPDF(WebPDFExporter):
        def run_playwright(self, html):
            from playwright import async_api

            real = async_api.async_playwright

            class Patched:
                async def start(self_inner):
                    pw = await real().start()
                    launch = pw.chromium.launch

                    async def launch_system(**kw):
                        kw.setdefault("executable_path", CHROMIUM)
                        return await launch(**kw)

                    pw.chromium.launch = launch_system
                    return pw

            async_api.async_playwright = Patched
            try:
                return super().run_playwright(html)
            finally:
                async_api.async_playwright = real

    return SystemChromiumWebPDF(disable_sandbox=True)


def print_profile(report, alone: float) -> None:
    """Worker seconds per step (summed over notebooks) and the parent's own steps."""
    steps: dict[str, float] = {}
    for r in report.results:
        for name, secs in r.phases.items():
            steps[name] = steps.get(name, 0.0) + secs
    print("Cold build, worker time per step (summed over notebooks, all workers):")
    for name, secs in sorted(steps.items(), key=lambda x: -x[1]):
        print(f"  {name:<22} {secs:7.2f} s")
    print(f"  {'total':<22} {sum(steps.values()):7.2f} s")
    print("Cold build, wall time of the parent's steps:")
    for name, secs in report.phases.items():
        print(f"  {name:<22} {secs:7.2f} s")
    print(f"  {'whole build':<22} {report.seconds:7.2f} s  (execution alone {alone:.2f} s)\n")


def timed(fn, repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def noop_in_fresh_process(course_toml: Path, out: Path, pdf: bool) -> tuple[float, float]:
    """Best of 5: ``build_course.py`` that finds nothing changed, and a bare interpreter."""
    cmd = [sys.executable, str(ROOT / "build_course.py"), "--course", str(course_toml)]
    cmd += ["--out", str(out), "--quiet", *([] if pdf else ["--no-pdf"])]

    def run(args: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        return time.perf_counter() - start

    build = min(run(cmd) for _ in range(5))
    bare = min(run([sys.executable, "-c", "pass"]) for _ in range(5))
    return build, bare


def main(argv: list[str] | None = None) -> int:
    profile = "--profile" in (sys.argv[1:] if argv is None else argv)
    jobs = os.cpu_count() or 1
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        label, course = choose_course(tmp)
        docs = course.documents()
        try:
            handout = load_handout()
            pdf = True
        except Exception as exc:  # noqa: BLE001
            print(f"note: PDFs skipped ({exc})")
            handout, pdf = None, False
        print(f"Benchmarking the {label}: {len(docs)} notebooks, {jobs} workers, pdf={pdf}\n")

        out = tmp / "_build"
        cold_report = build_course(course, out, jobs=jobs, progress=False, pdf=pdf)
        if not cold_report.ok:
            print("the cold build failed:", *[r.error for r in cold_report.failed], sep="\n")
            return 1
        cold = cold_report.seconds
        # The same executions the build runs: every notebook, and the learner variant of each
        # one that is not trainer-only (when it has trainer/solution code to leave out).
        alone = execute_all([(d.id, d.path, not d.trainer_only) for d in docs], {}, jobs=jobs)
        if profile:
            print_profile(cold_report, alone)
        noop = timed(lambda: build_course(course, out, jobs=jobs, progress=False, pdf=pdf), 5)
        fresh, python_alone = noop_in_fresh_process(course.root / "course.toml", out, pdf)

        changed = next(d for d in docs if d.part == "lesson")
        nb = nbformat.read(changed.path, as_version=4)
        nb.cells.append(nbformat.v4.new_markdown_cell("Benchmark change."))
        original = changed.path.read_bytes()
        try:
            nbformat.write(nb, changed.path)
            one = build_course(course, out, jobs=jobs, progress=False, pdf=pdf)
        finally:
            changed.path.write_bytes(original)
        rows += [
            ("cold build", f"{cold:.2f} s", f"{cold / alone:.2f}x execution alone", "<= 1.3x"),
            ("execution alone (same pool)", f"{alone:.2f} s", "", ""),
            (
                "no-op rebuild",
                f"{noop * 1000:.1f} ms",
                f"{100 * noop / cold:.2f}% of cold",
                "<= 2%",
            ),
            (
                "no-op rebuild, fresh process",
                f"{fresh * 1000:.0f} ms",
                f"python -c pass {python_alone * 1000:.0f} ms",
                "< 300 ms",
            ),
            (
                "one lesson changed",
                f"{one.seconds:.2f} s",
                f"{100 * one.seconds / cold:.0f}% of cold",
                f"executed {one.executed}",
            ),
        ]

        if handout is not None:
            learner = [out / "learner" / f"{d.id}.ipynb" for d in docs if not d.trainer_only]
            nbs = [nbformat.read(p, as_version=4) for p in learner]
            handout.render_handout(
                nbs[0], audience="learner", paper="a4", course_title=course.title
            )  # warm up fonts and typst
            per = statistics.mean(
                timed(
                    lambda nb=nb: handout.render_handout(
                        nb, audience="learner", paper="a4", course_title=course.title
                    ),
                    3,
                )
                for nb in nbs
            )
            rows.append(("handout per lesson (typst)", f"{per * 1000:.0f} ms", "", ""))
            if Path(CHROMIUM).exists():
                exporter = webpdf_exporter()
                exporter.from_notebook_node(nbs[0])  # warm up
                web = statistics.mean(
                    timed(lambda nb=nb: exporter.from_notebook_node(nb)) for nb in nbs
                )
                rows.append(
                    (
                        "nbconvert --to webpdf",
                        f"{web * 1000:.0f} ms",
                        f"handout {web / per:.0f}x faster",
                        ">= 50x",
                    )
                )
            else:
                rows.append(("nbconvert --to webpdf", "skipped", f"{CHROMIUM} missing", ""))
            if shutil.which("xelatex"):
                from nbconvert import PDFExporter

                latex = PDFExporter()
                lat = statistics.mean(
                    timed(lambda nb=nb: latex.from_notebook_node(nb)) for nb in nbs
                )
                rows.append(
                    (
                        "nbconvert --to pdf (LaTeX)",
                        f"{lat * 1000:.0f} ms",
                        f"handout {lat / per:.0f}x faster",
                        "",
                    )
                )
            else:
                rows.append(("nbconvert --to pdf (LaTeX)", "skipped", "xelatex not installed", ""))

    widths = [
        max(len(r[i]) for r in rows + [("figure", "time", "ratio", "target")]) for i in range(4)
    ]
    header = ("figure", "time", "ratio", "target")
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return 0


if __name__ == "__main__":
    asyncio.set_event_loop_policy(None)
    raise SystemExit(main())
