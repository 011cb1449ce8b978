#!/usr/bin/env python3
"""Mutation check (make mutate): does the fast suite notice small bugs?

Applies one small operator mutation at a time to the pure modules (money,
words, settle, report, text, date: no I/O, no SQLite), rebuilds, runs the
fast suite (every Criterion binary but the reliability and benchmark ones)
and counts the mutants it kills. The sample is fixed: every candidate site
is listed in file and line order and shuffled with a fixed seed, and the
first N that compile are tried, so two runs on the same tree try the same
mutants and the score is reproducible. A mutant the compiler rejects
(-Werror sees "x || x" and the like) is stillborn: it is reported, and
neither counted as killed nor part of the N.

    tests/mutate/mutate.py [--sample 50] [--seed 2026] [--list] [--keep]

The sources are copied into build-mutate/tree and mutated there; the work
tree is never touched, so an interrupted run leaves nothing behind.
Exit status: 0 when at least --min (90%) of the sample is killed, else 1.
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODULES = ["money", "words", "settle", "report", "text", "date"]

# (pattern, replacement, name). Patterns avoid '<<', '->', '<=' inside
# '<<=' and the like by requiring spaces around binary operators, which
# .clang-format guarantees.
MUTATIONS = [
    (r" < ", " <= ", "< -> <="),
    (r" <= ", " < ", "<= -> <"),
    (r" > ", " >= ", "> -> >="),
    (r" >= ", " > ", ">= -> >"),
    (r" == ", " != ", "== -> !="),
    (r" != ", " == ", "!= -> =="),
    (r" && ", " || ", "&& -> ||"),
    (r" \|\| ", " && ", "|| -> &&"),
    (r" \+ 1\b", " + 2", "+ 1 -> + 2"),
    (r" - 1\b", " - 2", "- 1 -> - 2"),
]


def code_lines(text):
    """Yields (index, line) of lines that are code: not comments, not
    preprocessor, not inside a block comment, not a static table."""
    in_comment = False
    for i, line in enumerate(text.split("\n")):
        s = line.strip()
        if in_comment:
            if "*/" in s:
                in_comment = False
            continue
        if s.startswith("/*"):
            if "*/" not in s:
                in_comment = True
            continue
        if s.startswith("*") or s.startswith("//") or s.startswith("#"):
            continue
        yield i, line


def strip_strings(line):
    """The line with string and char literals blanked, so that operators
    inside them are not counted as sites."""
    return re.sub(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'', lambda m: "_" * len(m.group(0)), line)


def candidates():
    sites = []
    for mod in MODULES:
        path = os.path.join("src", mod + ".c")
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            text = f.read()
        for i, line in code_lines(text):
            # Code before a trailing comment only.
            code = strip_strings(line)
            cut = code.find("/*")
            if cut >= 0:
                code = code[:cut]
            for k, (pat, _, _) in enumerate(MUTATIONS):
                for m in re.finditer(pat, code):
                    sites.append((path, i, m.start(), k))
    return sites


def apply(tree, site):
    path, i, col, k = site
    pat, rep, _ = MUTATIONS[k]
    full = os.path.join(tree, path)
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        lines = f.read().split("\n")
    line = lines[i]
    m = re.compile(pat).match(line, col)
    assert m, (path, i, col, line)
    lines[i] = line[:col] + m.expand(rep) + line[m.end():]
    with open(full, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return line.strip(), lines[i].strip()


def restore(tree, site):
    shutil.copy2(os.path.join(ROOT, site[0]), os.path.join(tree, site[0]))


def run(cmd, cwd, timeout):
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=timeout)
        return p.returncode
    except subprocess.TimeoutExpired:
        return -1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--min", type=float, default=90.0, help="required kill percentage")
    ap.add_argument("--list", action="store_true", help="list the sample and stop")
    ap.add_argument("--keep", action="store_true", help="keep build-mutate afterwards")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()

    sites = candidates()
    order = sorted(sites)
    random.Random(args.seed).shuffle(order)
    print(f"{len(sites)} candidate mutations in src/{{{','.join(MODULES)}}}.c; "
          f"the first {args.sample} that compile, in an order shuffled with seed {args.seed}")
    if args.list:
        for s in order[:args.sample]:
            print(f"  {s[0]}:{s[1] + 1}: {MUTATIONS[s[3]][2]}")
        return 0

    work = os.path.join(ROOT, "build-mutate")
    tree = os.path.join(work, "tree")
    build = os.path.join(work, "build")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(tree)
    for d in ["src", "include", "tests", "templates", "po", "docs", "examples"]:
        if os.path.isdir(os.path.join(ROOT, d)):
            shutil.copytree(os.path.join(ROOT, d), os.path.join(tree, d), symlinks=True)
    shutil.copy2(os.path.join(ROOT, "CMakeLists.txt"), tree)
    if run(["cmake", "-S", tree, "-B", build, "-DCMAKE_BUILD_TYPE=RelWithDebInfo"], ROOT,
           600) != 0 or run(["cmake", "--build", build, "-j", str(args.jobs)], ROOT, 1200) != 0:
        print("mutate: the unmutated tree does not build", file=sys.stderr)
        return 2
    ctest = ["ctest", "-j", str(args.jobs), "--stop-on-failure", "-E",
             "test_reliability|test_bench"]
    if run(ctest, build, 900) != 0:
        print("mutate: the fast suite fails without any mutation", file=sys.stderr)
        return 2

    killed, tried, stillborn, survivors = 0, 0, 0, []
    for site in order:
        if tried == args.sample:
            break
        before, after = apply(tree, site)
        t0 = time.time()
        where = f"{site[0]}:{site[1] + 1}: {MUTATIONS[site[3]][2]}"
        if run(["cmake", "--build", build, "-j", str(args.jobs)], ROOT, 600) != 0:
            stillborn += 1
            restore(tree, site)
            print(f"[--/{args.sample}] {where}: stillborn (does not compile)", flush=True)
            continue
        tried += 1
        if run(ctest, build, 600) != 0:
            verdict = "killed"
            killed += 1
        else:
            verdict = "SURVIVED"
            survivors.append((site, before, after))
        restore(tree, site)
        print(f"[{tried:2}/{args.sample}] {where}: {verdict} ({time.time() - t0:.0f} s)",
              flush=True)
    # Leave the build matching the sources.
    run(["cmake", "--build", build, "-j", str(args.jobs)], ROOT, 600)
    pct = 100.0 * killed / max(tried, 1)
    print(f"\nkilled {killed} of {tried} mutants ({pct:.0f}%); {len(survivors)} survived; "
          f"{stillborn} stillborn (rejected by the compiler, not counted)")
    for site, before, after in survivors:
        print(f"  survived {site[0]}:{site[1] + 1}: {before}\n"
              f"                  -> {after}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if pct >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
