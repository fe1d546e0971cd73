#!/usr/bin/env python3
"""Renders docs/validation.md from the rows the validation tests write.

Usage: make_table.py ROWS.jsonl > validation.md

ROWS.jsonl holds one JSON object per check of a replicated estimate against
theory (tests/support/validation_table.hpp writes them when the tests run
with SVCSIM_VALIDATION_TABLE=ROWS.jsonl). Rows may come in any order (ctest
runs the tests in parallel): they are sorted by section, case and the order
of the checks within the case, so the same results always give the same text.
"""
import json
import re
import sys

# The sections in the order of the document; a row of any other is an error.
SECTIONS = [
    "Single station",
    "Networks",
    "Balancing policies",
    "Station: processor sharing, priorities, disciplines, admission",
    "Caches with contents",
]

HEADER = """\
# Validation against queueing theory

<!-- Written by tests/validation/update_table.sh from the validation tests'
     results; do not edit by hand. The CTest test `validation.table` fails
     when this file is not what the current build gives. -->

Every case below is a scenario built in C++ by a test of `tests/validation/`
and simulated by svcsim, next to the value theory gives for it. These are
the figures of those tests, written by their runs, not copied by hand.

**Method.** Each case is run as R independent replications (seeds 1..R);
each replication starts empty and measures after its warm-up. The svcsim
column is the mean over the replications and its 95 % confidence interval,
mean ± t(0.975, R − 1) × SE with SE the standard error of the mean over
replications (replications are independent, so this holds whatever the
correlation inside a run). A test passes when |mean − theory| ≤ 4 SE (a
t-test that a correct simulator fails once in 1300 checks) plus a stated
systematic allowance, and when 4 SE is at most 3 % of the theory's value
(so no check passes by being noisy). The systematic allowances are: 1/256
of the value for percentiles (the histogram's bucket width), and 0.0005 for
cache hit ratios (the error of Che's approximation and its relatives,
measured on exact caches: `build/tests/svcsim_test_validation "[.model-error]"`).
The column (mean − theory) / SE shows how far each estimate lies from
theory in its own standard errors. Cases share seeds and stream names, so
their deviations are correlated (cases driven by the same exponential
draws tend to err the same way); each check is a test on its own, not a
sample of independent ones. Little's law is also checked on every
node of every run (tests/support/validation_checks.hpp); those checks are
not listed. Times are in milliseconds.

**Reproducing.** Results are deterministic: the same build and seeds give
byte-identical figures, on any number of cores. A change that alters the
random draws or the order of events changes the figures (not whether they
agree with theory): the CTest test `validation.table` then fails, and
`tests/validation/update_table.sh BUILD_DIR` rewrites this file from that
build's validation runs.
"""


def natural_key(text):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def fmt(value, digits=4):
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:
        return f"{value:.{digits}e}"
    return text


def run_length(row):
    return f"{row['replications']} × {fmt(row['duration_s'])} s ({fmt(row['warmup_s'])} s warm-up)"


def render(rows):
    out = [HEADER]
    by_section = {}
    for row in rows:
        if row["section"] not in SECTIONS:
            sys.exit(f"make_table.py: unknown section {row['section']!r} (add it to SECTIONS)")
        by_section.setdefault(row["section"], []).append(row)
    for section in SECTIONS:
        if section not in by_section:
            continue
        section_rows = sorted(by_section[section], key=lambda r: (natural_key(r["case"]), r["seq"]))
        cases = len({r["case"] for r in section_rows})
        out.append(f"## {section}\n")
        out.append(f"{cases} cases, {len(section_rows)} figures.\n")
        out.append("| Case | Model | Run | Figure | Theory | svcsim (95 % CI) | (mean − theory) / SE |")
        out.append("| --- | --- | --- | --- | ---: | ---: | ---: |")
        previous = None
        for r in section_rows:
            figure, scale = r["figure"], 1.0
            if figure.endswith("(s)"):  # times are shown in ms
                figure, scale = figure[: -len("(s)")] + "(ms)", 1e3
            first = r["case"] != previous
            previous = r["case"]
            deviation = (r["mean"] - r["theory"]) / r["standard_error"] if r["standard_error"] > 0 else 0.0
            out.append(
                "| {case} | {model} | {run} | {figure} | {theory} | {mean} ± {half} | {dev:+.2f} |".format(
                    case=f"`{r['case']}`" if first else "",
                    model=r["model"].replace("|", "\\|") if first else "",
                    run=run_length(r) if first else "",
                    figure=figure.replace("|", "\\|"),
                    theory=fmt(r["theory"] * scale),
                    mean=fmt(r["mean"] * scale),
                    half=fmt(r["half_width_95"] * scale, 2),
                    dev=deviation,
                )
            )
        out.append("")
    return "\n".join(out)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    if not rows:
        sys.exit(f"make_table.py: no rows in {sys.argv[1]}")
    seen = set()
    for r in rows:  # the same check twice: two runs wrote into one file, or two cases share a name
        key = (r["case"], r["figure"])
        if key in seen:
            sys.exit(f"make_table.py: row {key} appears twice in {sys.argv[1]}")
        seen.add(key)
    sys.stdout.write(render(rows))


if __name__ == "__main__":
    main()
